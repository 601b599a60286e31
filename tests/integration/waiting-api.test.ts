import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Server } from 'socket.io';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { registerRealtime } from '../../src/lib/server/realtime/hub.ts';
import type { RealtimeServer } from '../../src/lib/server/realtime/types.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { InputError } from '../../src/lib/server/errors.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { offerHandover } from '../../src/lib/server/handovers/service.ts';
import { acceptHandoverEndpoint } from '../../src/lib/server/api/handovers.ts';
import { apiTokenHash, createApiToken, generateApiToken } from '../../src/lib/server/api/tokens.ts';
import { openApiEndpoint } from '../../src/lib/server/api/openapi-endpoint.ts';
import { scopesFor, type ApiScope } from '../../src/lib/server/api/scopes.ts';
import type { ApiDeps } from '../../src/lib/server/api/deps.ts';
import { listWaitingTimesEndpoint, reportWaitingTimesEndpoint } from '../../src/lib/server/waiting/api.ts';
import { NOT_CONSORTIUM } from '../../src/lib/server/waiting/service.ts';
import { uniqueIp } from '../support/it-helpers.ts';
import { completeCase, ensureRegion, expectError, organisation, person, type Org, type Person } from '../support/it-cases.ts';

const clock = new ManualClock('2034-10-02T09:00:00+02:00'); // Monday 2 October 2034
// Dates from outside must lie within this year ± 5 years: for the forms, "this year" is 2034 too.
beforeAll(() => {
	vi.useFakeTimers({ toFake: ['Date'], now: clock.now() });
});
afterAll(() => {
	vi.useRealTimers();
});
let deps: ApiDeps;
let vt: Org, consortium: Org, cjg: Org;
let vtWorker: Person, consortiumBeheerder: Person, cjgBeheerder: Person;

async function tokenFor(beheerder: Person, scopes: ApiScope[]): Promise<{ id: string; token: string }> {
	return createApiToken(deps, beheerder.actor, { name: `Planning ${Math.random().toString(36).slice(2, 7)}`, scopes });
}

function call(method: 'GET' | 'POST', token: string | null, body?: unknown) {
	const headers: Record<string, string> = { 'user-agent': 'planningssysteem/2.0' };
	if (token) headers.authorization = `Bearer ${token}`;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const request = new Request('http://localhost/api/v1/waiting-times', {
		method,
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
	});
	return { request, ip: uniqueIp() };
}
const post = (token: string | null, body?: unknown) => reportWaitingTimesEndpoint(deps, call('POST', token, body));
const get = (token: string | null) => listWaitingTimesEndpoint(deps, call('GET', token));

beforeAll(async () => {
	registerRealtime(new Server() as RealtimeServer);
	deps = { sql: db(), clock, enqueueTimers: false };
	await ensureRegion();
	[vt, consortium, cjg] = await Promise.all([organisation('vt'), organisation('consortium'), organisation('cjg')]);
	[vtWorker, consortiumBeheerder, cjgBeheerder] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(consortium, 'beheerder', clock),
		person(cjg, 'beheerder', clock)
	]);
});

afterAll(async () => {
	registerRealtime(undefined);
	await closeRedis();
	await closeDb();
});

describe('POST /api/v1/waiting-times', () => {
	it('stores one report, a {"reports": [...]} list or a bare array for the token’s consortium, audited on the token', async () => {
		const { id, token } = await tokenFor(consortiumBeheerder, ['waiting-times:write', 'waiting-times:read']);
		const one = await post(token, { careType: 'ihub', subregion: 'ijmond', waitingDays: 98 });
		expect(one.status).toBe(200);
		const body = await one.json();
		expect(body).toMatchObject({ consortium: consortium.name, reported: 1 });
		expect(body.reports).toEqual([
			{
				careType: 'ihub',
				careTypeName: 'Intensieve ambulante hulp (IHUB)',
				subregion: 'ijmond',
				subregionName: 'IJmond',
				waitingDays: 98,
				reportedAt: '2034-10-02T07:00:00.000Z',
				reportedBy: expect.stringMatching(/^API: Planning /)
			}
		]);

		clock.set('2034-10-02T10:00:00+02:00');
		const list = await post(token, {
			reports: [
				{ careType: 'ihub', subregion: 'ijmond', waitingDays: 105 },
				{ careType: 'trauma', subregion: 'zuid-kennemerland', waitingDays: 140 }
			]
		});
		expect(list.status).toBe(200);
		expect((await list.json()).reports.map((r: { careType: string; waitingDays: number }) => [r.careType, r.waitingDays])).toEqual([
			['ihub', 105],
			['trauma', 140]
		]);
		const bare = await post(token, [{ careType: 'verblijf', subregion: 'haarlemmermeer', waitingDays: 0 }]);
		expect(bare.status).toBe(200);
		expect((await bare.json()).reported).toBe(1);

		const rows = await db()<{ reportedBy: string | null; reportedByToken: string }[]>`
			select reported_by, reported_by_token from waiting_time_reports where consortium_id = ${consortium.id}`;
		expect(rows).toHaveLength(4);
		expect(rows.every((r) => r.reportedBy === null && r.reportedByToken === id)).toBe(true);
		const audits = await db()<{ details: Record<string, unknown>; actorTokenId: string; actorOrgId: string }[]>`
			select details, actor_token_id, actor_org_id from audit_log where action = 'waiting.reported' and actor_token_id = ${id} order by id`;
		expect(audits.map((a) => a.details)).toEqual([
			{ count: 1, via: 'api' },
			{ count: 2, via: 'api' },
			{ count: 1, via: 'api' }
		]);
		expect(audits.every((a) => a.actorOrgId === consortium.id)).toBe(true);

		const current = await get(token);
		expect(current.status).toBe(200);
		expect(
			(await current.json()).reports.map(
				(r: { careType: string; subregion: string; waitingDays: number }) => `${r.careType}/${r.subregion}/${r.waitingDays}`
			)
		).toEqual(['ihub/ijmond/105', 'trauma/zuid-kennemerland/140', 'verblijf/haarlemmermeer/0']);
		expect(await db()`select 1 from audit_log where action = 'waiting.reports_viewed' and actor_token_id = ${id}`).toHaveLength(1);
	});

	it('answers 400 naming the fields, and stores nothing of a list with one bad report', async () => {
		const { token } = await tokenFor(consortiumBeheerder, ['waiting-times:write']);
		const before = await db()<{ n: number }[]>`select count(*)::int as n from waiting_time_reports where consortium_id = ${consortium.id}`;
		const cases: [unknown, Record<string, string>][] = [
			[
				{ careType: 'ihub', subregion: 'ijmond' },
				{ waitingDays: 'Geef de wachttijd op als een geheel aantal dagen (een getal, geen tekst).' }
			],
			[
				{ careType: 'ihub', subregion: 'ijmond', waitingDays: '14' },
				{ waitingDays: 'Geef de wachttijd op als een geheel aantal dagen (een getal, geen tekst).' }
			],
			[{ careType: 'ihub', subregion: 'ijmond', waitingDays: 2.5 }, { waitingDays: 'De wachttijd is een geheel aantal dagen.' }],
			[{ careType: 'ihub', subregion: 'ijmond', waitingDays: 1001 }, { waitingDays: 'De wachttijd is hoogstens 1000 dagen.' }],
			[{ careType: 'ihub', subregion: 'ijmond', waitingDays: 7, weeks: 1 }, { weeks: 'Onbekend veld: laat het weg.' }],
			[{ careType: 'yoga', subregion: 'ijmond', waitingDays: 7 }, { careType: expect.stringContaining('Onbekende zorgvorm "yoga"') }],
			[
				{
					reports: [
						{ careType: 'ihub', subregion: 'ijmond', waitingDays: 7 },
						{ careType: 'ihub', subregion: 'texel', waitingDays: 7 }
					]
				},
				{ 'reports.1.subregion': expect.stringContaining('Onbekende subregio "texel"') }
			],
			[
				{
					reports: [
						{ careType: 'ihub', subregion: 'ijmond', waitingDays: 7 },
						{ careType: 'ihub', subregion: 'ijmond', waitingDays: 14 }
					]
				},
				{ 'reports.1.careType': 'Deze zorgvorm en subregio staan al eerder in de lijst.' }
			],
			[{ reports: [] }, { reports: 'Stuur minstens één melding.' }],
			['nee', { body: expect.stringContaining('Dit is geen geldige JSON') }],
			['42', { body: expect.stringContaining('JSON-object') }]
		];
		for (const [body, fields] of cases) {
			const response = await post(token, body);
			expect(response.status, JSON.stringify(body)).toBe(400);
			const error = (await response.json()).error;
			expect(error.code).toBe('invalid_input');
			expect(error.fields).toEqual(fields);
		}
		expect((await post(token)).status).toBe(400);
		const after = await db()<{ n: number }[]>`select count(*)::int as n from waiting_time_reports where consortium_id = ${consortium.id}`;
		expect(after[0].n).toBe(before[0].n);
	});

	it('refuses a missing token (401), a token without the scope (403) and any organisation that is not a consortium (403)', async () => {
		expect((await post(null, { careType: 'ihub', subregion: 'ijmond', waitingDays: 7 })).status).toBe(401);

		const readOnly = await tokenFor(consortiumBeheerder, ['waiting-times:read', 'handovers:read']);
		const noScope = await post(readOnly.token, { careType: 'ihub', subregion: 'ijmond', waitingDays: 7 });
		expect(noScope.status).toBe(403);
		expect(noScope.headers.get('www-authenticate')).toContain('scope="waiting-times:write"');
		expect((await noScope.json()).error.code).toBe('forbidden');
		expect(
			await db()`select 1 from audit_log where action = 'api_token.refused' and actor_token_id = ${readOnly.id} and details->>'reason' = 'scope'`
		).toHaveLength(1);
		const writeOnly = await tokenFor(consortiumBeheerder, ['waiting-times:write']);
		expect((await get(writeOnly.token)).status).toBe(403);

		// a CJG beheerder cannot give a token the scope; a CJG token that has it anyway is refused
		expect(scopesFor('cjg')).toEqual(['handovers:read', 'handovers:answer']);
		expect(scopesFor('consortium')).toContain('waiting-times:write');
		const refused = await expectError(
			tokenFor(cjgBeheerder, ['handovers:read', 'waiting-times:write']),
			InputError,
			/alleen voor consortia/
		);
		expect(Object.keys(refused.fields)).toEqual(['scopes']);
		const cjgHandovers = await tokenFor(cjgBeheerder, ['handovers:read']);
		expect((await post(cjgHandovers.token, { careType: 'ihub', subregion: 'ijmond', waitingDays: 7 })).status).toBe(403);
		const smuggled = generateApiToken();
		const [row] = await db()<{ id: string }[]>`
			insert into api_tokens (organisation_id, name, token_hash, scopes) values (${cjg.id}, 'Oud systeem', ${apiTokenHash(smuggled)}, ${['waiting-times:write', 'waiting-times:read']})
			returning id`;
		const cjgPost = await post(smuggled, { careType: 'ihub', subregion: 'ijmond', waitingDays: 7 });
		expect(cjgPost.status).toBe(403);
		expect((await cjgPost.json()).error).toEqual({ code: 'forbidden', message: NOT_CONSORTIUM });
		expect((await get(smuggled)).status).toBe(403);
		expect(
			await db()`select 1 from audit_log where action = 'api_token.refused' and actor_token_id = ${row.id} and details->>'reason' = 'no_access'`
		).toHaveLength(2);
		expect(await db()`select 1 from waiting_time_reports where consortium_id = ${cjg.id}`).toHaveLength(0);
	});
});

describe('accepting through the API', () => {
	it('creates the wait entry as the form does', async () => {
		const { token } = await tokenFor(consortiumBeheerder, ['handovers:read', 'handovers:answer']);
		const caseId = await createCase(
			deps,
			vtWorker.actor,
			completeCase({
				municipalityId: 'GM0375',
				reportDate: '2034-09-20',
				persons: [{ role: 'ouder', label: 'Moeder', spokenTo: true, spokenOn: '2034-09-21' }]
			})
		);
		const handoverId = await offerHandover(deps, vtWorker.actor, caseId, {
			toOrgId: consortium.id,
			message: 'Graag gezinsbehandeling.',
			careTypeId: 'gezinsbehandeling'
		});
		clock.set('2034-10-03T16:00:00+02:00');
		const response = await acceptHandoverEndpoint(
			deps,
			{
				request: new Request(`http://localhost/api/v1/handovers/${handoverId}/accept`, {
					method: 'POST',
					headers: { authorization: `Bearer ${token}` }
				}),
				ip: uniqueIp()
			},
			handoverId
		);
		expect(response.status).toBe(200);
		expect((await response.json()).handover.careType).toBe('gezinsbehandeling');
		const entries = await db()<{ subregionId: string; waitingSince: string; responsibleUserId: string; careTypeId: string }[]>`
			select subregion_id, waiting_since::text as waiting_since, responsible_user_id, care_type_id from wait_entries where handover_id = ${handoverId}`;
		expect(entries).toEqual([
			{ subregionId: 'ijmond', waitingSince: '2034-10-03', responsibleUserId: vtWorker.user.id, careTypeId: 'gezinsbehandeling' }
		]);
	});
});

describe('the OpenAPI document', () => {
	it('describes both operations with their scopes and the request body shapes', async () => {
		const doc = await openApiEndpoint(new Request('http://localhost:3000/api/v1/openapi.json')).json();
		const item = doc.paths['/api/v1/waiting-times'];
		expect(Object.keys(item)).toEqual(['get', 'post']);
		expect(item.get.security).toEqual([{ bearerToken: ['waiting-times:read'] }]);
		expect(item.post.security).toEqual([{ bearerToken: ['waiting-times:write'] }]);
		expect(doc.components.schemas.WaitingTimeReportRequest.oneOf).toHaveLength(3);
		expect(doc.components.schemas.WaitingTimeReport.required).toEqual(['careType', 'subregion', 'waitingDays']);
		expect(Object.keys(doc.paths).at(-1)).toBe('/api/v1/openapi.json');
		expect(doc.components.securitySchemes.bearerToken.description).toContain('waiting-times:write');
	});
});
