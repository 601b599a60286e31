import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnPortal, type OwnPortal } from '../support/own-portal.ts';
import { baseForm, caseFields, demoIds, ENHANCED, FIELD_KINDS, postForm, targetOf, type DemoIds } from '../support/demo-forms.ts';
import { formActions, formFieldNames, HOSTILE_VALUES, malformedBodies, mutatedForm, type RawBody } from '../support/hostile.ts';
import { createApiToken } from '../../src/lib/server/api/tokens.ts';
import { systemClock } from '../../src/lib/server/clock.ts';
import type { Actor } from '../../src/lib/server/actor.ts';

// A portal of its own (no workers writing beside it), attacked the way a fuzzer would: every form
// action and every API operation gets bodies that are not forms, NUL bytes, huge and odd strings,
// odd ids, numbers and dates. Nothing may answer 500, hang, or leave a row behind when it refused.

let own: OwnPortal;
let ids: DemoIds;

beforeAll(async () => {
	own = await startOwnPortal('robust');
	ids = await demoIds(own.sql);
}, 240_000);
afterAll(async () => {
	await own?.stop();
});

/** Row versions written since a transaction id, in every table but the audit log and the sessions. */
async function writtenSince(xid: bigint): Promise<string[]> {
	const tables = await own.sql<{ name: string }[]>`
		select tablename as name from pg_tables where schemaname = 'public' and tablename not in ('audit_log', 'sessions')`;
	const counts = await own.sql.unsafe<{ name: string; n: number }[]>(
		tables
			.map((t) => `select '${t.name}' as name, count(*)::int as n from "${t.name}" where xmin::text::bigint >= ${xid % 2n ** 32n}`)
			.join(' union all ')
	);
	return counts.filter((c) => c.n > 0).map((c) => `${c.name} (${c.n})`);
}

describe('no request can hang the portal', () => {
	it('keeps answering other users while dates far in the future and past are posted to every form that takes one', async () => {
		const partner = await own.cookieFor(ids.partnerOfTrajectory);
		const vt = await own.cookieFor('vt.coordinator@ketentafel.test');
		const consortium = await own.cookieFor('consortium.medewerker@ketentafel.test');
		const form = (fields: Record<string, string>): RawBody => ({
			label: 'form',
			contentType: 'application/x-www-form-urlencoded',
			body: new URLSearchParams(fields).toString()
		});
		const attacks: [string, string, Record<string, string>][] = [];
		for (const day of ['9999-12-31', '0001-01-01', '0000-01-01', '2026-02-31']) {
			attacks.push(
				[
					partner,
					`/trajecten/${ids.trajectory.id}?/voorwaarde`,
					{ description: 'Vader houdt zich aan de afspraken', ownerSide: 'partner', dueOn: day }
				],
				[partner, `/trajecten/${ids.trajectory.id}?/stap`, { description: 'Gesprek met school', ownerSide: 'vt', dueOn: day }],
				[vt, '/tafels/nieuw', { subregionId: 'ijmond', date: day, time: '10:00', participantIds: ids.cjg }],
				[vt, `/monitoring/${ids.moment}?/herplannen`, { monitorId: ids.vtUser, plannedOn: day, withFamily: 'on', withWhomNote: 'moeder' }],
				[vt, '/zaken/nieuw', { ...caseFields(), reportDate: day }],
				[consortium, '/wachttijden?/zorgGestart', { waitEntryId: ids.wait, careStartedOn: day }]
			);
		}
		// meanwhile a colleague works on: every answer within a few seconds, whatever the attacker sends
		let slowest = 0;
		let stop = false;
		const colleague = (async () => {
			const cookie = await own.cookieFor('vt.medewerker@ketentafel.test');
			while (!stop) {
				for (const path of ['/healthz', '/zaken']) {
					const started = performance.now();
					const response = await fetch(own.baseUrl + path, { headers: { cookie }, signal: AbortSignal.timeout(10_000) });
					await response.arrayBuffer();
					expect(response.status).toBe(200);
					slowest = Math.max(slowest, performance.now() - started);
				}
			}
		})();
		try {
			for (const [cookie, path, fields] of attacks) {
				const answer = await postForm(own.baseUrl, own.baseUrl + path, cookie, form(fields), ENHANCED);
				expect(answer.status, `${path} ${JSON.stringify(fields)}`).toBeLessThan(500);
				expect(answer.ms, path).toBeLessThan(10_000);
				expect(JSON.parse(answer.text).type, `${path}: refused, not stored`).toBe('failure');
			}
		} finally {
			stop = true;
			await colleague;
		}
		expect(slowest).toBeLessThan(10_000);
		const [{ stored }] = await own.sql<{ stored: number }[]>`
			select (select count(*) from trajectory_conditions where due_on < '2000-01-01' or due_on > '2100-01-01')::int
			     + (select count(*) from handover_tables where scheduled_at > '2100-01-01')::int as stored`;
		expect(stored).toBe(0);
		const [{ idle }] = await own.sql<{ idle: number }[]>`
			select count(*)::int as idle from pg_stat_activity where datname = current_database() and state = 'idle in transaction'`;
		expect(idle).toBe(0);
	}, 120_000);
});

describe('no HTTP 500 for anything a client sends', () => {
	it('knows every form field of the pages (a new field needs a plausible value here)', () => {
		const known = new Set(Object.keys(baseForm(ids)));
		expect(formFieldNames().filter((name) => !known.has(name))).toEqual([]);
	});

	it('answers every form action with a Dutch refusal, never a 500, and writes nothing when it refuses', async () => {
		const actions = formActions();
		expect(actions.length).toBeGreaterThan(30);
		const base = baseForm(ids);
		const names = Object.keys(base);
		// every body as an enhanced form sends it; the malformed ones, NUL and huge strings also as a plain form post
		const plain = [...malformedBodies(base), ...[...HOSTILE_VALUES.nul, HOSTILE_VALUES.huge[0]].map((v) => mutatedForm(base, names, v))];
		const bodies = (): RawBody[] => [
			...malformedBodies(base),
			...HOSTILE_VALUES.date.map((v) => mutatedForm(base, FIELD_KINDS.date, v)),
			...HOSTILE_VALUES.uuid.map((v) => mutatedForm(base, FIELD_KINDS.id, v)),
			...HOSTILE_VALUES.number.map((v) => mutatedForm(base, FIELD_KINDS.number, v)),
			...[...HOSTILE_VALUES.nul, ...HOSTILE_VALUES.huge.slice(0, 1), ...HOSTILE_VALUES.unicode].map((v) => mutatedForm(base, names, v)),
			mutatedForm(base, FIELD_KINDS.id.concat(FIELD_KINDS.date), 'dubbel', true)
		];
		const failures: string[] = [];
		let sent = 0;
		for (const { route, action } of actions) {
			const { email, path } = targetOf(route, ids);
			const cookie = route.startsWith('/inloggen') ? null : await own.cookieFor(email);
			const url = `${own.baseUrl}${path}${action === 'default' ? '' : `?/${action}`}`;
			for (const body of bodies()) {
				for (const enhanced of [true, false]) {
					if (!enhanced && !plain.some((p) => p.label === body.label)) continue;
					const xid = BigInt((await own.sql<{ x: string }[]>`select txid_current()::text as x`)[0].x);
					const answer = await postForm(own.baseUrl, url, cookie, body, enhanced ? ENHANCED : {});
					sent++;
					const where = `${route} ${action} ${enhanced ? '(enhanced) ' : ''}${body.label}`;
					if (answer.status >= 500) failures.push(`${where}: ${answer.status} ${answer.text.slice(0, 120)}`);
					else if (/\bat .*\.(ts|js):\d+|postgres|syntax error/i.test(answer.text)) failures.push(`${where}: leaks internals`);
					if (answer.status >= 400 && !(enhanced && answer.text.includes('"type":"success"'))) {
						const written = await writtenSince(xid);
						if (written.length) failures.push(`${where}: refused (${answer.status}) but wrote ${written.join(', ')}`);
					}
				}
			}
		}
		expect(failures).toEqual([]);
		expect(sent).toBeGreaterThan(1500);
	}, 600_000);

	it('answers every API operation in JSON, never a 500, whatever the body, query or id', async () => {
		const actor = async (email: string, organisation: string): Promise<Actor> => {
			const [row] = await own.sql<{ userId: string; organisationId: string; kind: string }[]>`
				select u.id as user_id, o.id as organisation_id, o.kind::text as kind from users u, organisations o where u.email = ${email} and o.name = ${organisation}`;
			return {
				userId: row.userId,
				tokenId: null,
				name: 'Test',
				organisationId: row.organisationId,
				organisationName: organisation,
				organisationKind: row.kind as Actor['organisationKind'],
				roles: ['beheerder'],
				ip: null,
				userAgent: null
			};
		};
		const deps = { sql: own.sql, clock: systemClock };
		const tokens = {
			'handovers:read': (
				await createApiToken(deps, await actor('cjg.beheerder@ketentafel.test', 'CJG Kennemerland'), {
					name: 'fuzz',
					scopes: ['handovers:read', 'handovers:answer']
				})
			).token,
			'waiting-times:read': (
				await createApiToken(deps, await actor('consortium.beheerder@ketentafel.test', 'Consortium Spaarnestroom Jeugd & Gezin'), {
					name: 'fuzz',
					scopes: ['waiting-times:read', 'waiting-times:write']
				})
			).token,
			'dashboard:read': (
				await createApiToken(deps, await actor('gemeente.beheerder@ketentafel.test', 'Gemeente Haarlem'), {
					name: 'fuzz',
					scopes: ['dashboard:read']
				})
			).token
		};
		const doc = (await (await fetch(`${own.baseUrl}/api/v1/openapi.json`)).json()) as {
			paths: Record<string, Record<string, { security?: { bearerToken: string[] }[]; parameters?: { name: string; in: string }[] }>>;
		};
		const hostile = [
			...HOSTILE_VALUES.nul,
			...HOSTILE_VALUES.uuid,
			...HOSTILE_VALUES.number,
			...HOSTILE_VALUES.date,
			...HOSTILE_VALUES.unicode,
			HOSTILE_VALUES.huge[0].slice(0, 3000)
		];
		const jsonBodies: RawBody[] = [
			{ label: 'text/plain', contentType: 'text/plain', body: '{"reason":"anders"}' },
			{ label: 'form', contentType: 'application/x-www-form-urlencoded', body: 'reason=anders' },
			{
				label: 'utf-16 json',
				contentType: 'application/json; charset=utf-16',
				body: new Uint8Array(Buffer.from('{"reason":"anders"}', 'utf16le'))
			},
			{ label: 'broken json', contentType: 'application/json', body: '{"reason":' },
			{ label: 'array', contentType: 'application/json', body: '[1,2,3]' },
			{ label: 'nested', contentType: 'application/json', body: '{"reports":[{"careType":{"a":1},"subregion":[],"waitingDays":{}}]}' },
			{ label: '__proto__', contentType: 'application/json', body: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}' },
			{ label: 'huge', contentType: 'application/json', body: JSON.stringify({ note: 'x'.repeat(200_000) }) },
			...hostile.map((v): RawBody => ({
				label: `values ${JSON.stringify(v.slice(0, 20))}`,
				contentType: 'application/json',
				body: JSON.stringify({
					reason: v,
					note: v,
					careType: v,
					subregion: v,
					waitingDays: v,
					reports: [{ careType: v, subregion: v, waitingDays: v }]
				})
			})),
			{ label: 'extreme numbers', contentType: 'application/json', body: '{"careType":"ihub","subregion":"ijmond","waitingDays":1e400}' }
		];
		const failures: string[] = [];
		for (const [template, operations] of Object.entries(doc.paths)) {
			for (const [method, operation] of Object.entries(operations)) {
				const scope = operation.security?.[0]?.bearerToken?.[0] ?? 'handovers:read';
				const token = tokens[scope.replace(':answer', ':read').replace(':write', ':read') as keyof typeof tokens];
				const paths = template.includes('{id}')
					? [ids.openToCjg.id, ...HOSTILE_VALUES.uuid, '%00', '..%2F..', 'x'.repeat(5000)].map((id) => template.replace('{id}', id))
					: [template];
				const queryNames = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
				for (const path of paths) {
					const requests: { url: string; body?: RawBody }[] =
						method === 'get'
							? [
									{ url: path },
									...hostile.map((v) => ({ url: `${path}?${new URLSearchParams([...queryNames, 'onbekend'].map((n) => [n, v]))}` })),
									{ url: `${path}?weken=13&weken=4&status=open&status=x` }
								]
							: jsonBodies.map((body) => ({ url: path, body }));
					for (const request of requests) {
						const where = `${method.toUpperCase()} ${request.url.slice(0, 80)} ${request.body?.label ?? ''}`;
						const response = await fetch(own.baseUrl + request.url, {
							method: method.toUpperCase(),
							headers: {
								authorization: `Bearer ${token}`,
								...(request.body?.contentType ? { 'content-type': request.body.contentType } : {})
							},
							body: request.body?.body,
							signal: AbortSignal.timeout(20_000)
						}).catch((error: Error) => error);
						if (response instanceof Error) {
							failures.push(`${where}: ${response.message} ${String((response.cause as Error)?.message ?? '')}`);
							continue;
						}
						const text = await response.text();
						if (response.status >= 500) failures.push(`${where}: ${response.status} ${text.slice(0, 120)}`);
						if (!(response.headers.get('content-type') ?? '').startsWith('application/json'))
							failures.push(`${where}: not JSON (${response.status})`);
					}
				}
			}
		}
		expect(failures, own.portal.output().slice(-3000)).toEqual([]);
	}, 300_000);
});

describe('security headers and cookies', () => {
	it('pins the headers of pages, the API, static files and the session cookie', async () => {
		const expected = {
			'x-content-type-options': 'nosniff',
			'referrer-policy': 'same-origin',
			'x-frame-options': 'DENY',
			'cross-origin-opener-policy': 'same-origin',
			'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()'
		};
		const page = await fetch(`${own.baseUrl}/inloggen`);
		const html = await page.text();
		const asset = html.match(/\/_app\/immutable\/[^"]+\.(js|css)/)?.[0];
		expect(asset).toBeTruthy();
		for (const url of ['/inloggen', '/api/v1/openapi.json', asset!, '/favicon.svg', '/healthz']) {
			const response = await fetch(own.baseUrl + url);
			for (const [name, value] of Object.entries(expected)) expect(response.headers.get(name), `${url} ${name}`).toBe(value);
		}
		const csp = page.headers.get('content-security-policy') ?? '';
		for (const directive of ["default-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "object-src 'none'", "base-uri 'self'"])
			expect(csp).toContain(directive);
		expect(page.headers.get('cache-control')).toBe('no-store');
		const immutable = await fetch(own.baseUrl + asset!);
		expect(immutable.headers.get('cache-control')).toContain('immutable');

		const signIn = await fetch(`${own.baseUrl}/inloggen`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: own.baseUrl, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email: 'vt.medewerker@ketentafel.test', password: 'Ketentafel-demo-2026' })
		});
		expect(signIn.status, await signIn.text()).toBe(303);
		const cookie = signIn.headers.get('set-cookie') ?? '';
		expect(cookie).toMatch(/^kt_session=[a-z2-7]{32};/);
		for (const attribute of ['Path=/', 'HttpOnly', 'SameSite=Lax', 'Expires=']) expect(cookie).toContain(attribute);
		expect(cookie).not.toContain('Domain=');

		const foreign = await fetch(`${own.baseUrl}/inloggen`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: 'https://aanvaller.example', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email: 'vt.medewerker@ketentafel.test', password: 'Ketentafel-demo-2026' })
		});
		expect(foreign.status).toBe(403);
		expect(foreign.headers.get('set-cookie')).toBeNull();
		expect(await foreign.text()).toContain('niet vanaf Ketentafel zelf verstuurd');
	});
});
