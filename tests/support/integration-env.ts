import { inject } from 'vitest';
import { resetEnv } from '../../src/lib/server/env.ts';

process.env.NODE_ENV = 'test';
process.env.DATABASE_URL = inject('databaseUrl');
process.env.REDIS_PREFIX = inject('redisPrefix');
process.env.LOG_LEVEL = 'silent';
resetEnv();
