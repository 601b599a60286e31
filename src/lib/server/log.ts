import { pino, type Logger } from 'pino';
import { env } from './env.ts';

let root: Logger | undefined;

/** The process logger (pino, JSON lines). Never pass personal data or secrets to it. */
export function log(): Logger {
	return (root ??= pino({
		level: env().LOG_LEVEL,
		base: { pid: process.pid },
		redact: { paths: ['*.password', '*.token', '*.cookie', '*.email', 'req.headers.cookie'], remove: true }
	}));
}
