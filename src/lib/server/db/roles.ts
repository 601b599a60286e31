import type { Sql, Tx } from './client.ts';

/** Owns every table, sequence, type and function; migrations run as this role. No login needed. */
export const OWNER_ROLE = 'ketentafel_owner';
/** The portal and the workers connect as this role: no superuser, owns nothing, only the grants below. */
export const APP_ROLE = 'ketentafel_app';
/** Tables the application may only read and append to (the audit log and its tamper evidence). */
export const APPEND_ONLY_TABLES = ['audit_log', 'audit_seals', 'audit_verifications'] as const;

/** The migrating role cannot set up or become the owner role; names what the DBA has to do. */
export class DatabaseRoleError extends Error {
	override name = 'DatabaseRoleError';
}

interface Powers {
	user: string;
	superuser: boolean;
	createRole: boolean;
}

async function powers(sql: Sql | Tx): Promise<Powers> {
	const [row] = await sql<
		Powers[]
	>`select current_user as user, rolsuper as superuser, rolcreaterole as create_role from pg_roles where rolname = current_user`;
	return row;
}

async function createRoleIfMissing(sql: Sql, name: string, options: string): Promise<void> {
	const [exists] = await sql`select 1 from pg_roles where rolname = ${name}`;
	if (exists) return;
	try {
		await sql.unsafe(`create role ${name} ${options}`);
	} catch (error) {
		const code = (error as { code?: string }).code;
		if (code !== '42710' && code !== '23505') throw error; // created by a racing migrator
	}
}

/**
 * Creates the owner and application roles when they are missing and the migrating role may
 * create roles (a development or CI machine, where it is the postgres superuser). In production
 * the DBA creates them beforehand (README, "Databaserollen"); then this does nothing.
 */
export async function ensureRoles(sql: Sql): Promise<void> {
	const me = await powers(sql);
	if (!me.superuser && !me.createRole) return;
	await createRoleIfMissing(sql, OWNER_ROLE, 'nologin');
	// no password: a development machine trusts local connections; production sets one (README)
	await createRoleIfMissing(sql, APP_ROLE, 'login nosuperuser nocreatedb nocreaterole noinherit');
}

/**
 * Inside the migration transaction: hands objects an earlier migrator created to the owner role
 * (a database migrated before roles existed), then continues as the owner role, so that every
 * object a migration creates belongs to it and never to the application.
 */
export async function becomeOwner(tx: Tx): Promise<void> {
	const me = await powers(tx);
	if (me.user === OWNER_ROLE) return;
	const [member] = await tx`select pg_has_role(current_user, ${OWNER_ROLE}, 'MEMBER') as ok`.catch(() => [{ ok: false }]);
	if (!me.superuser && !member?.ok) {
		throw new DatabaseRoleError(
			`the migrating role "${me.user}" can neither create nor become ${OWNER_ROLE}: run migrations as ${OWNER_ROLE} (MIGRATION_DATABASE_URL) or as a superuser; see README, "Databaserollen"`
		);
	}
	if (me.superuser) {
		await tx.unsafe(`grant usage, create on schema public to ${OWNER_ROLE}`);
		// as the database's owner would have it in production: trusted extensions (pg_trgm) need CREATE on it
		await tx.unsafe(`do $$ begin execute format('grant create on database %I to ${OWNER_ROLE}', current_database()); end $$`);
		await tx.unsafe(`revoke create on schema public from public`);
		await tx.unsafe(ADOPT_OBJECTS);
	}
	await tx.unsafe(`set local role ${OWNER_ROLE}`);
}

// Tables, views and free-standing sequences, then functions and enum/domain types of the public
// schema that another role owns; sequences of serial/identity columns follow their table.
const ADOPT_OBJECTS = `
do $$
declare r record;
begin
  for r in
    select c.oid::regclass as name, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S') and pg_get_userbyid(c.relowner) <> '${OWNER_ROLE}'
      and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i', 'e'))
  loop
    execute format('alter %s %s owner to ${OWNER_ROLE}',
      case r.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view' else 'table' end, r.name);
  end loop;
  for r in
    select p.oid::regprocedure as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and pg_get_userbyid(p.proowner) <> '${OWNER_ROLE}'
      and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
  loop
    execute format('alter routine %s owner to ${OWNER_ROLE}', r.name);
  end loop;
  for r in
    select t.oid::regtype as name from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where n.nspname = 'public' and t.typtype in ('e', 'd') and pg_get_userbyid(t.typowner) <> '${OWNER_ROLE}'
  loop
    execute format('alter type %s owner to ${OWNER_ROLE}', r.name);
  end loop;
end $$`;

/**
 * The application role's privileges, granted afresh after every migration run so that a new
 * table is usable at once: read and write on every table, but on the audit tables only SELECT
 * and INSERT, and on schema_migrations only SELECT. It owns nothing, so it cannot ALTER, DROP or
 * disable a trigger; not being a superuser, it cannot SET session_replication_role.
 */
export async function grantApplication(tx: Tx): Promise<void> {
	const [app] = await tx`select 1 from pg_roles where rolname = ${APP_ROLE}`;
	if (!app) {
		throw new DatabaseRoleError(`role ${APP_ROLE} does not exist: create it first (README, "Databaserollen")`);
	}
	await tx.unsafe(`
		grant usage on schema public to ${APP_ROLE};
		revoke all on all tables in schema public from ${APP_ROLE};
		grant select, insert, update, delete on all tables in schema public to ${APP_ROLE};
		grant usage, select on all sequences in schema public to ${APP_ROLE};
		revoke insert, update, delete on schema_migrations from ${APP_ROLE};
		revoke update, delete on ${APPEND_ONLY_TABLES.join(', ')} from ${APP_ROLE};`);
}
