import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/lib/server/env.ts';
import { ConfigError } from '../../src/lib/server/errors.ts';

describe('parseEnv', () => {
	it('has defaults that work on this machine', () => {
		const env = parseEnv({});
		expect(env.PORT).toBe(3000);
		expect(env.DATABASE_URL).toBe('postgres://ketentafel_app@127.0.0.1:5432/ketentafel');
		expect(env.MIGRATION_DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/ketentafel');
		expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379/0');
		expect(env.ORIGIN).toBe('http://localhost:3000');
		expect(env.ENCRYPTION_KEY).toHaveLength(32);
		expect(env.production).toBe(false);
	});

	it('derives the migrator from DATABASE_URL as user postgres, without its password', () => {
		expect(parseEnv({ DATABASE_URL: 'postgres://ketentafel_app:geheim@db.local:5433/kt' }).MIGRATION_DATABASE_URL).toBe(
			'postgres://postgres@db.local:5433/kt'
		);
		expect(parseEnv({ MIGRATION_DATABASE_URL: 'postgres://eigenaar@db/kt' }).MIGRATION_DATABASE_URL).toBe('postgres://eigenaar@db/kt');
	});

	it('derives ORIGIN from PORT and strips a trailing slash', () => {
		expect(parseEnv({ PORT: '4100' }).ORIGIN).toBe('http://localhost:4100');
		expect(parseEnv({ ORIGIN: 'https://kt.example.nl/' }).ORIGIN).toBe('https://kt.example.nl');
	});

	it.each([
		[{ PORT: 'abc' }, /^PORT must be a port number.*\(got "abc"\)$/],
		[{ PORT: '70000' }, /^PORT must be between 1 and 65535/],
		[{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must be a postgres: or postgresql:\/\/ URL/],
		[{ REDIS_URL: 'nonsense' }, /^REDIS_URL must be a redis: or rediss:\/\/ URL/],
		[{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
		[{ SESSION_TTL_HOURS: '-1' }, /^SESSION_TTL_HOURS must be greater than 0/],
		[{ ENCRYPTION_KEY: 'short' }, /^ENCRYPTION_KEY must be 32 random bytes/],
		[{ NODE_ENV: 'production' }, /^ORIGIN is required in production/]
	])('names the variable and the fix for %o', (source, message) => {
		expect(() => parseEnv(source)).toThrow(ConfigError);
		expect(() => parseEnv(source)).toThrow(message);
	});

	it('never echoes a secret-bearing value', () => {
		try {
			parseEnv({ DATABASE_URL: 'mysql://user:geheim@host/db' });
			expect.unreachable();
		} catch (error) {
			expect((error as Error).message).not.toContain('geheim');
		}
	});

	it('requires ENCRYPTION_KEY in production', () => {
		expect(() => parseEnv({ NODE_ENV: 'production', ORIGIN: 'https://kt.example.nl' })).toThrow(
			/^ENCRYPTION_KEY is required in production/
		);
		const key = Buffer.alloc(32, 7).toString('base64');
		expect(() => parseEnv({ NODE_ENV: 'production', ORIGIN: 'https://kt.example.nl', ENCRYPTION_KEY: key })).toThrow(
			/^MIGRATION_DATABASE_URL is required in production/
		);
		const env = parseEnv({
			NODE_ENV: 'production',
			ORIGIN: 'https://kt.example.nl',
			ENCRYPTION_KEY: key,
			MIGRATION_DATABASE_URL: 'postgres://ketentafel_owner@db/kt'
		});
		expect(env.production).toBe(true);
		expect(env.ENCRYPTION_KEY.equals(Buffer.alloc(32, 7))).toBe(true);
	});
});
