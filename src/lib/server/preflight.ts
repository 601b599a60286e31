import { db } from './db/client.ts';
import { ConfigError } from './errors.ts';
import { assertServicesReachable } from './health.ts';
import { pendingMigrations, readMigrations } from './db/migrate.ts';
import { env } from './env.ts';
import { log } from './log.ts';

/**
 * What every long-running process checks before it starts: the configuration parses, PostgreSQL
 * and Redis answer, and the database schema is up to date.
 */
export async function preflight(): Promise<void> {
	env();
	await assertServicesReachable();
	const pending = await pendingMigrations(db(), await readMigrations());
	if (pending.length) {
		throw new ConfigError(`the database is missing ${pending.length} migration(s) (${pending.join(', ')}): run "npm run migrate" first`);
	}
	await assertLeastPrivilege();
}

/**
 * The portal and workers must not be able to rewrite the audit log: refused in production when
 * DATABASE_URL connects as a superuser or as a role that may change or owns audit_log; a warning elsewhere.
 */
async function assertLeastPrivilege(): Promise<void> {
	const [role] = await db()<{ user: string; superuser: boolean; mayRewrite: boolean }[]>`
		select current_user as user, r.rolsuper as superuser,
		       has_table_privilege('audit_log', 'UPDATE') or has_table_privilege('audit_log', 'DELETE')
		       or pg_has_role(current_user, (select relowner from pg_class where oid = 'audit_log'::regclass), 'MEMBER') as may_rewrite
		from pg_roles r where r.rolname = current_user`;
	if (!role.superuser && !role.mayRewrite) return;
	const problem = `DATABASE_URL connects as "${role.user}", which ${role.superuser ? 'is a superuser' : 'may change the audit log'}: connect as ketentafel_app (README, "Databaserollen")`;
	if (env().production) throw new ConfigError(problem);
	log().warn(problem);
}
