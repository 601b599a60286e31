import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/client.ts';
import { refreshDashboard } from '../../src/lib/server/dashboard/refresh.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { ForbiddenError } from '../../src/lib/server/errors.ts';
import { createCase, updateCase } from '../../src/lib/server/cases/service.ts';
import { readCase } from '../../src/lib/server/cases/queries.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { refreshWeeks } from '../../src/lib/server/dashboard/rollup.ts';
import { dashboardFigures, type DashboardFigures } from '../../src/lib/server/dashboard/figures.ts';
import { dashboardScope, viewDashboard } from '../../src/lib/server/dashboard/service.ts';
import { figureTables, toCsv } from '../../src/lib/dashboard/tables.ts';
import { dashboardEndpoint } from '../../src/lib/server/dashboard/api.ts';
import { createApiToken } from '../../src/lib/server/api/tokens.ts';
import { InputError } from '../../src/lib/server/errors.ts';
import { completeCase, ensureRegion, organisation, person, type Org, type Person } from '../support/it-cases.ts';
import { useOwnDatabase } from '../support/own-database.ts';

// A fixture in two weeks of March 2030 (weeks of Monday 4 and Monday 11 March), computed by hand.
const clock = new ManualClock('2030-03-04T10:00:00+01:00');
const deps = () => ({ sql: db(), clock, enqueueTimers: false });
const at = (iso: string) => clock.set(iso);
const PERIOD = { from: '2030-03-04', to: '2030-03-11' };

let vt: Org, cjg: Org, gemeente: Org, stuurgroep: Org;
let vtWorker: Person, cjgWorker: Person, gemeenteUser: Person, stuurgroepUser: Person;
const references: string[] = [];
const caseIds: string[] = [];

useOwnDatabase('dashboard');

async function newCase(municipalityId: string, reportDate: string, complete = true): Promise<string> {
	const input = complete
		? completeCase({ municipalityId, reportDate })
		: completeCase({ municipalityId, reportDate, persons: [{ role: 'ouder', label: 'Moeder', spokenTo: false }] });
	const id = await createCase(deps(), vtWorker.actor, input);
	caseIds.push(id);
	references.push((await readCase(db(), id))!.reference);
	return id;
}

beforeAll(async () => {
	await ensureRegion();
	[vt, cjg, gemeente] = [await organisation('vt'), await organisation('cjg'), await organisation('gemeente')]; // gemeente: Haarlem
	stuurgroep = await organisation('stuurgroep');
	vtWorker = await person(vt, 'medewerker', clock);
	cjgWorker = await person(cjg, 'medewerker', clock);
	gemeenteUser = await person(gemeente, 'gemeente', clock);
	stuurgroepUser = await person(stuurgroep, 'stuurgroep', clock);

	// week of 4 March: Haarlem 6 complete + 1 incomplete, Haarlemmermeer 5 complete
	at('2030-03-04T10:00:00+01:00');
	const haarlem = [];
	for (let i = 0; i < 6; i++) haarlem.push(await newCase('GM0392', '2030-03-04'));
	at('2030-03-04T11:00:00+01:00');
	for (let i = 0; i < 5; i++) await newCase('GM0394', '2030-03-04');
	at('2030-03-05T10:00:00+01:00');
	const late = await newCase('GM0392', '2030-03-05', false);

	// Wednesday 6 March 10:00: the six complete Haarlem cases offered to CJG; five accepted after 1–5 hours, one declined
	at('2030-03-06T10:00:00+01:00');
	const offers = [];
	for (const id of haarlem) offers.push(await offerHandover(deps(), vtWorker.actor, id, { toOrgId: cjg.id, message: 'Graag een warme overdracht.' }));
	at('2030-03-06T10:30:00+01:00');
	await answerHandover(deps(), cjgWorker.actor, offers[5], { answer: 'decline', reason: 'geen_capaciteit', note: '' });
	for (let i = 0; i < 5; i++) {
		at(new Date(Date.parse('2030-03-06T10:00:00+01:00') + (i + 1) * 3_600_000).toISOString());
		await answerHandover(deps(), cjgWorker.actor, offers[i], { answer: 'accept' });
	}

	// week of 11 March: Velsen 6, Zandvoort 2; the incomplete Haarlem case completed on Thursday 14 (due Tuesday 12)
	at('2030-03-12T10:00:00+01:00');
	for (let i = 0; i < 6; i++) await newCase('GM0453', '2030-03-12');
	for (let i = 0; i < 2; i++) await newCase('GM0473', '2030-03-12');
	at('2030-03-14T11:00:00+01:00');
	const c = (await readCase(db(), late))!;
	await updateCase(deps(), vtWorker.actor, late, completeCase({ municipalityId: 'GM0392', reportDate: '2030-03-05', version: c.version }));

	at('2030-03-17T12:00:00+01:00');
	await refreshWeeks(db(), '2030-02-18', '2030-03-11', clock.now());
});

const keyOf = (f: DashboardFigures, metric: string) => f.key.find((k) => k.metric === metric)!;

describe('figures from a known fixture', () => {
	it('counts meldingen per gemeente, subregion and region, with small numbers and what would reveal them hidden', async () => {
		const f = await dashboardFigures(db(), { kind: 'regio' }, PERIOD);
		expect(f.areas.map((a) => a.id)).toEqual(['regio', 'haarlemmermeer', 'ijmond', 'zuid-kennemerland', 'GM0375', 'GM0377', 'GM0392', 'GM0394', 'GM0396', 'GM0397', 'GM0450', 'GM0453', 'GM0473']);
		expect(keyOf(f, 'reports').values).toEqual({
			regio: 20,
			'zuid-kennemerland': 9,
			ijmond: 6,
			haarlemmermeer: 5,
			GM0394: 5, // Haarlemmermeer
			GM0473: '<5', // Zandvoort 2
			GM0377: '<5', // Bloemendaal 0
			GM0397: '<5', // Heemstede 0
			GM0392: 'afgeschermd', // Haarlem 7: else 9 − 7 gives away the rest of Zuid-Kennemerland
			GM0375: '<5',
			GM0396: '<5',
			GM0450: '<5',
			GM0453: 'afgeschermd' // Velsen 6: the other IJmond gemeenten had none
		});
		expect(f.weekly.find((w) => w.metric === 'reports')!.values).toEqual([
			{ week: '2030-03-04', value: 12 },
			{ week: '2030-03-11', value: 8 }
		]);
		expect(keyOf(f, 'reports').previous).toBe('<5'); // no meldingen in the two weeks before
	});

	it('measures assessments against the 5-werkdagen norm', async () => {
		const f = await dashboardFigures(db(), { kind: 'regio' }, PERIOD);
		expect(keyOf(f, 'assessed_on_time').values.regio).toBe(19);
		expect(keyOf(f, 'assessed_late').values.regio).toBe('<5'); // the one completed two days late
		expect(f.onTimeShare).toBeNull(); // a share would give the small count away
	});

	it('gives handovers per partner with the time to acceptance (median and p90)', async () => {
		const f = await dashboardFigures(db(), { kind: 'regio' }, PERIOD);
		expect(keyOf(f, 'offered').values.regio).toBe(6);
		expect(keyOf(f, 'accepted').values.regio).toBe(5);
		expect(keyOf(f, 'declined').values.regio).toBe('<5');
		const partner = f.partners.find((p) => p.id === cjg.id)!;
		expect(partner.values).toMatchObject({ offered: 6, accepted: 5, declined: '<5', withdrawn: '<5' });
		// 60, 120, 180, 240 and 300 minutes: median 180, p90 = 240 + 0.6 × 60
		expect(partner.toAccept).toEqual({ median: 180, p90: 276 });
		expect(partner.toComplete).toBeNull();
		expect(f.declineReasons.find((r) => r.reason === 'geen_capaciteit')!.value).toBe('<5');
	});

	it('finds the slowest stage of the chain and compares the subregions', async () => {
		const f = await dashboardFigures(db(), { kind: 'regio' }, PERIOD);
		const stage = (id: string) => f.bottleneck.stages.find((s) => s.id === id)!;
		// 14 × 600 min, 5 × 660 (Haarlemmermeer, an hour later) and one of 9 days 11 hours
		expect(stage('assessment').current).toEqual({ median: 600, p90: 660 });
		expect(stage('offer').current).toEqual({ median: 2880, p90: 2880 }); // two days from complete to offer
		expect(stage('accept').current).toEqual({ median: 180, p90: 276 });
		expect(stage('warm').current).toBeNull();
		expect(f.bottleneck.slowest).toBe('offer');
		expect(stage('assessment').bySubregion).toEqual({
			haarlemmermeer: { median: 660, p90: 660 },
			ijmond: { median: 600, p90: 600 },
			'zuid-kennemerland': { median: 600, p90: 600 + Math.round(0.2 * 13020) } // 9 values: p90 between 600 and 13620
		});
		expect(stage('assessment').previous).toBeNull();
	});

	it('shows a gemeente its own figures next to its subregion and the region, never the rest of the subregion', async () => {
		const f = await dashboardFigures(db(), { kind: 'gemeente', municipalityId: 'GM0392' }, PERIOD);
		expect(f.areas.map((a) => a.id)).toEqual(['GM0392', 'zuid-kennemerland', 'regio']);
		// Haarlem's 7 is hidden here too, as in the stuurgroep's view: next to the subregion's 9 it would give away the other 2
		expect(keyOf(f, 'reports').values).toEqual({ GM0392: 'afgeschermd', 'zuid-kennemerland': 9, regio: 20 });
		// a figure without small numbers around it is the gemeente's own to see
		expect(keyOf(f, 'offered').values.GM0392).toBe('afgeschermd');
		const velsen = await dashboardFigures(db(), { kind: 'gemeente', municipalityId: 'GM0453' }, PERIOD);
		expect(keyOf(velsen, 'reports').values).toEqual({ GM0453: 'afgeschermd', ijmond: 6, regio: 20 });
		// the week without meldingen is small; the other week would give it away
		expect(f.weekly.find((w) => w.metric === 'reports')!.values.map((v) => v.value)).toEqual(['afgeschermd', '<5']);
	});
});

describe('suppression never leaks a small number', () => {
	it('in no figure of any scope: no published count is under 5, and no sum of areas gives one away', async () => {
		for (const scope of [{ kind: 'regio' as const }, { kind: 'gemeente' as const, municipalityId: 'GM0392' }]) {
			const f = await dashboardFigures(db(), scope, PERIOD);
			const counts: unknown[] = [
				...f.key.flatMap((k) => [...Object.values(k.values), k.previous]),
				...f.weekly.flatMap((w) => w.values.map((v) => v.value)),
				...f.partners.flatMap((p) => Object.values(p.values)),
				...f.declineReasons.map((r) => r.value),
				...f.waiting.flatMap((w) => [w.waiting, w.overNorm])
			];
			for (const c of counts) if (typeof c === 'number') expect(c).toBeGreaterThanOrEqual(5);
			if (scope.kind !== 'regio') continue;
			// every subregion minus its published gemeenten, and the region minus its subregions
			for (const k of f.key) {
				const v = k.values;
				const published = (ids: string[]) => ids.filter((id) => typeof v[id] === 'number');
				const groups: [string, string[]][] = [
					['regio', ['haarlemmermeer', 'ijmond', 'zuid-kennemerland']],
					['zuid-kennemerland', ['GM0392', 'GM0473', 'GM0377', 'GM0397']],
					['ijmond', ['GM0453', 'GM0375', 'GM0396', 'GM0450']],
					['haarlemmermeer', ['GM0394']]
				];
				for (const [total, parts] of groups) {
					if (typeof v[total] !== 'number' || published(parts).length === parts.length) continue;
					const rest = (v[total] as number) - published(parts).reduce((n, id) => n + (v[id] as number), 0);
					expect(rest, `${k.metric}: ${total} minus its published parts`).toBeGreaterThanOrEqual(5);
				}
			}
		}
	});

	it('reveals nothing more when all gemeenten and the stuurgroep put their reports side by side', async () => {
		const region = await dashboardFigures(db(), { kind: 'regio' }, PERIOD);
		const views = await Promise.all(region.areas.filter((a) => a.level === 'gemeente').map((a) => dashboardFigures(db(), { kind: 'gemeente', municipalityId: a.id }, PERIOD)));
		for (const k of region.key) {
			for (const view of views) {
				for (const [area, value] of Object.entries(view.key.find((x) => x.metric === k.metric)!.values)) {
					// whatever a gemeente's view publishes, the stuurgroep's view publishes too (and the same number)
					if (typeof value === 'number') expect(k.values[area], `${k.metric} ${area} in ${view.scope.name}`).toBe(value);
				}
			}
		}
	});

	it('keeps the CSV exports to the same published values', async () => {
		const f = await dashboardFigures(db(), { kind: 'gemeente', municipalityId: 'GM0392' }, PERIOD);
		const csv = toCsv(figureTables(f).find((t) => t.id === 'kerncijfers')!);
		expect(csv.startsWith('\ufeff"Cijfer";"Haarlem";"Zuid-Kennemerland";"Regio Kennemerland"')).toBe(true);
		expect(csv).toContain('"Meldingen";"afgeschermd";"9";"20"');
		expect(csv).not.toMatch(/"[1-4]"/);
	});
});

describe('who sees which figures', () => {
	it('gives a gemeente user its own gemeente and the stuurgroep the region; everyone else is refused', async () => {
		expect(await dashboardScope(db(), gemeenteUser.actor)).toEqual({ kind: 'gemeente', municipalityId: 'GM0392' });
		expect(await dashboardScope(db(), stuurgroepUser.actor)).toEqual({ kind: 'regio' });
		for (const who of [vtWorker, cjgWorker]) await expect(dashboardScope(db(), who.actor)).rejects.toBeInstanceOf(ForbiddenError);
		const beheerder = await person(gemeente, 'beheerder', clock);
		await expect(dashboardScope(db(), beheerder.actor)).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('never shows a case: no reference or id of the fixture appears in the figures, and the view is audited', async () => {
		const f = await viewDashboard({ sql: db(), clock }, gemeenteUser.actor, PERIOD);
		const text = JSON.stringify(f);
		for (const r of references) expect(text).not.toContain(r);
		for (const id of caseIds) expect(text).not.toContain(id);
		const [row] = await db()<{ details: Record<string, string> }[]>`
			select details from audit_log where action = 'dashboard.viewed' and actor_user_id = ${gemeenteUser.user.id} order by id desc limit 1`;
		expect(row.details).toEqual({ from: PERIOD.from, to: PERIOD.to, via: 'page' });
	});
});

describe('the JSON API', () => {
	const get = (token: string | null, query: string) =>
		dashboardEndpoint(deps(), {
			request: new Request(`http://ketentafel.test/api/v1/dashboard?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }),
			ip: null
		});

	it("gives a gemeente token its own gemeente's figures, whatever it asks for", async () => {
		const beheerder = await person(gemeente, 'beheerder', clock);
		const { token } = await createApiToken({ sql: db(), clock }, beheerder.actor, { name: 'BI-omgeving', scopes: ['dashboard:read'] });
		const response = await get(token, 'van=2030-03-04&tot=2030-03-11&gemeente=GM0453');
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body.scope).toEqual({ kind: 'gemeente', id: 'GM0392', name: 'Haarlem' });
		expect(body.key.find((k: { metric: string }) => k.metric === 'reports').values).toEqual({ GM0392: 'afgeschermd', 'zuid-kennemerland': 9, regio: 20 });

		const future = await get(token, 'van=2030-03-04&tot=2030-04-30');
		expect(future.status).toBe(400);
		expect((await future.json()).error.fields).toEqual({ period: 'De periode kan niet na deze week eindigen.' });
		expect((await get(null, 'weken=13')).status).toBe(401);
	});

	it('gives the scope only to gemeenten and the stuurgroep, and handovers scopes never to them', async () => {
		const cjgBeheerder = await person(cjg, 'beheerder', clock);
		await expect(createApiToken({ sql: db(), clock }, cjgBeheerder.actor, { name: 'BI', scopes: ['dashboard:read'] })).rejects.toBeInstanceOf(InputError);
		const beheerder = await person(gemeente, 'beheerder', clock);
		await expect(createApiToken({ sql: db(), clock }, beheerder.actor, { name: 'Zaken', scopes: ['handovers:read'] })).rejects.toBeInstanceOf(InputError);
	});
});

describe('keeping the rollups current', () => {
	it('signals a change only when the figures changed', async () => {
		at('2030-03-17T12:00:00+01:00');
		const refresh = () => refreshDashboard({ sql: db(), clock });
		await refresh();
		expect((await refresh()).changed).toBe(false);
		at('2030-03-15T09:00:00+01:00');
		await newCase('GM0397', '2030-03-15');
		at('2030-03-17T12:00:00+01:00');
		expect((await refresh()).changed).toBe(true);
		const f = await dashboardFigures(db(), { kind: 'regio' }, PERIOD);
		expect(keyOf(f, 'reports').values.regio).toBe(21);
	});
});
