import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnPortal, type OwnPortal } from '../support/own-portal.ts';
import { demoIds, ENHANCED, postForm, type DemoIds } from '../support/demo-forms.ts';
import { connect } from '../../src/lib/server/db/client.ts';
import { sealAuditLog } from '../../src/lib/server/audit/seal.ts';
import { verifyAuditLog } from '../../src/lib/server/audit/verify.ts';

// NEN 7513 on the real portal: every list page records which records it showed, and every refused
// page, data request and form names the record that was asked for, the organisation and the role.

let own: OwnPortal;
let ids: DemoIds;

beforeAll(async () => {
	own = await startOwnPortal('nen7513');
	ids = await demoIds(own.sql);
}, 240_000);
afterAll(async () => {
	await own?.stop();
});

interface Row {
	id: number;
	actorOrgId: string | null;
	actorRoles: string[];
	recordType: string | null;
	recordId: string | null;
	details: Record<string, unknown>;
}

async function userOf(email: string): Promise<{ id: string; organisationId: string; roles: string[] }> {
	const [row] = await own.sql<{ id: string; organisationId: string; roles: string[] }[]>`
		select u.id, min(m.organisation_id::text) as organisation_id, array_agg(m.role::text order by m.role) as roles
		from users u join memberships m on m.user_id = u.id where u.email = ${email} group by u.id`;
	return row;
}

/** The audit rows of an action by a person after a given row id. */
async function rowsAfter(email: string, action: string, after: number): Promise<Row[]> {
	return own.sql<Row[]>`
		select a.id::int as id, a.actor_org_id, a.actor_roles::text[] as actor_roles, a.record_type, a.record_id, a.details
		from audit_log a join users u on u.id = a.actor_user_id
		where u.email = ${email} and a.action = ${action} and a.id > ${after} order by a.id`;
}

async function newestId(): Promise<number> {
	const [row] = await own.sql<{ id: number }[]>`select coalesce(max(id), 0)::int as id from audit_log`;
	return row.id;
}

async function get(email: string, path: string): Promise<{ status: number; text: string }> {
	const response = await fetch(own.baseUrl + path, {
		headers: { cookie: await own.cookieFor(email), accept: 'text/html' },
		redirect: 'manual'
	});
	return { status: response.status, text: await response.text() };
}

/** The record ids linked as `prefix<id>` in the page's main content (not the header's bell). */
function linked(html: string, prefix: string): string[] {
	const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
	const pattern = new RegExp(`href="${prefix}([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})`, 'g');
	return [...new Set([...main.matchAll(pattern)].map((m) => m[1]))].sort();
}

const sorted = (values: unknown) => [...(values as string[])].map(String).sort();

describe('list pages record which records they showed', () => {
	const VT = 'vt.coordinator@ketentafel.test';
	const lists = () =>
		[
			['vt.medewerker@ketentafel.test', '/zaken', 'cases.listed', 'case', '/zaken/'],
			['cjg.medewerker@ketentafel.test', '/overdrachten', 'handovers.listed', 'handover', '/overdrachten/'],
			[ids.partnerOfTrajectory, '/trajecten', 'trajectories.listed', 'trajectory', '/trajecten/'],
			[VT, '/veiligheidschecks', 'checkins.listed', 'safety_checkin', '/veiligheidschecks/'],
			[VT, '/monitoring', 'monitoring.listed', 'monitoring', '/monitoring/'],
			[VT, '/tafels', 'tables.listed', 'table', '/tafels/']
		] as const;

	it('names the ids of exactly the rows the page links to', async () => {
		for (const [email, path, action, type, prefix] of lists()) {
			const before = await newestId();
			const page = await get(email, path);
			expect(page.status, path).toBe(200);
			const shown = linked(page.text, prefix);
			expect(shown.length, `${path} shows rows to test with`).toBeGreaterThan(0);
			const [row, ...more] = await rowsAfter(email, action, before);
			expect(more, path).toEqual([]);
			expect(row.details, path).toMatchObject({ shown: type, rows: shown.length });
			expect(sorted(row.details.ids), path).toEqual(shown);
		}
	});

	it('/wachttijden names the waiting families, /meldingen and the bell the notifications', async () => {
		let before = await newestId();
		const page = await get(VT, '/wachttijden');
		expect(page.status).toBe(200);
		const [waiting] = await rowsAfter(VT, 'waiting.viewed', before);
		const cases = await own.sql<
			{ caseId: string }[]
		>`select distinct case_id from wait_entries where id = any(${waiting.details.ids as string[]}::uuid[])`;
		expect(cases.length).toBeGreaterThan(0);
		expect(cases.map((c) => c.caseId).sort()).toEqual(linked(page.text, '/zaken/'));

		const email = 'vt.medewerker@ketentafel.test';
		const me = await userOf(email);
		// newest first by the number (the text column "id" would sort "97" above "152")
		const mine = await own.sql<
			{ id: string }[]
		>`select id::text as id from notifications where user_id = ${me.id} order by notifications.id desc`;
		expect(mine.length, 'the demo has notifications to test with').toBeGreaterThan(0);
		before = await newestId();
		expect((await get(email, '/meldingen')).status).toBe(200);
		const viewed = await rowsAfter(email, 'notifications.viewed', before);
		expect(viewed.map((r) => r.details.via).sort()).toEqual(['bel', 'pagina']);
		for (const row of viewed) {
			const limit = row.details.via === 'bel' ? 8 : 200;
			expect(sorted(row.details.ids), String(row.details.via)).toEqual(
				mine
					.slice(0, limit)
					.map((n) => n.id)
					.sort()
			);
			expect(row).toMatchObject({ actorOrgId: me.organisationId, actorRoles: ['medewerker'], details: { shown: 'notification' } });
		}
	});
});

describe('refusals name the record asked for', () => {
	const CJG = 'cjg.medewerker@ketentafel.test';

	it('on a page, a data request of a client-side navigation and a form, with the organisation and role', async () => {
		const cjg = await userOf(CJG);
		const [elsewhere] = await own.sql<{ id: string }[]>`select id from handovers where to_org_id <> ${cjg.organisationId} limit 1`;
		const madeUp = randomUUID();
		const before = await newestId();

		expect((await get(CJG, `/zaken/${ids.vtCase.id}`)).status).toBe(403);
		expect((await get(CJG, `/overdrachten/${elsewhere.id}`)).status).toBe(403);
		expect((await get(CJG, `/trajecten/${madeUp}`)).status).toBe(403);
		// a client-side navigation asks for the page's data: 200 with the error inside, refused all the same
		const data = await fetch(`${own.baseUrl}/overdrachten/${elsewhere.id}/__data.json?x-sveltekit-invalidated=01`, {
			headers: { cookie: await own.cookieFor(CJG) }
		});
		expect(await data.text()).toContain('"status":403');
		const body = new URLSearchParams({
			handoverId: elsewhere.id,
			plannedAt: '2030-01-01T10:00',
			form: 'gesprek',
			vtAttendees: 'VT',
			partnerAttendees: 'CJG'
		}).toString();
		const form = await postForm(
			own.baseUrl,
			`${own.baseUrl}/zaken/${ids.vtCase.id}?/plannen`,
			await own.cookieFor(CJG),
			{ label: 'plan', contentType: 'application/x-www-form-urlencoded', body },
			ENHANCED
		);
		expect(form.status).toBe(403);

		const refused = await rowsAfter(CJG, 'access.refused', before);
		expect(
			refused.map((r) => [r.recordType, r.recordId, r.details.via, r.details.reason, r.details.path, r.details.action ?? null])
		).toEqual([
			['case', ids.vtCase.id, 'pagina', 'role', '/zaken/[id]', null],
			['handover', elsewhere.id, 'pagina', 'no_access', '/overdrachten/[id]', null],
			['trajectory', madeUp, 'pagina', 'no_access', '/trajecten/[id]', null],
			['handover', elsewhere.id, 'pagina', 'no_access', '/overdrachten/[id]', null],
			['case', ids.vtCase.id, 'formulier', 'role', '/zaken/[id]', 'plannen']
		]);
		for (const row of refused) expect(row).toMatchObject({ actorOrgId: cjg.organisationId, actorRoles: ['medewerker'] });
	});

	it('a page that is not about a record, and nothing for a page that was served', async () => {
		const email = 'vt.medewerker@ketentafel.test';
		const before = await newestId();
		expect((await get(email, '/beheer/audit')).status).toBe(403);
		expect((await get(email, '/zaken')).status).toBe(200);
		const refused = await rowsAfter(email, 'access.refused', before);
		expect(refused.map((r) => [r.recordType, r.details.path, r.details.reason])).toEqual([[null, '/beheer/audit', 'role']]);
	});
});

describe('the queue board on the portal', () => {
	it('is offered to and served for VT beheerders only; others get 403', async () => {
		const status = async (email: string) => (await get(email, '/beheer/status')).text.includes('href="/beheer/wachtrijen"');
		expect(await status('vt.beheerder@ketentafel.test')).toBe(true);
		expect(await status('gemeente.beheerder@ketentafel.test')).toBe(false);
		expect(await status('cjg.beheerder@ketentafel.test')).toBe(false);
		expect((await get('vt.beheerder@ketentafel.test', '/beheer/wachtrijen')).status).toBe(200);
		expect((await get('gemeente.beheerder@ketentafel.test', '/beheer/wachtrijen')).status).toBe(403);
		expect((await get('cjg.beheerder@ketentafel.test', '/beheer/wachtrijen')).status).toBe(403);
	});

	it('shows the last verification of the audit log on the status page, intact or where it breaks', async () => {
		const before = await get('vt.beheerder@ketentafel.test', '/beheer/status');
		expect(before.text).toContain('Het auditlog is nog niet gecontroleerd');
		await sealAuditLog(own.sql, { graceSeconds: 0 });
		const intact = await verifyAuditLog(own.sql, 'cli');
		expect(intact.intact).toBe(true);
		const shown = await get('gemeente.beheerder@ketentafel.test', '/beheer/status');
		expect(shown.text).toMatch(/Intact<\/span>\s*[\d.]+ rijen gecontroleerd, \d+ zegels/);
		expect(shown.text).toContain('npm run audit:verify');

		// the owner changes a sealed row behind the application's back
		const owner = connect(own.resources.ownerUrl, 1);
		try {
			await owner.begin(async (tx) => {
				await tx.unsafe('alter table audit_log disable trigger audit_log_no_update_delete');
				await tx.unsafe(`update audit_log set record_id = 'anders' where id = (select min(id) from audit_log)`);
				await tx.unsafe('alter table audit_log enable trigger audit_log_no_update_delete');
			});
		} finally {
			await owner.end({ timeout: 1 });
		}
		const broken = await verifyAuditLog(own.sql, 'job');
		const page = await get('vt.beheerder@ketentafel.test', '/beheer/status');
		expect(page.text).toContain('Niet intact');
		expect(page.text).toContain(broken.problem!);
		expect(page.text).toContain('nachtelijke controle');
	});
});
