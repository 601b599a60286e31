import { beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { db } from '../../src/lib/server/db/client.ts';
import { systemClock } from '../../src/lib/server/clock.ts';
import { seed } from '../../src/lib/server/seed/seed.ts';
import { seedDemoCases } from '../../src/lib/server/seed/demo.ts';
import { seedHistory } from '../../src/lib/server/seed/history.ts';
import type { ApiDeps, ApiCall } from '../../src/lib/server/api/deps.ts';
import { createApiToken } from '../../src/lib/server/api/tokens.ts';
import type { ApiScope } from '../../src/lib/server/api/scopes.ts';
import {
	acceptHandoverEndpoint,
	declineHandoverEndpoint,
	getHandoverEndpoint,
	listHandoversEndpoint
} from '../../src/lib/server/api/handovers.ts';
import { listWaitingTimesEndpoint, reportWaitingTimesEndpoint } from '../../src/lib/server/waiting/api.ts';
import { dashboardEndpoint } from '../../src/lib/server/dashboard/api.ts';
import { openApiEndpoint } from '../../src/lib/server/api/openapi-endpoint.ts';
import type { OpenApiDocument, OperationObject, ResponseObject } from '../../src/lib/server/api/openapi-types.ts';
import { person, type Org } from '../support/it-cases.ts';
import { uniqueIp } from '../support/it-helpers.ts';
import { useOwnDatabase } from '../support/own-database.ts';

/**
 * The API contract: every operation of the generated OpenAPI document is called on a database
 * with the demo's region, accounts and cases and a stretch of published history, and every real
 * answer (success and error) is validated with ajv against the document's schema for its status.
 * An operation the document lists but this file never calls fails the last test.
 */

useOwnDatabase('api-contract');

// the real clock: the demo's cases and the published history are dated around today
const deps: ApiDeps = { sql: null as unknown as ApiDeps['sql'], clock: systemClock, enqueueTimers: false };
const BASE = 'https://ketentafel.test';
const DOC_ID = `${BASE}/api/v1/openapi.json`;

let doc: OpenApiDocument;
let ajv: Ajv2020;
/** operationId → statuses answered (and validated). */
const seen = new Map<string, Set<number>>();

type Endpoint = (call: ApiCall) => Promise<Response>;
interface Operation {
	id: string;
	method: 'get' | 'post';
	path: string;
	run: Endpoint;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function operationOf(id: string): { path: string; method: 'get' | 'post'; operation: OperationObject } {
	for (const [path, item] of Object.entries(doc.paths))
		for (const [method, operation] of Object.entries(item) as ['get' | 'post', OperationObject][])
			if (operation.operationId === id) return { path, method, operation };
	throw new Error(`operation ${id} is not in the document`);
}

/** The validator of the JSON body the document promises for this operation and status. */
function validatorFor(id: string, status: number): ValidateFunction {
	const { path, method, operation } = operationOf(id);
	const response = operation.responses[String(status)];
	expect(response, `${id} answered ${status}, which the document does not list`).toBeDefined();
	const location =
		'$ref' in response! ? (response.$ref as string).slice(1) : `/${pointer('paths', path, method, 'responses', String(status))}`;
	const resolved = (
		'$ref' in response! ? doc.components.responses[(response.$ref as string).split('/').at(-1)!] : response
	) as ResponseObject;
	expect(resolved.content?.['application/json']?.schema, `${id} ${status} has no JSON schema`).toBeDefined();
	const validate = ajv.getSchema(`${DOC_ID}#${location}/${pointer('content', 'application/json', 'schema')}`);
	if (!validate) throw new Error(`no schema at ${location}`);
	return validate;
}

/** Calls the operation, validates the answer against the document, and returns status and body. */
async function call(
	op: Operation,
	options: { token?: string | null; query?: string; id?: string; body?: unknown; ip?: string } = {}
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer already validated against the document, read field by field below
): Promise<{ status: number; body: any }> {
	const path = op.path.replace('{id}', options.id ?? '');
	const headers: Record<string, string> = { 'user-agent': 'contract-test/1.0' };
	if (options.token) headers.authorization = `Bearer ${options.token}`;
	let body: string | undefined;
	if (options.body !== undefined) {
		body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
		headers['content-type'] = 'application/json';
	}
	const request = new Request(`${BASE}${path}${options.query ? `?${options.query}` : ''}`, {
		method: op.method.toUpperCase(),
		headers,
		body
	});
	const response = await op.run({ request, ip: options.ip ?? uniqueIp() });
	expect(response.headers.get('content-type')).toMatch(/^application\/json/);
	const json = await response.json();
	const validate = validatorFor(op.id, response.status);
	const valid = validate(json);
	expect(valid, `${op.id} ${response.status}: ${JSON.stringify(validate.errors?.slice(0, 3))}\n${JSON.stringify(json).slice(0, 600)}`).toBe(
		true
	);
	if (!seen.has(op.id)) seen.set(op.id, new Set());
	seen.get(op.id)!.add(response.status);
	return { status: response.status, body: json };
}

const ops = {
	listHandovers: { id: 'listHandovers', method: 'get', path: '/api/v1/handovers', run: (c) => listHandoversEndpoint(deps, c) },
	getHandover: {
		id: 'getHandover',
		method: 'get',
		path: '/api/v1/handovers/{id}',
		run: (c) => getHandoverEndpoint(deps, c, idOf(c))
	},
	acceptHandover: {
		id: 'acceptHandover',
		method: 'post',
		path: '/api/v1/handovers/{id}/accept',
		run: (c) => acceptHandoverEndpoint(deps, c, idOf(c))
	},
	declineHandover: {
		id: 'declineHandover',
		method: 'post',
		path: '/api/v1/handovers/{id}/decline',
		run: (c) => declineHandoverEndpoint(deps, c, idOf(c))
	},
	listWaitingTimes: {
		id: 'listWaitingTimes',
		method: 'get',
		path: '/api/v1/waiting-times',
		run: (c) => listWaitingTimesEndpoint(deps, c)
	},
	reportWaitingTimes: {
		id: 'reportWaitingTimes',
		method: 'post',
		path: '/api/v1/waiting-times',
		run: (c) => reportWaitingTimesEndpoint(deps, c)
	},
	getDashboard: { id: 'getDashboard', method: 'get', path: '/api/v1/dashboard', run: (c) => dashboardEndpoint(deps, c) },
	getOpenApi: { id: 'getOpenApi', method: 'get', path: '/api/v1/openapi.json', run: (c) => Promise.resolve(openApiEndpoint(c.request)) }
} satisfies Record<string, Operation>;

/** The {id} of a handover path (as the route gives it to the endpoint). */
function idOf(c: ApiCall): string {
	return new URL(c.request.url).pathname.split('/')[4] ?? '';
}

/** The demo organisation of this kind (a gemeente: one with its municipality). */
async function orgOf(kind: string): Promise<Org> {
	const [org] = await db()<Org[]>`
		select id, name, kind::text as kind from organisations
		where kind::text = ${kind} and (kind::text <> 'gemeente' or municipality_id is not null) order by name limit 1`;
	if (!org) throw new Error(`no ${kind} in the demo`);
	return org;
}

/** A token of the organisation with these scopes, made by a (new) beheerder of it. */
async function tokenOf(org: Org, scopes: ApiScope[]): Promise<string> {
	const beheerder = await person(org, 'beheerder', systemClock);
	return (await createApiToken(deps, beheerder.actor, { name: `Contracttest ${scopes.join(' ')}`.slice(0, 80), scopes })).token;
}

let partner: Org;
let partnerToken: string;
let partnerReadOnly: string;
let consortiumToken: string;
let consortiumReadOnly: string;
let gemeenteToken: string;
let stuurgroepToken: string;

beforeAll(async () => {
	deps.sql = db();
	await seed(db(), 'test');
	await seedDemoCases(db());
	await seedHistory(db(), new Date(), { weeks: 12, publish: true }); // real, published figures for the dashboard
	// the partner with the most open offers in the demo (not a consortium: their offers need a zorgvorm)
	[partner] = await db()<Org[]>`
		select o.id, o.name, o.kind::text as kind from handovers h join organisations o on o.id = h.to_org_id
		where o.kind::text <> 'consortium' group by o.id
		order by count(*) filter (where h.status::text = 'open') desc, count(*) desc limit 1`;
	partnerToken = await tokenOf(partner, ['handovers:read', 'handovers:answer']);
	partnerReadOnly = await tokenOf(partner, ['handovers:read']);
	const consortium = await orgOf('consortium');
	consortiumToken = await tokenOf(consortium, ['waiting-times:read', 'waiting-times:write']);
	consortiumReadOnly = await tokenOf(consortium, ['waiting-times:read']);
	gemeenteToken = await tokenOf(await orgOf('gemeente'), ['dashboard:read']);
	stuurgroepToken = await tokenOf(await orgOf('stuurgroep'), ['dashboard:read']);

	doc = await openApiEndpoint(new Request(DOC_ID)).json();
	ajv = new Ajv2020({ strict: false, allErrors: true });
	addFormats(ajv);
	ajv.addSchema(doc, DOC_ID);
}, 240_000);

describe('the generated OpenAPI document', () => {
	it('holds examples that fit their own schemas', () => {
		const media: { where: string; schema: object; example: unknown }[] = [];
		const collect = (content: ResponseObject['content'], where: string) => {
			for (const [type, m] of Object.entries(content ?? {}))
				if (m.example !== undefined) media.push({ where: `${where}/${pointer('content', type)}`, schema: m.schema, example: m.example });
		};
		for (const [path, item] of Object.entries(doc.paths))
			for (const [method, op] of Object.entries(item) as [string, OperationObject][]) {
				collect(op.requestBody?.content, `/${pointer('paths', path, method, 'requestBody')}`);
				for (const [status, r] of Object.entries(op.responses))
					if (!('$ref' in r)) collect(r.content, `/${pointer('paths', path, method, 'responses', status)}`);
			}
		for (const [name, r] of Object.entries(doc.components.responses)) collect(r.content, `/${pointer('components', 'responses', name)}`);
		expect(media.length).toBeGreaterThan(8);
		for (const { where, example } of media) {
			const validate = ajv.getSchema(`${DOC_ID}#${where}/schema`)!;
			expect(validate(example), `${where}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
		}
	});
});

describe('handovers', () => {
	it('lists every status page by page, and reads every handover listed', async () => {
		let read = 0;
		for (const status of ['open', 'accepted', 'completed']) {
			let cursor: string | null = null;
			let pages = 0;
			do {
				const query: string = `status=${status}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
				const page = await call(ops.listHandovers, { token: partnerToken, query });
				expect(page.status).toBe(200);
				for (const h of page.body.handovers.slice(0, 2)) {
					const detail = await call(ops.getHandover, { token: partnerToken, id: h.id });
					expect(detail.status).toBe(200);
					read++;
				}
				cursor = page.body.next_cursor;
			} while (cursor && ++pages < 3);
		}
		expect(read).toBeGreaterThan(2);
		expect((await call(ops.listHandovers, { token: partnerToken, query: 'urgent=true&reference=VT-' })).status).toBe(200);
	});

	it('answers 400 naming the query parameter at fault', async () => {
		const cases: [string, string][] = [
			['status=gesloten', 'status'],
			['limit=0', 'limit'],
			['limit=101', 'limit'],
			['limit=tien', 'limit'],
			['cursor=', 'cursor'],
			['cursor=bestaat-niet', 'cursor'],
			['urgent=ja', 'urgent'],
			['reference=VT', 'reference'],
			['sortering=nieuw', 'sortering']
		];
		for (const [query, field] of cases) {
			const { status, body } = await call(ops.listHandovers, { token: partnerToken, query });
			expect(status, query).toBe(400);
			expect(body.error.code).toBe('invalid_input');
			expect(Object.keys(body.error.fields), query).toEqual([field]);
			expect(body.error.fields[field]).not.toMatch(/expected|invalid|too (small|big)/i); // Dutch, not zod's defaults
		}
	});

	it('accepts, declines, and refuses a second answer, an unknown handover and a missing scope', async () => {
		const open = (await call(ops.listHandovers, { token: partnerToken, query: 'status=open&limit=10' })).body.handovers;
		expect(open.length).toBeGreaterThanOrEqual(3);
		const [first, second, third] = open;

		expect((await call(ops.acceptHandover, { token: partnerReadOnly, id: first.id })).status).toBe(403);
		expect((await call(ops.acceptHandover, { token: partnerToken, id: first.id, body: { extra: 1 } })).status).toBe(400);
		const accepted = await call(ops.acceptHandover, { token: partnerToken, id: first.id });
		expect(accepted.status).toBe(200);
		expect(accepted.body.handover.status).toBe('accepted');
		expect((await call(ops.acceptHandover, { token: partnerToken, id: first.id })).status).toBe(409);
		expect((await call(ops.getHandover, { token: partnerToken, id: first.id })).status).toBe(200);

		const noNote = await call(ops.declineHandover, { token: partnerToken, id: second.id, body: { reason: 'anders' } });
		expect(noNote.status).toBe(400);
		expect(Object.keys(noNote.body.error.fields)).toEqual(['note']);
		const badReason = await call(ops.declineHandover, { token: partnerToken, id: second.id, body: { reason: 'geen_zin' } });
		expect(Object.keys(badReason.body.error.fields)).toEqual(['reason']);
		expect((await call(ops.declineHandover, { token: partnerToken, id: second.id, body: '[1]' })).status).toBe(400);
		const declined = await call(ops.declineHandover, {
			token: partnerToken,
			id: second.id,
			body: { reason: 'anders', note: 'Het gezin woont buiten onze regio.' }
		});
		expect(declined.status).toBe(200);
		expect(declined.body.handover.declineReason).toBe('anders');
		expect((await call(ops.declineHandover, { token: partnerToken, id: second.id, body: { reason: 'geen_capaciteit' } })).status).toBe(409);
		expect((await call(ops.declineHandover, { token: partnerToken, id: third.id, body: { reason: 'geen_capaciteit' } })).status).toBe(200);
		expect((await call(ops.declineHandover, { token: partnerReadOnly, id: third.id, body: { reason: 'geen_capaciteit' } })).status).toBe(
			403
		);

		for (const id of ['00000000-0000-4000-8000-000000000000', 'geen-uuid']) {
			expect((await call(ops.getHandover, { token: partnerToken, id })).status).toBe(403);
			expect((await call(ops.acceptHandover, { token: partnerToken, id })).status).toBe(403);
			expect((await call(ops.declineHandover, { token: partnerToken, id, body: { reason: 'geen_capaciteit' } })).status).toBe(403);
		}
		expect((await call(ops.listHandovers, { token: consortiumToken })).status).toBe(403);
	});
});

describe('waiting times', () => {
	it('lists and reports, and names the field at fault', async () => {
		const current = await call(ops.listWaitingTimes, { token: consortiumToken });
		expect(current.status).toBe(200);
		const [careType] = await db()<{ id: string }[]>`select id from care_types order by position limit 1`;
		const subregions = await db()<{ id: string }[]>`select id from subregions order by id`;
		const one = { careType: careType.id, subregion: subregions[0].id, waitingDays: 70 };
		expect((await call(ops.reportWaitingTimes, { token: consortiumToken, body: one })).status).toBe(200);
		const two = subregions.slice(0, 2).map((s, i) => ({ careType: careType.id, subregion: s.id, waitingDays: 14 * (i + 1) }));
		expect((await call(ops.reportWaitingTimes, { token: consortiumToken, body: { reports: two } })).status).toBe(200);
		expect((await call(ops.reportWaitingTimes, { token: consortiumToken, body: two })).status).toBe(200);
		const bad = await call(ops.reportWaitingTimes, {
			token: consortiumToken,
			body: { reports: [one, { ...one, subregion: subregions[1].id, waitingDays: -1 }] }
		});
		expect(bad.status).toBe(400);
		expect(Object.keys(bad.body.error.fields)).toEqual(['reports.1.waitingDays']);
		expect((await call(ops.reportWaitingTimes, { token: consortiumReadOnly, body: one })).status).toBe(403);
		expect((await call(ops.listWaitingTimes, { token: partnerToken })).status).toBe(403);
	});
});

describe('dashboard', () => {
	it('answers the figures of a gemeente and of the region for every kind of range', async () => {
		for (const token of [gemeenteToken, stuurgroepToken]) {
			for (const query of ['', 'periodes=1', 'periodes=13', 'gemeente=GM0453']) {
				const { status } = await call(ops.getDashboard, { token, query });
				expect(status, query).toBe(200);
			}
		}
		const last = (await call(ops.getDashboard, { token: gemeenteToken, query: 'periodes=3' })).body.range;
		const between = await call(ops.getDashboard, { token: gemeenteToken, query: `van=${last.from.id}&tot=${last.to.weeks[1]}` });
		expect(between.status).toBe(200);
		expect(between.body.range.to.id).toBe(last.to.id);
	});

	it('answers an invalid range with 400 naming the parameter, never with the default figures', async () => {
		const last = (await call(ops.getDashboard, { token: gemeenteToken })).body.period.id;
		const cases: [string, string][] = [
			[`van=banana&tot=${last}`, 'van'],
			[`van=2026-13-01&tot=${last}`, 'van'],
			[`van=2026-02-30&tot=${last}`, 'van'],
			[`van=${last}&tot=2026-02-30`, 'tot'],
			[`van=${last}`, 'tot'],
			[`tot=${last}`, 'van'],
			['van=banana', 'tot'],
			['periodes=4', 'periodes'],
			[`periodes=3&van=${last}&tot=${last}`, 'periodes'],
			['periodes=3&periodes=6', 'periodes'],
			['van=2099-P01&tot=2099-P02', 'tot']
		];
		for (const [query, field] of cases) {
			const { status, body } = await call(ops.getDashboard, { token: gemeenteToken, query });
			expect(status, query).toBe(400);
			expect(Object.keys(body.error.fields), query).toEqual([field]);
		}
	});
});

describe('every operation', () => {
	it('refuses a missing or unknown token with 401, and too many refusals from one address with 429', async () => {
		const all = Object.values(ops).filter((op) => op.id !== 'getOpenApi');
		for (const op of all) {
			const body = op.method === 'post' ? {} : undefined;
			expect((await call(op, { token: null, id: '00000000-0000-4000-8000-000000000000', body })).status).toBe(401);
			expect((await call(op, { token: 'kt_onzin', id: '00000000-0000-4000-8000-000000000000', body })).status).toBe(401);
		}
		const ip = uniqueIp();
		let status = 0;
		for (let i = 0; i < 40 && status !== 429; i++) status = (await call(ops.listHandovers, { token: 'kt_onzin', ip })).status;
		expect(status).toBe(429);
		for (const op of all) {
			const body = op.method === 'post' ? {} : undefined;
			expect((await call(op, { token: 'kt_onzin', ip, id: '00000000-0000-4000-8000-000000000000', body })).status).toBe(429);
		}
	});

	it('serves its own description', async () => {
		expect((await call(ops.getOpenApi)).status).toBe(200);
	});

	it('was exercised: every operation of the document answered here, with success and with an error', () => {
		const documented = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => (op as OperationObject).operationId));
		expect(documented.sort()).toEqual(Object.keys(ops).sort());
		for (const id of documented) {
			expect([...(seen.get(id) ?? [])], id).toContain(200);
			if (id !== 'getOpenApi')
				expect(
					[...(seen.get(id) ?? [])].some((s) => s >= 400),
					id
				).toBe(true);
		}
	});
});
