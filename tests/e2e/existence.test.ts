import { randomUUID } from 'node:crypto';
import { parse as parseDevalue } from 'devalue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnPortal, type OwnPortal } from '../support/own-portal.ts';
import { formActions, type RawBody } from '../support/hostile.ts';
import { baseForm, demoIds, ENHANCED, postForm, targetOf, type DemoIds } from '../support/demo-forms.ts';

// "Not yours" and "does not exist" must be one answer everywhere: a page, a form action, an id in
// a form. For every page with an [id] and every action, people of organisations that may not see
// a real record ask for it, and for a made-up id; the answers must be the same.

let own: OwnPortal;
let ids: DemoIds;

beforeAll(async () => {
	own = await startOwnPortal('exists');
	ids = await demoIds(own.sql);
}, 240_000);
afterAll(async () => {
	await own?.stop();
});

const OUTSIDERS = [
	'cjg.medewerker@ketentafel.test',
	'consortium.medewerker@ketentafel.test',
	'ggd.medewerker@ketentafel.test',
	'wijkteam.velsen@ketentafel.test',
	'gemeente.haarlem@ketentafel.test'
];

async function organisationOf(email: string): Promise<string> {
	const [row] = await own.sql<
		{ id: string }[]
	>`select m.organisation_id as id from memberships m join users u on u.id = m.user_id where u.email = ${email} limit 1`;
	return row.id;
}

/** A real record of the kind behind a route's [id] that the organisation may not see, or null. */
async function hiddenRecord(route: string, org: string): Promise<string | null> {
	const first = async (rows: Promise<{ id: string }[]>) => (await rows)[0]?.id ?? null;
	const { sql } = own;
	if (route.startsWith('/zaken/')) {
		return first(sql`select c.id from cases c where not exists (select 1 from handovers h where h.case_id = c.id and h.to_org_id = ${org})
		                  and not exists (select 1 from table_items ti join table_participants tp on tp.table_id = ti.table_id where ti.case_id = c.id and tp.organisation_id = ${org}) limit 1`);
	}
	if (route.startsWith('/overdrachten/')) return first(sql`select id from handovers where to_org_id <> ${org} limit 1`);
	if (route.startsWith('/tafels/')) {
		return first(
			sql`select t.id from handover_tables t where not exists (select 1 from table_participants p where p.table_id = t.id and p.organisation_id = ${org}) limit 1`
		);
	}
	if (route.startsWith('/trajecten/'))
		return first(sql`select id from trajectories where vt_org_id <> ${org} and partner_org_id <> ${org} limit 1`);
	if (route.startsWith('/veiligheidschecks/')) return first(sql`select id from safety_checkins limit 1`);
	if (route.startsWith('/monitoring/')) return first(sql`select id from monitoring_moments limit 1`);
	return null;
}

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** What a person can read in an answer: the action result without error references and echoed values, or a page's text. */
function normalise(text: string, status: number): string {
	try {
		const result = JSON.parse(text) as { type: string; status?: number; error?: { message?: string }; data?: string; location?: string };
		const data = result.data ? (parseDevalue(result.data) as Record<string, unknown>) : undefined;
		// the form's own values echoed back, and a new two-factor key on every answer, differ anyway
		for (const key of ['values', 'qrSvg', 'manualKey', 'pending']) delete data?.[key];
		return JSON.stringify({ status, type: result.type, message: result.error?.message, data, location: result.location }).replace(
			UUIDS,
			'ID'
		);
	} catch {
		const visible = text
			.replace(/<script[\s\S]*?<\/script>/g, '')
			.replace(/<[^>]+>/g, ' ')
			.replace(UUIDS, 'ID')
			.replace(/\s+/g, ' ')
			.trim();
		return `${status} ${visible}`;
	}
}

const PAGES = [
	'/zaken/[id]',
	'/zaken/[id]/bewerken',
	'/overdrachten/[id]',
	'/tafels/[id]',
	'/tafels/[id]/samenvatting',
	'/trajecten/[id]',
	'/veiligheidschecks/[id]',
	'/monitoring/[id]'
];

describe('not yours and does not exist: one answer', () => {
	it('on every page and form action with an [id], for people of every organisation that may not see the record', async () => {
		const differences: string[] = [];
		let compared = 0;
		const routes = [...new Set([...PAGES, ...formActions().map((a) => a.route)])].filter((r) => r.includes('[id]'));
		for (const email of OUTSIDERS) {
			const org = await organisationOf(email);
			const cookie = await own.cookieFor(email);
			for (const route of routes) {
				const real = await hiddenRecord(route, org);
				if (!real) continue;
				const made = randomUUID();
				const ask = async (id: string, action: string | null) => {
					const path = route.replace('[id]', id);
					if (action === null) {
						const response = await fetch(own.baseUrl + path, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
						return normalise(await response.text(), response.status);
					}
					const body: RawBody = {
						label: 'base',
						contentType: 'application/x-www-form-urlencoded',
						body: new URLSearchParams(baseForm(ids)).toString()
					};
					const answer = await postForm(
						own.baseUrl,
						`${own.baseUrl}${path}${action === 'default' ? '' : `?/${action}`}`,
						cookie,
						body,
						ENHANCED
					);
					return normalise(answer.text, answer.status);
				};
				const actions = [
					...(PAGES.includes(route) ? [null] : []),
					...formActions()
						.filter((a) => a.route === route)
						.map((a) => a.action)
				];
				for (const action of actions) {
					// made up, real, made up again: the base form may itself change the state
					const [before, forReal, forMadeUp] = [await ask(made, action), await ask(real, action), await ask(made, action)];
					compared++;
					if (forReal !== before && forReal !== forMadeUp)
						differences.push(
							`${email} ${route} ${action ?? 'GET'}:\n  real:      ${forReal.slice(0, 200)}\n  made up:   ${forMadeUp.slice(0, 200)}`
						);
				}
			}
		}
		expect(differences).toEqual([]);
		expect(compared).toBeGreaterThan(100);
	}, 300_000);

	it('for an id in a form that points at another organisation’s record', async () => {
		const { sql } = own;
		const differences: string[] = [];
		let compared = 0;
		for (const { route, action } of formActions()) {
			const { email, path } = targetOf(route, ids);
			if (route.startsWith('/inloggen')) continue;
			const org = await organisationOf(email);
			const first = async (rows: Promise<{ id: string }[]>) => (await rows)[0]?.id;
			const hidden: Record<string, string | undefined> = {
				handoverId: await first(sql`select id from handovers where to_org_id <> ${org} and from_org_id <> ${org} limit 1`),
				itemId: await first(
					sql`select ti.id from table_items ti where ti.table_id <> ${ids.table} and not exists (select 1 from table_participants p where p.table_id = ti.table_id and p.organisation_id = ${org}) limit 1`
				),
				conditionId: await first(
					sql`select c.id from trajectory_conditions c join trajectories t on t.id = c.trajectory_id where t.id <> ${ids.trajectory.id} and t.partner_org_id <> ${org} and t.vt_org_id <> ${org} limit 1`
				),
				stepId: await first(
					sql`select s.id from trajectory_steps s join trajectories t on t.id = s.trajectory_id where t.id <> ${ids.trajectory.id} and t.partner_org_id <> ${org} and t.vt_org_id <> ${org} limit 1`
				),
				waitEntryId: await first(sql`select id from wait_entries where consortium_id <> ${org} limit 1`),
				'persons.0.personId': await first(sql`select id from case_persons where case_id <> ${ids.vtCase.id} limit 1`),
				monitorId: await first(sql`select user_id as id from memberships where organisation_id <> ${org} limit 1`),
				vtResponsibleId: await first(sql`select user_id as id from memberships where organisation_id <> ${org} limit 1`),
				partnerResponsibleId: await first(sql`select user_id as id from memberships where organisation_id <> ${org} limit 1`)
			};
			const cookie = await own.cookieFor(email);
			const url = `${own.baseUrl}${path}${action === 'default' ? '' : `?/${action}`}`;
			for (const [field, real] of Object.entries(hidden)) {
				if (!real) continue;
				const ask = async (id: string) => {
					const body = new URLSearchParams({ ...baseForm(ids), [field]: id }).toString();
					const answer = await postForm(
						own.baseUrl,
						url,
						cookie,
						{ label: field, contentType: 'application/x-www-form-urlencoded', body },
						ENHANCED
					);
					return normalise(answer.text, answer.status);
				};
				// made up, real, made up again: the base form may itself change the state (an answer, a new condition)
				const [before, forReal, forMadeUp] = [await ask(randomUUID()), await ask(real), await ask(randomUUID())];
				compared++;
				if (forReal !== before && forReal !== forMadeUp)
					differences.push(
						`${email} ${route} ${action} ${field}:\n  real:      ${forReal.slice(0, 200)}\n  made up:   ${forMadeUp.slice(0, 200)}`
					);
			}
		}
		expect(differences).toEqual([]);
		expect(compared).toBeGreaterThan(100);
	}, 300_000);
});
