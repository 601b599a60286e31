import { z } from 'zod';
import { ConfigError } from './errors.ts';

const port = (name: string) =>
	z.coerce
		.number({ error: `${name} must be a port number, e.g. ${name}=3000` })
		.int({ error: `${name} must be a whole number between 1 and 65535` })
		.min(1, { error: `${name} must be between 1 and 65535` })
		.max(65535, { error: `${name} must be between 1 and 65535` });

const urlWithProtocol = (name: string, protocols: string[], example: string) =>
	z.string().refine(
		(value) => {
			try {
				return protocols.includes(new URL(value).protocol);
			} catch {
				return false;
			}
		},
		{ error: `${name} must be a ${protocols.join(' or ')}// URL, e.g. ${name}=${example}` }
	);

const positive = (name: string, example: number) =>
	z.coerce
		.number({ error: `${name} must be a number, e.g. ${name}=${example}` })
		.positive({ error: `${name} must be greater than 0, e.g. ${name}=${example}` });

const wholeNumber = (name: string, example: number, max: number) =>
	z.coerce
		.number({ error: `${name} must be a whole number, e.g. ${name}=${example}` })
		.int({ error: `${name} must be a whole number, e.g. ${name}=${example}` })
		.min(1, { error: `${name} must be between 1 and ${max}, e.g. ${name}=${example}` })
		.max(max, { error: `${name} must be between 1 and ${max}, e.g. ${name}=${example}` });

/** The same database URL for another user, without a password (the development default of the migrator). */
function asUser(url: string, user: string): string {
	const parsed = new URL(url);
	parsed.username = user;
	parsed.password = '';
	return parsed.toString();
}

const DEV_ENCRYPTION_KEY = 'a2V0ZW50YWZlbC1kZXYtb25seS1lbmNyeXB0aW9uLWs='; // 32 bytes, demo only

const schema = z
	.object({
		NODE_ENV: z
			.enum(['development', 'test', 'production'], {
				error: 'NODE_ENV must be development, test or production'
			})
			.default('development'),
		HOST: z.string().min(1).default('127.0.0.1'),
		PORT: port('PORT').default(3000),
		ORIGIN: urlWithProtocol('ORIGIN', ['http:', 'https:'], 'https://ketentafel.example.nl').optional(),
		/** How the portal and workers connect: the application role, which owns nothing (README, "Databaserollen"). */
		DATABASE_URL: urlWithProtocol(
			'DATABASE_URL',
			['postgres:', 'postgresql:'],
			'postgres://ketentafel_app@127.0.0.1:5432/ketentafel'
		).default('postgres://ketentafel_app@127.0.0.1:5432/ketentafel'),
		/** How `npm run migrate` connects: the owner role or a superuser. Defaults to DATABASE_URL as user postgres. */
		MIGRATION_DATABASE_URL: urlWithProtocol(
			'MIGRATION_DATABASE_URL',
			['postgres:', 'postgresql:'],
			'postgres://ketentafel_owner@127.0.0.1:5432/ketentafel'
		).optional(),
		DATABASE_POOL_SIZE: positive('DATABASE_POOL_SIZE', 10).default(10),
		/** Longest a statement of the portal may run (PostgreSQL statement_timeout). */
		DATABASE_STATEMENT_TIMEOUT_SECONDS: positive('DATABASE_STATEMENT_TIMEOUT_SECONDS', 20).default(20),
		/** Longest a statement of the workers may run (the full dashboard rollup is one long job). */
		WORKER_STATEMENT_TIMEOUT_SECONDS: positive('WORKER_STATEMENT_TIMEOUT_SECONDS', 600).default(600),
		/** A transaction left idle this long is ended by PostgreSQL, releasing its locks. */
		DATABASE_IDLE_IN_TRANSACTION_SECONDS: positive('DATABASE_IDLE_IN_TRANSACTION_SECONDS', 10).default(10),
		/** A page or API request that has not answered after this long gets a 503. */
		REQUEST_TIMEOUT_SECONDS: positive('REQUEST_TIMEOUT_SECONDS', 30).default(30),
		REDIS_URL: urlWithProtocol('REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379/0').default('redis://127.0.0.1:6379/0'),
		REDIS_PREFIX: z
			.string()
			.regex(/^[A-Za-z0-9:_-]{1,40}$/, {
				error: 'REDIS_PREFIX may hold only letters, digits, ":", "_" and "-", e.g. REDIS_PREFIX=kt:'
			})
			.default('kt:'),
		SESSION_TTL_HOURS: positive('SESSION_TTL_HOURS', 8).default(8),
		/** Absolute maximum of a session, counted from the sign-in, however often it slides: one working day. */
		SESSION_MAX_HOURS: positive('SESSION_MAX_HOURS', 10).default(10),
		ENCRYPTION_KEY: z
			.string()
			.refine((value) => Buffer.from(value, 'base64').length === 32, {
				error: 'ENCRYPTION_KEY must be 32 random bytes in base64; make one with: openssl rand -base64 32'
			})
			.optional(),
		LOG_LEVEL: z
			.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
				error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'
			})
			.default('info'),
		HEARTBEAT_SECONDS: positive('HEARTBEAT_SECONDS', 30).default(30),
		WORKER_CONCURRENCY: positive('WORKER_CONCURRENCY', 4).default(4),
		SLA_RECONCILE_SECONDS: positive('SLA_RECONCILE_SECONDS', 60).default(60),
		// Retention (docs/PRIVACY.md, "Bewaartermijnen"): the nightly job's periods in days and its batch size.
		/** Free texts and person labels of a closed case: pseudonymised this long after its monitoring ended. */
		RETENTION_CASE_TEXT_DAYS: wholeNumber('RETENTION_CASE_TEXT_DAYS', 180, 3650).default(180),
		/** Read notifications: deleted this long after they were sent. */
		RETENTION_READ_NOTIFICATION_DAYS: wholeNumber('RETENTION_READ_NOTIFICATION_DAYS', 30, 3650).default(30),
		/** Unread notifications: deleted this long after they were sent. */
		RETENTION_UNREAD_NOTIFICATION_DAYS: wholeNumber('RETENTION_UNREAD_NOTIFICATION_DAYS', 90, 3650).default(90),
		/** Revoked API tokens: name and hash removed this long after the revocation (the row stays for the audit log). */
		RETENTION_REVOKED_TOKEN_DAYS: wholeNumber('RETENTION_REVOKED_TOKEN_DAYS', 180, 3650).default(180),
		/** Rows (cases, for the case texts) one transaction of the retention job changes at most. */
		RETENTION_BATCH_SIZE: wholeNumber('RETENTION_BATCH_SIZE', 500, 10000).default(500),
		/** The SMTP server the workers send e-mail through; without it no e-mail is sent (README, "E-mail"). */
		SMTP_URL: urlWithProtocol('SMTP_URL', ['smtp:', 'smtps:'], 'smtps://gebruiker:wachtwoord@smtp.example.nl:465').optional(),
		/** The sender of every e-mail: an address, or a name and an address. */
		MAIL_FROM: z
			.string()
			.trim()
			.regex(/^(?:[^<>@\r\n]{1,80} <[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/, {
				error: 'MAIL_FROM must be an e-mail address, or a name and an address, e.g. MAIL_FROM="Ketentafel <noreply@ketentafel.example.nl>"'
			})
			.optional()
	})
	.transform((value, ctx) => {
		const production = value.NODE_ENV === 'production';
		if (production && !value.ORIGIN) {
			ctx.addIssue({
				code: 'custom',
				path: ['ORIGIN'],
				message: 'ORIGIN is required in production: the public URL, e.g. ORIGIN=https://ketentafel.example.nl'
			});
		}
		if (production && !value.ENCRYPTION_KEY) {
			ctx.addIssue({
				code: 'custom',
				path: ['ENCRYPTION_KEY'],
				message: 'ENCRYPTION_KEY is required in production; make one with: openssl rand -base64 32'
			});
		}
		if (production && !value.MIGRATION_DATABASE_URL) {
			ctx.addIssue({
				code: 'custom',
				path: ['MIGRATION_DATABASE_URL'],
				message:
					'MIGRATION_DATABASE_URL is required in production: the owner role migrations run as, e.g. MIGRATION_DATABASE_URL=postgres://ketentafel_owner@db.example.nl:5432/ketentafel'
			});
		}
		if (value.SMTP_URL && !value.MAIL_FROM) {
			ctx.addIssue({
				code: 'custom',
				path: ['MAIL_FROM'],
				message:
					'MAIL_FROM is required when SMTP_URL is set: the sender of the e-mails, e.g. MAIL_FROM="Ketentafel <noreply@ketentafel.example.nl>"'
			});
		}
		if (value.RETENTION_UNREAD_NOTIFICATION_DAYS < value.RETENTION_READ_NOTIFICATION_DAYS) {
			ctx.addIssue({
				code: 'custom',
				path: ['RETENTION_UNREAD_NOTIFICATION_DAYS'],
				message: `RETENTION_UNREAD_NOTIFICATION_DAYS must be at least RETENTION_READ_NOTIFICATION_DAYS (${value.RETENTION_READ_NOTIFICATION_DAYS}): unread notifications are kept longer than read ones`
			});
		}
		return {
			...value,
			ORIGIN: (value.ORIGIN ?? `http://localhost:${value.PORT}`).replace(/\/$/, ''),
			ENCRYPTION_KEY: Buffer.from(value.ENCRYPTION_KEY ?? DEV_ENCRYPTION_KEY, 'base64'),
			MIGRATION_DATABASE_URL: value.MIGRATION_DATABASE_URL ?? asUser(value.DATABASE_URL, 'postgres'),
			production
		};
	});

export type Env = z.output<typeof schema>;

/** Parses configuration from an environment object; throws ConfigError naming the first bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
	const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
	const result = schema.safeParse(cleaned);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const variable = String(issue.path[0] ?? 'environment');
	const got = cleaned[variable];
	const shown = got === undefined || /URL|KEY/.test(variable) ? '' : ` (got "${got}")`;
	throw new ConfigError(`${issue.message}${shown}`);
}

let cached: Env | undefined;

/** The process configuration, parsed once from process.env. */
export function env(): Env {
	return (cached ??= parseEnv(process.env));
}

/** Forget the parsed configuration (tests that change process.env). */
export function resetEnv(): void {
	cached = undefined;
}
