import { isUuid } from '../ids.ts';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Sql } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { sha256Hex } from '../auth/crypto.ts';
import type { OrganisationKind } from '../auth/roles.ts';
import type { RequestOrigin } from '../auth/service.ts';
import { audit } from '../audit/log.ts';
import { auditActorOf, type Actor } from '../actor.ts';
import { ConflictError, ForbiddenError, InputError } from '../errors.ts';
import { API_SCOPES, SCOPE_HOLDERS, scopesFor, TOKEN_KINDS, type ApiScope } from './scopes.ts';
import type { TokenCreateInput } from './schema.ts';

export interface TokenDeps {
	sql: Sql;
	clock: Clock;
}

/** Every token starts with this, so secret scanners and people recognise it. */
export const TOKEN_PREFIX = 'kt_';
const TOKEN_PATTERN = /^kt_[a-z2-7]{52}$/;

export const NOT_PARTNER_MESSAGE =
	'API-koppelingen zijn er voor ketenpartners (CJG, sociale wijkteams, consortia, GGD en jeugdhulpaanbieders), gemeenten en de stuurgroep. ' +
	'Uw organisatie werkt in Ketentafel zelf.';

/** A new secret: "kt_" + 32 random bytes in lower-case base32 (52 characters). */
export function generateApiToken(): string {
	const bytes = new Uint8Array(32);
	crypto.getRandomValues(bytes);
	return TOKEN_PREFIX + encodeBase32LowerCaseNoPadding(bytes);
}

/** What is stored of a token: its SHA-256 in hex. */
export function apiTokenHash(token: string): string {
	return sha256Hex(token);
}

/** A token as the beheerder sees it (never the secret). */
export interface ApiTokenRow {
	id: string;
	name: string;
	scopes: ApiScope[];
	createdAt: Date;
	createdByName: string | null;
	lastUsedAt: Date | null;
	revokedAt: Date | null;
	revokedByName: string | null;
}

function requireTokenAdmin(actor: Actor): void {
	if (!actor.userId || !actor.roles.includes('beheerder'))
		throw new ForbiddenError('Alleen beheerders van uw organisatie beheren API-tokens.');
	if (!TOKEN_KINDS.includes(actor.organisationKind)) throw new ForbiddenError(NOT_PARTNER_MESSAGE);
}

/**
 * A beheerder of a partner organisation creates a token for its registration system. Returns the
 * secret once; only its SHA-256 is stored. Audited as api_token.created.
 */
export async function createApiToken(deps: TokenDeps, actor: Actor, input: TokenCreateInput): Promise<{ id: string; token: string }> {
	requireTokenAdmin(actor);
	const token = generateApiToken();
	const scopes = input.scopes.filter((s) => API_SCOPES.includes(s));
	const id = await deps.sql.begin(async (tx) => {
		const [org] = await tx<{ kind: string }[]>`select kind::text as kind from organisations where id = ${actor.organisationId}`;
		if (!org || !TOKEN_KINDS.includes(org.kind)) throw new ForbiddenError(NOT_PARTNER_MESSAGE);
		const notAllowed = scopes.filter((s) => !scopesFor(org.kind).includes(s));
		if (notAllowed.length) {
			const message = `De bevoegdheid ${notAllowed.join(' en ')} is alleen voor ${[...new Set(notAllowed.map((n) => SCOPE_HOLDERS[n]))].join(' en ')}.`;
			throw new InputError(message, { scopes: message });
		}
		const [row] = await tx<{ id: string }[]>`
			insert into api_tokens (organisation_id, name, token_hash, scopes, created_by, created_at)
			values (${actor.organisationId}, ${input.name}, ${apiTokenHash(token)}, ${scopes}, ${actor.userId}, ${deps.clock.now()})
			returning id`;
		await audit(
			tx,
			auditActorOf(actor),
			'api_token.created',
			{ type: 'api_token', id: row.id },
			{ name: input.name, scopes: scopes.join(' ') }
		);
		return row.id;
	});
	return { id, token };
}

/** The tokens of the beheerder's organisation, newest first, without secrets. */
export async function listApiTokens(deps: TokenDeps, actor: Actor): Promise<ApiTokenRow[]> {
	requireTokenAdmin(actor);
	return deps.sql<ApiTokenRow[]>`
		select t.id, t.name, t.scopes, t.created_at, cb.name as created_by_name, t.last_used_at, t.revoked_at, rb.name as revoked_by_name
		from api_tokens t
		left join users cb on cb.id = t.created_by
		left join users rb on rb.id = t.revoked_by
		where t.organisation_id = ${actor.organisationId}
		order by t.revoked_at is not null, t.created_at desc`;
}

/**
 * A beheerder revokes a token of their organisation; it stops working at once. ConflictError when
 * it was already revoked, ForbiddenError for someone else's token. Audited as api_token.revoked.
 */
export async function revokeApiToken(deps: TokenDeps, actor: Actor, tokenId: string): Promise<{ name: string }> {
	requireTokenAdmin(actor);
	if (!isUuid(tokenId)) throw new ForbiddenError('Dit token bestaat niet of hoort niet bij uw organisatie.');
	return deps.sql.begin(async (tx) => {
		const [row] = await tx<{ name: string }[]>`
			update api_tokens set revoked_at = ${deps.clock.now()}, revoked_by = ${actor.userId}
			where id = ${tokenId} and organisation_id = ${actor.organisationId} and revoked_at is null
			returning name`;
		if (!row) {
			const [existing] = await tx<
				{ name: string }[]
			>`select name from api_tokens where id = ${tokenId} and organisation_id = ${actor.organisationId}`;
			if (existing) throw new ConflictError(`Het token "${existing.name}" was al ingetrokken.`);
			throw new ForbiddenError('Dit token bestaat niet of hoort niet bij uw organisatie.');
		}
		await audit(tx, auditActorOf(actor), 'api_token.revoked', { type: 'api_token', id: tokenId }, { name: row.name });
		return { name: row.name };
	});
}

/** Why a token was refused (audit detail; never the token itself). */
export type RefusalReason = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'organisation';

export type Authentication = { ok: true; actor: Actor; scopes: ApiScope[] } | { ok: false; reason: RefusalReason };

/** The secret in an "Authorization: Bearer …" header, or null. */
export function bearerToken(authorization: string | null): string | null {
	const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
	return match ? match[1] : null;
}

/**
 * Checks the Bearer token of an API request and returns the partner system as an Actor (no user,
 * no roles; its scopes are its role in the audit log) with its scopes, recording when the token was last used. Every refusal is audited as
 * api_token.refused with the reason and the request line, never the secret.
 */
export async function authenticateApiToken(
	deps: TokenDeps,
	authorization: string | null,
	origin: RequestOrigin,
	requestLine: string
): Promise<Authentication> {
	const secret = bearerToken(authorization);
	const refuse = async (
		reason: RefusalReason,
		token?: { id: string; organisationId: string; scopes: string[] }
	): Promise<Authentication> => {
		await audit(
			deps.sql,
			{
				userId: null,
				tokenId: token?.id ?? null,
				organisationId: token?.organisationId ?? null,
				roles: [],
				scopes: token?.scopes ?? [],
				...origin
			},
			'api_token.refused',
			token ? { type: 'api_token', id: token.id } : null,
			{ reason, request: requestLine.slice(0, 200) }
		);
		return { ok: false, reason };
	};
	if (!secret) return refuse(authorization ? 'malformed' : 'missing');
	if (!TOKEN_PATTERN.test(secret)) return refuse('malformed');
	const [row] = await deps.sql<
		{
			id: string;
			name: string;
			scopes: string[];
			revoked: boolean;
			organisationId: string;
			organisationName: string;
			organisationKind: OrganisationKind;
		}[]
	>`
		select t.id, t.name, t.scopes, t.revoked_at is not null as revoked, o.id as organisation_id, o.name as organisation_name,
		       o.kind::text as organisation_kind
		from api_tokens t join organisations o on o.id = t.organisation_id
		where t.token_hash = ${apiTokenHash(secret)}`;
	if (!row) return refuse('unknown');
	if (row.revoked) return refuse('revoked', row);
	if (!TOKEN_KINDS.includes(row.organisationKind)) return refuse('organisation', row);
	await deps.sql`update api_tokens set last_used_at = ${deps.clock.now()} where id = ${row.id}`;
	const scopes = row.scopes.filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s));
	return {
		ok: true,
		scopes,
		actor: {
			userId: null,
			tokenId: row.id,
			name: `API: ${row.name}`,
			organisationId: row.organisationId,
			organisationName: row.organisationName,
			organisationKind: row.organisationKind,
			roles: [],
			scopes,
			...origin
		}
	};
}
