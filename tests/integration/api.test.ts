import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { Server } from 'socket.io';
import { registerRealtime } from '../../src/lib/server/realtime/hub.ts';
import type { RealtimeServer } from '../../src/lib/server/realtime/types.ts';
import type { Actor } from '../../src/lib/server/actor.ts';
import type { OrganisationKind, Role } from '../../src/lib/server/auth/roles.ts';
import { ConflictError, ForbiddenError } from '../../src/lib/server/errors.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { caseInputSchema } from '../../src/lib/server/cases/schema.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import type { ApiDeps } from '../../src/lib/server/api/deps.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../src/lib/server/api/tokens.ts';
import {
	acceptHandoverEndpoint,
	declineHandoverEndpoint,
	getHandoverEndpoint,
	listHandoversEndpoint
} from '../../src/lib/server/api/handovers.ts';
import { apiMethodNotAllowed, apiNotFound } from '../../src/lib/server/api/endpoint.ts';
import { openApiEndpoint } from '../../src/lib/server/api/openapi-endpoint.ts';
import { API_ERROR_STATUS } from '../../src/lib/server/api/errors.ts';
import type { ApiScope } from '../../src/lib/server/api/scopes.ts';
import { createOrganisation, createUser } from '../support/fixtures.ts';
import { uniqueIp } from '../support/it-helpers.ts';

const clock = new ManualClock('2026-11-23T09:00:00+01:00');
let deps: ApiDeps;

interface Org {
	id: string;
	name: string;
	kind: OrganisationKind;
}

function actorFor(org: Org, user: { id: string; name: string }, role: Role): Actor {
	return {
		userId: user.id,
		tokenId: null,
		name: user.name,
		organisationId: org.id,
		organisationName: org.name,
		organisationKind: org.kind,
		roles: [role],
		ip: null,
		userAgent: null
	};
}

async function organisation(kind: OrganisationKind): Promise<Org> {
	return { ...(await createOrganisation(db(), kind)), kind };
}

async function person(org: Org, role: Role): Promise<Actor> {
	return actorFor(org, await createUser(db(), [{ organisationId: org.id, role }]), role);
}

let vt: Actor;
let cjg: Org;
let wijkteam: Org;
let cjgBeheerder: Actor;
let cjgMedewerker: Actor;
let wijkteamBeheerder: Actor;

/** A complete case offered to the organisation; returns the handover id. */
async function offerTo(org: Org): Promise<string> {
	const input = caseInputSchema.parse({
		municipalityId: 'GM0392',
		reportDate: '2026-11-18',
		summary: 'Zorgen over spanningen thuis; moeder vraagt zelf om steun.',
		safetyAgreements: 'Geen fysiek geweld; vader slaapt tijdelijk elders.',
		monitoringBy: 'Veilig Thuis, team Zuid-Kennemerland',
		persons: [
			{ role: 'ouder', label: 'Moeder', spokenTo: 'on', spokenOn: '2026-11-19' },
			{ role: 'kind', label: 'Kind 1 (8 jaar)', spokenTo: 'on', spokenOn: '2026-11-19' }
		]
	});
	const caseId = await createCase(deps, vt, input);
	return offerHandover(deps, vt, caseId, { toOrgId: org.id, message: 'Graag warme overdracht.' });
}

async function tokenFor(
	beheerder: Actor,
	scopes: ApiScope[] = ['handovers:read', 'handovers:answer'],
	name = `Registratiesysteem ${Math.random().toString(36).slice(2, 7)}`
) {
	const { id, token } = await createApiToken(deps, beheerder, { name, scopes });
	return { id, token, name };
}

interface CallOptions {
	token?: string | null;
	body?: string;
	ip?: string;
	headers?: Record<string, string>;
}

function request(method: string, path: string, options: CallOptions = {}) {
	const headers: Record<string, string> = { 'user-agent': 'partnersysteem-test/1.0', ...options.headers };
	if (options.token) headers.authorization = `Bearer ${options.token}`;
	if (options.body !== undefined) headers['content-type'] = 'application/json';
	return { request: new Request(`http://localhost${path}`, { method, headers, body: options.body }), ip: options.ip ?? uniqueIp() };
}

const list = (o: CallOptions = {}, query = '') => listHandoversEndpoint(deps, request('GET', `/api/v1/handovers${query}`, o));
const read = (id: string, o: CallOptions = {}) => getHandoverEndpoint(deps, request('GET', `/api/v1/handovers/${id}`, o), id);
const accept = (id: string, o: CallOptions = {}) => acceptHandoverEndpoint(deps, request('POST', `/api/v1/handovers/${id}/accept`, o), id);
const decline = (id: string, body: unknown, o: CallOptions = {}) =>
	declineHandoverEndpoint(
		deps,
		request('POST', `/api/v1/handovers/${id}/decline`, { body: typeof body === 'string' ? body : JSON.stringify(body), ...o }),
		id
	);

async function auditRows(where: { action: string; ip?: string; tokenId?: string; recordId?: string }) {
	return db()<
		{
			actorTokenId: string | null;
			actorOrgId: string | null;
			actorUserId: string | null;
			details: Record<string, unknown>;
			recordId: string | null;
			userAgent: string | null;
		}[]
	>`
		select actor_token_id, actor_org_id, actor_user_id, details, record_id, user_agent from audit_log
		where action = ${where.action}
		  ${where.ip ? db()`and ip = ${where.ip}::inet` : db()``}
		  ${where.tokenId ? db()`and actor_token_id = ${where.tokenId}` : db()``}
		  ${where.recordId ? db()`and record_id = ${where.recordId}` : db()``}
		order by id`;
}

beforeAll(async () => {
	// events go to an unattached in-memory Socket.IO server: these tests look at rows, not sockets
	registerRealtime(new Server() as RealtimeServer);
	deps = { sql: db(), clock };
	await db()`insert into subregions (id, name) values ('zuid-kennemerland', 'Zuid-Kennemerland') on conflict do nothing`;
	await db()`insert into municipalities (id, name, subregion_id) values ('GM0392', 'Haarlem', 'zuid-kennemerland') on conflict do nothing`;
	const vtOrg = await organisation('vt');
	vt = await person(vtOrg, 'medewerker');
	cjg = await organisation('cjg');
	wijkteam = await organisation('wijkteam');
	cjgBeheerder = await person(cjg, 'beheerder');
	cjgMedewerker = await person(cjg, 'medewerker');
	wijkteamBeheerder = await person(wijkteam, 'beheerder');
});

afterAll(async () => {
	registerRealtime(undefined);
	await closeDb();
});

describe('API tokens', () => {
	it('shows the secret once and stores only its SHA-256', async () => {
		const { id, token, name } = await tokenFor(cjgBeheerder, ['handovers:read']);
		expect(token).toMatch(/^kt_[a-z2-7]{52}$/);
		const [row] = await db()<
			{ tokenHash: string; scopes: string[]; createdBy: string }[]
		>`select token_hash, scopes, created_by from api_tokens where id = ${id}`;
		expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
		expect(row.tokenHash).not.toContain(token.slice(3));
		expect(row.scopes).toEqual(['handovers:read']);
		expect(row.createdBy).toBe(cjgBeheerder.userId);
		const listed = await listApiTokens(deps, cjgBeheerder);
		const mine = listed.find((t) => t.id === id)!;
		expect(mine).toMatchObject({ name, scopes: ['handovers:read'], lastUsedAt: null, revokedAt: null, createdByName: expect.any(String) });
		expect(JSON.stringify(listed)).not.toContain(token);
		expect(JSON.stringify(listed)).not.toContain(row.tokenHash);
		const [audit] = await auditRows({ action: 'api_token.created', recordId: id });
		expect(audit).toMatchObject({ actorUserId: cjgBeheerder.userId, actorOrgId: cjg.id });
		expect(JSON.stringify(audit)).not.toContain(token);
	});

	it('is only for beheerders of partner organisations, each managing their own', async () => {
		const vtBeheerder = await person({ id: vt.organisationId, name: vt.organisationName, kind: 'vt' }, 'beheerder');
		await expect(createApiToken(deps, vtBeheerder, { name: 'VT-systeem', scopes: ['handovers:read'] })).rejects.toThrow(ForbiddenError);
		await expect(listApiTokens(deps, vtBeheerder)).rejects.toThrow(ForbiddenError);
		await expect(createApiToken(deps, cjgMedewerker, { name: 'Eigen systeem', scopes: ['handovers:read'] })).rejects.toThrow(
			ForbiddenError
		);
		const { id } = await tokenFor(wijkteamBeheerder);
		await expect(revokeApiToken(deps, cjgBeheerder, id)).rejects.toThrow(ForbiddenError);
		expect((await listApiTokens(deps, cjgBeheerder)).some((t) => t.id === id)).toBe(false);
	});

	it('revokes once, audited; a second revoke says it already was', async () => {
		const { id, name } = await tokenFor(cjgBeheerder);
		expect(await revokeApiToken(deps, cjgBeheerder, id)).toEqual({ name });
		await expect(revokeApiToken(deps, cjgBeheerder, id)).rejects.toThrow(ConflictError);
		const [row] = await db()<{ revokedBy: string; revokedAt: Date }[]>`select revoked_by, revoked_at from api_tokens where id = ${id}`;
		expect(row.revokedBy).toBe(cjgBeheerder.userId);
		expect(row.revokedAt.toISOString()).toBe(clock.now().toISOString());
		expect(await auditRows({ action: 'api_token.revoked', recordId: id })).toHaveLength(1);
	});
});

describe('API authentication', () => {
	it('answers 401 with WWW-Authenticate: Bearer without a token, and audits the refusal', async () => {
		const ip = uniqueIp();
		const response = await list({ ip, headers: { cookie: 'kt_session=whatever' } });
		expect(response.status).toBe(401);
		expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
		expect(response.headers.get('content-type')).toContain('application/json');
		expect(await response.json()).toEqual({
			error: { code: 'unauthenticated', message: expect.stringContaining('Authorization: Bearer') }
		});
		const [row] = await auditRows({ action: 'api_token.refused', ip });
		expect(row).toMatchObject({
			actorTokenId: null,
			actorUserId: null,
			details: { reason: 'missing', request: 'GET /api/v1/handovers' },
			userAgent: 'partnersysteem-test/1.0'
		});
	});

	it('answers 401 for a malformed or unknown token, without the secret in the audit row', async () => {
		for (const [token, reason] of [
			['geheim', 'malformed'],
			[`kt_${'a'.repeat(52)}`, 'unknown']
		] as const) {
			const ip = uniqueIp();
			const response = await list({ token, ip });
			expect(response.status).toBe(401);
			expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
			expect((await response.json()).error.code).toBe('unauthenticated');
			const [row] = await auditRows({ action: 'api_token.refused', ip });
			expect(row.details.reason).toBe(reason);
			expect(JSON.stringify(row)).not.toContain(token);
		}
	});

	it('answers 401 for a revoked token and audits it with the token id', async () => {
		const { id, token } = await tokenFor(cjgBeheerder);
		expect((await list({ token })).status).toBe(200);
		await revokeApiToken(deps, cjgBeheerder, id);
		const ip = uniqueIp();
		const response = await list({ token, ip });
		expect(response.status).toBe(401);
		expect((await response.json()).error.code).toBe('unauthenticated');
		const [row] = await auditRows({ action: 'api_token.refused', ip });
		expect(row).toMatchObject({ actorTokenId: id, actorOrgId: cjg.id, details: { reason: 'revoked' } });
		expect(JSON.stringify(row)).not.toContain(token);
	});

	it('answers 403 when the token lacks the scope, and leaves the offer open', async () => {
		const handoverId = await offerTo(cjg);
		const { id, token } = await tokenFor(cjgBeheerder, ['handovers:read']);
		const ip = uniqueIp();
		const response = await accept(handoverId, { token, ip });
		expect(response.status).toBe(403);
		expect(response.headers.get('www-authenticate')).toContain('insufficient_scope');
		const body = await response.json();
		expect(body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('handovers:answer') });
		const [row] = await auditRows({ action: 'api_token.refused', ip });
		expect(row).toMatchObject({ actorTokenId: id, details: { reason: 'scope' } });
		const [h] = await db()<{ status: string }[]>`select status::text as status from handovers where id = ${handoverId}`;
		expect(h.status).toBe('open');
		const readOnly = await tokenFor(cjgBeheerder, ['handovers:answer']);
		expect((await list({ token: readOnly.token })).status).toBe(403);
	});
});

describe('API handovers', () => {
	it("answers another organisation's handover and an unknown id with byte-identical 403s", async () => {
		const theirs = await offerTo(wijkteam);
		const { token } = await tokenFor(cjgBeheerder);
		const answers = [
			await read(theirs, { token }),
			await read('00000000-0000-4000-8000-000000000000', { token }),
			await read('niet-een-id', { token }),
			await accept(theirs, { token }),
			await accept('00000000-0000-4000-8000-000000000000', { token }),
			await decline(theirs, { reason: 'geen_capaciteit' }, { token })
		];
		const first = { status: answers[0].status, headers: [...answers[0].headers], body: await answers[0].text() };
		expect(first.status).toBe(403);
		expect(JSON.parse(first.body).error.code).toBe('forbidden');
		for (const other of answers.slice(1)) {
			expect({ status: other.status, headers: [...other.headers], body: await other.text() }).toEqual(first);
		}
		const [h] = await db()<{ status: string }[]>`select status::text as status from handovers where id = ${theirs}`;
		expect(h.status).toBe('open');
	});

	it('lists the offers to the organisation, audited on behalf of the token', async () => {
		const mine = await offerTo(cjg);
		const theirs = await offerTo(wijkteam);
		const { id: tokenId, token } = await tokenFor(cjgBeheerder);
		const response = await list({ token });
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body.status).toBe('open');
		const ids = body.handovers.map((h: { id: string }) => h.id);
		expect(ids).toContain(mine);
		expect(ids).not.toContain(theirs);
		const item = body.handovers.find((h: { id: string }) => h.id === mine);
		expect(item).toMatchObject({
			status: 'open',
			caseReference: expect.stringMatching(/^VT-\d{4}-\d{6}$/),
			message: 'Graag warme overdracht.',
			answeredBy: null
		});
		expect(item.offeredAt).toBe(clock.now().toISOString());
		expect(item.respondBefore).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		const [row] = await auditRows({ action: 'handovers.listed', tokenId });
		expect(row).toMatchObject({ actorOrgId: cjg.id, actorUserId: null, details: { status: 'open', rows: ids.length } });
		const [used] = await db()<{ lastUsedAt: Date | null }[]>`select last_used_at from api_tokens where id = ${tokenId}`;
		expect(used.lastUsedAt?.toISOString()).toBe(clock.now().toISOString());

		expect((await (await list({ token }, '?status=accepted')).json()).handovers.map((h: { id: string }) => h.id)).not.toContain(mine);
		const bad = await list({ token }, '?status=alles');
		expect(bad.status).toBe(400);
		expect((await bad.json()).error).toMatchObject({ code: 'invalid_input', fields: { status: expect.any(String) } });
	});

	it('reads one handover with the partner view of the case, audited', async () => {
		const handoverId = await offerTo(cjg);
		const { id: tokenId, token } = await tokenFor(cjgBeheerder, ['handovers:read']);
		const response = await read(handoverId, { token });
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body.handover).toMatchObject({ id: handoverId, status: 'open' });
		expect(body.case).toMatchObject({
			municipality: 'Haarlem',
			summary: expect.stringContaining('spanningen'),
			safetyAgreements: expect.any(String),
			monitoringBy: expect.any(String),
			persons: [
				{ role: 'ouder', label: 'Moeder', spokenTo: true, spokenOn: '2026-11-19' },
				{ role: 'kind', label: 'Kind 1 (8 jaar)', spokenTo: true, spokenOn: '2026-11-19' }
			]
		});
		expect(body.case).not.toHaveProperty('id');
		expect(await auditRows({ action: 'handover.viewed', tokenId, recordId: handoverId })).toHaveLength(1);
	});

	it('accepts an offer through the API, recorded as the token', async () => {
		const handoverId = await offerTo(cjg);
		const { id: tokenId, token, name } = await tokenFor(cjgBeheerder);
		const response = await accept(handoverId, { token });
		expect(response.status).toBe(200);
		const { handover } = await response.json();
		expect(handover).toMatchObject({
			id: handoverId,
			status: 'accepted',
			answeredBy: `systeem ${name}`,
			answeredAt: clock.now().toISOString()
		});
		const [row] = await db()<
			{ answeredByToken: string; answeredBy: string | null }[]
		>`select answered_by_token, answered_by from handovers where id = ${handoverId}`;
		expect(row).toEqual({ answeredByToken: tokenId, answeredBy: null });
		expect(await auditRows({ action: 'handover.accepted', tokenId, recordId: handoverId })).toHaveLength(1);
		const accepted = await (await list({ token }, '?status=accepted')).json();
		expect(accepted.handovers.map((h: { id: string }) => h.id)).toContain(handoverId);
	});

	it('declines with a reason and note; "anders" without a note is a 400 naming the field', async () => {
		const handoverId = await offerTo(cjg);
		const { id: tokenId, token } = await tokenFor(cjgBeheerder);
		const missing = await decline(handoverId, { reason: 'anders' }, { token });
		expect(missing.status).toBe(400);
		expect((await missing.json()).error).toMatchObject({ code: 'invalid_input', fields: { note: expect.stringContaining('toelichting') } });
		const noReason = await decline(handoverId, {}, { token });
		expect((await noReason.json()).error.fields).toHaveProperty('reason');
		const unknownField = await decline(handoverId, { reason: 'geen_capaciteit', reden: 'x' }, { token });
		expect((await unknownField.json()).error.fields).toEqual({ reden: expect.any(String) });

		const response = await decline(handoverId, { reason: 'anders', note: 'Gezin verhuist naar Amsterdam.' }, { token });
		expect(response.status).toBe(200);
		expect((await response.json()).handover).toMatchObject({
			status: 'declined',
			declineReason: 'anders',
			declineNote: 'Gezin verhuist naar Amsterdam.'
		});
		const [row] = await auditRows({ action: 'handover.declined', tokenId, recordId: handoverId });
		expect(row.details).toEqual({ reason: 'anders' });
		expect((await read(handoverId, { token })).status).toBe(403);
	});

	it('answers 409 with who answered when someone was first', async () => {
		const handoverId = await offerTo(cjg);
		await answerHandover(deps, cjgMedewerker, handoverId, { answer: 'accept' });
		const { token } = await tokenFor(cjgBeheerder);
		const response = await decline(handoverId, { reason: 'geen_capaciteit' }, { token });
		expect(response.status).toBe(409);
		const { error } = await response.json();
		expect(error.code).toBe('conflict');
		expect(error.message).toContain('al geaccepteerd door');
		expect(error.message).toContain(cjgMedewerker.name);
	});

	it('lets exactly one of two simultaneous API answers win', async () => {
		const handoverId = await offerTo(cjg);
		const first = await tokenFor(cjgBeheerder);
		const second = await tokenFor(cjgBeheerder);
		const responses = await Promise.all([
			accept(handoverId, { token: first.token }),
			decline(handoverId, { reason: 'geen_capaciteit' }, { token: second.token })
		]);
		expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
		const loser = responses.find((r) => r.status === 409)!;
		expect((await loser.json()).error.message).toMatch(/door systeem Registratiesysteem/);
	});

	it('answers 400 for invalid JSON, a non-object body, or fields on accept', async () => {
		const handoverId = await offerTo(cjg);
		const { token } = await tokenFor(cjgBeheerder);
		for (const body of ['{"reason": ', '["geen_capaciteit"]', '']) {
			const response = await decline(handoverId, body, { token });
			expect(response.status).toBe(400);
			expect((await response.json()).error).toMatchObject({ code: 'invalid_input', fields: { body: expect.any(String) } });
		}
		const invalid = await accept(handoverId, { token, body: 'nee' });
		expect(invalid.status).toBe(400);
		const extra = await accept(handoverId, { token, body: '{"note": "graag"}' });
		expect((await extra.json()).error.fields).toEqual({ note: expect.any(String) });
		expect((await accept(handoverId, { token, body: '{}' })).status).toBe(200);
	});
});

describe('API addresses and description', () => {
	it('answers unknown addresses with 404 and wrong methods with 405, as JSON', async () => {
		const notFound = apiNotFound();
		expect(notFound.status).toBe(404);
		expect((await notFound.json()).error.code).toBe('not_found');
		const wrong = apiMethodNotAllowed(['GET']);
		expect(wrong.status).toBe(405);
		expect(wrong.headers.get('allow')).toBe('GET');
		expect((await wrong.json()).error.code).toBe('method_not_allowed');
	});

	it('serves an OpenAPI 3.1 document describing every route, with resolvable references', async () => {
		const response = openApiEndpoint(new Request('http://localhost:3000/api/v1/openapi.json'));
		expect(response.status).toBe(200);
		const text = await response.text();
		const doc = JSON.parse(text);
		expect(doc.openapi).toBe('3.1.0');
		expect(doc.servers[0].url).toBe('http://localhost:3000');
		expect(doc.components.securitySchemes.bearerToken).toMatchObject({ type: 'http', scheme: 'bearer' });

		const expected: Record<string, string[]> = {
			'/api/v1/handovers': ['get'],
			'/api/v1/handovers/{id}': ['get'],
			'/api/v1/handovers/{id}/accept': ['post'],
			'/api/v1/handovers/{id}/decline': ['post'],
			'/api/v1/waiting-times': ['get', 'post'],
			'/api/v1/dashboard': ['get'],
			'/api/v1/openapi.json': ['get']
		};
		for (const [path, methods] of Object.entries(expected)) expect(Object.keys(doc.paths[path] ?? {})).toEqual(methods);

		// every route file under src/routes/api/v1 (except the catch-all 404) is described
		const root = join(process.cwd(), 'src/routes/api/v1');
		const walk = (dir: string): string[] =>
			readdirSync(dir).flatMap((name) =>
				statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : name === '+server.ts' ? [dir] : []
			);
		const routes = walk(root)
			.map((dir) => `/api/v1/${relative(root, dir)}`.replace(/\[(\w+)\]/g, '{$1}').replace(/\/$/, ''))
			.filter((p) => !p.includes('...'));
		expect(routes.sort()).toEqual(Object.keys(expected).sort());

		const refs = [...text.matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]);
		expect(refs.length).toBeGreaterThan(5);
		for (const ref of refs) {
			const target = ref
				.split('/')
				.reduce<Record<string, unknown> | undefined>((node, key) => node?.[key] as Record<string, unknown> | undefined, doc);
			expect(target, ref).toBeDefined();
		}
		expect(Object.fromEntries(doc['x-error-codes'].map((e: { code: string; status: number }) => [e.code, e.status]))).toEqual(
			API_ERROR_STATUS
		);
		for (const op of Object.values(doc.paths).flatMap((item) => Object.values(item as object))) {
			expect(op.description.length).toBeGreaterThan(20);
			expect(Object.keys(op.responses)).toContain('200');
		}
	});
});

describe('refused-token throttle', () => {
	it('answers 429 with Retry-After after too many refused tokens from one address, and not for another address', async () => {
		const { API_REFUSALS_PER_IP } = await import('../../src/lib/server/api/endpoint.ts');
		const ip = uniqueIp();
		for (let i = 0; i < API_REFUSALS_PER_IP.limit; i++) {
			expect((await list({ ip, token: `kt_guess${i}` })).status).toBe(401);
		}
		const blocked = await list({ ip, token: 'kt_guess-again' });
		expect(blocked.status).toBe(429);
		expect(Number(blocked.headers.get('retry-after'))).toBe(API_REFUSALS_PER_IP.windowSeconds / API_REFUSALS_PER_IP.limit);
		expect((await blocked.json()).error.code).toBe('too_many_requests');
		expect((await list({ ip })).status, 'a request without a token is refused too').toBe(429);
		expect((await list({ ip: uniqueIp(), token: 'kt_elsewhere' })).status).toBe(401);
		expect(await auditRows({ action: 'api_token.refused', ip }), 'every refusal is audited, the throttled ones too').toHaveLength(
			API_REFUSALS_PER_IP.limit + 2
		);
	});

	it('serves a valid token from an address with many refused tokens, and counts only refusals', async () => {
		const { API_REFUSALS_PER_IP } = await import('../../src/lib/server/api/endpoint.ts');
		const { token } = await tokenFor(cjgBeheerder, ['handovers:read']);
		const ip = uniqueIp();
		for (let i = 0; i < 50; i++) expect((await list({ ip, token })).status, 'valid tokens spend nothing').toBe(200);
		for (let i = 0; i < API_REFUSALS_PER_IP.limit; i++) expect((await list({ ip, token: `kt_bad${i}` })).status).toBe(401);
		expect((await list({ ip, token: 'kt_bad' })).status).toBe(429);
		const served = await list({ ip, token });
		expect(served.status, 'a valid token behind the same address').toBe(200);
		expect((await served.json()).status).toBe('open');
	});

	it('slows refusals down instead of locking the address: one more refusal per interval', async () => {
		const { API_REFUSALS_PER_IP } = await import('../../src/lib/server/api/endpoint.ts');
		const own = { sql: db(), clock: new ManualClock('2026-11-23T09:00:00+01:00') };
		const call = (ip: string) => listHandoversEndpoint(own, request('GET', '/api/v1/handovers', { ip, token: 'kt_nope' }));
		const ip = uniqueIp();
		for (let i = 0; i < API_REFUSALS_PER_IP.limit; i++) expect((await call(ip)).status).toBe(401);
		const blocked = await call(ip);
		expect(blocked.status).toBe(429);
		own.clock.advance(Number(blocked.headers.get('retry-after')) * 1000);
		expect((await call(ip)).status).toBe(401);
		expect((await call(ip)).status).toBe(429);
	});
});
