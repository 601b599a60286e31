import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { ForbiddenError, InputError } from '../../src/lib/server/errors.ts';
import { createCase, updateCase } from '../../src/lib/server/cases/service.ts';
import { readCase } from '../../src/lib/server/cases/queries.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { publishDuePeriods } from '../../src/lib/server/dashboard/publish.ts';
import { dashboardFigures, type DashboardFigures } from '../../src/lib/server/dashboard/figures.ts';
import { dashboardScope, viewDashboard } from '../../src/lib/server/dashboard/service.ts';
import { figureTables, toCsv } from '../../src/lib/dashboard/tables.ts';
import { dashboardEndpoint } from '../../src/lib/server/dashboard/api.ts';
import { createApiToken } from '../../src/lib/server/api/tokens.ts';
import { parsePeriodId } from '../../src/lib/dashboard/grid.ts';
import { completeCase, ensureRegion, organisation, person, type Org, type Person } from '../support/it-cases.ts';
import { useOwnDatabase } from '../support/own-database.ts';

// A fixture in period 3 of 2030 (Monday 25 February – Sunday 24 March), computed by hand, published
// on Tuesday 26 March.
const clock = new ManualClock('2030-03-04T10:00:00+01:00');
const deps = () => ({ sql: db(), clock, enqueueTimers: false });
const at = (iso: string) => clock.set(iso);
const P03 = parsePeriodId('2030-P03')!;
const RANGE = { from: P03, to: P03 };

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

	// week of 4 March: Haarlem 12 complete + 1 incomplete, Haarlemmermeer 5 complete
	at('2030-03-04T10:00:00+01:00');
	const haarlem = [];
	for (let i = 0; i < 12; i++) haarlem.push(await newCase('GM0392', '2030-03-04'));
	at('2030-03-04T11:00:00+01:00');
	for (let i = 0; i < 5; i++) await newCase('GM0394', '2030-03-04');
	at('2030-03-05T10:00:00+01:00');
	const late = await newCase('GM0392', '2030-03-05', false);

	// Wednesday 6 March 10:00: the twelve complete Haarlem cases offered to CJG; one declined, eleven accepted after 1–11 hours
	at('2030-03-06T10:00:00+01:00');
	const offers = [];
	for (const id of haarlem)
		offers.push(await offerHandover(deps(), vtWorker.actor, id, { toOrgId: cjg.id, message: 'Graag een warme overdracht.' }));
	at('2030-03-06T10:30:00+01:00');
	await answerHandover(deps(), cjgWorker.actor, offers[11], { answer: 'decline', reason: 'geen_capaciteit', note: '' });
	for (let i = 0; i < 11; i++) {
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

	at('2030-03-26T06:00:00+01:00');
	await publishDuePeriods({ sql: db(), clock });
});

const keyOf = (f: DashboardFigures, metric: string) => f.key.find((k) => k.metric === metric)!;
const region = () => dashboardFigures(db(), { kind: 'regio' }, RANGE);
const haarlem = () => dashboardFigures(db(), { kind: 'gemeente', municipalityId: 'GM0392' }, RANGE);

describe('figures from a known fixture', () => {
	it('counts meldingen per gemeente, subregion and region, with small numbers and what would reveal them hidden', async () => {
		const f = await region();
		expect(f.period.id).toBe('2030-P03');
		expect(f.areas.map((a) => a.id)).toEqual([
			'regio',
			'haarlemmermeer',
			'ijmond',
			'zuid-kennemerland',
			'GM0375',
			'GM0377',
			'GM0392',
			'GM0394',
			'GM0396',
			'GM0397',
			'GM0450',
			'GM0453',
			'GM0473'
		]);
		expect(keyOf(f, 'reports').values).toEqual({
			regio: 26,
			'zuid-kennemerland': 15,
			ijmond: 6,
			haarlemmermeer: 5,
			GM0394: 5, // Haarlemmermeer
			GM0473: '<5', // Zandvoort 2
			GM0377: '<5', // Bloemendaal 0
			GM0397: '<5', // Heemstede 0
			GM0392: 'afgeschermd', // Haarlem 13: else 15 − 13 gives away the rest of Zuid-Kennemerland
			GM0375: '<5',
			GM0396: '<5',
			GM0450: '<5',
			GM0453: 'afgeschermd' // Velsen 6: the other IJmond gemeenten had none
		});
		expect(keyOf(f, 'reports').previous).toBeNull(); // nothing published before
		expect(keyOf(f, 'reports').series).toEqual([{ period: '2030-P03', value: 26 }]);
	});

	it('measures assessments against the 5-werkdagen norm', async () => {
		const f = await region();
		expect(keyOf(f, 'assessed_on_time').values).toMatchObject({ regio: 25, 'zuid-kennemerland': 14, GM0392: 'afgeschermd' });
		expect(keyOf(f, 'assessed_late').values.regio).toBe('<5'); // the one completed two days late
		expect(f.onTimeShare).toBeNull(); // a share would give the small count away
	});

	it('hides the region’s twelve offers per gemeente: next to the total they would show that all other gemeenten had none', async () => {
		const f = await region();
		// Haarlem made every offer: a published Haarlem, Zuid-Kennemerland or region next to the
		// region would give away the hidden zeros of the other gemeenten
		expect(keyOf(f, 'offered').values).toMatchObject({
			regio: 12,
			'zuid-kennemerland': 'afgeschermd',
			ijmond: '<5',
			haarlemmermeer: '<5',
			GM0392: 'afgeschermd'
		});
		expect(keyOf(f, 'accepted').values.regio).toBe(11);
		expect(keyOf(f, 'declined').values.regio).toBe('<5');
		const partner = f.partners.find((p) => p.id === cjg.id)!;
		expect(partner.values).toMatchObject({ offered: 12, accepted: 11, declined: '<5', withdrawn: '<5' });
		expect(f.declineReasons.find((r) => r.reason === 'geen_capaciteit')!.value).toBe('<5');
	});

	it('publishes durations only from 10 families (p90 from 20), rounded to whole hours', async () => {
		const f = await region();
		const stage = (id: string) => f.bottleneck.stages.find((s) => s.id === id)!;
		// 26 assessments: 20 × 600 min, 5 × 660 (Haarlemmermeer, an hour later) and one of 9 days 11 hours
		expect(stage('assessment').current).toEqual({ median: 600, p90: 660 });
		expect(stage('offer').current).toEqual({ median: 2880, p90: null }); // 12 offers, two days after the assessment
		expect(stage('accept').current).toEqual({ median: 360, p90: null }); // 11 accepts after 1 … 11 hours
		expect(stage('warm').current).toBeNull();
		expect(f.bottleneck.slowest).toBe('offer');
		// Zuid-Kennemerland 15 assessments (median only); IJmond 6 and Haarlemmermeer 5: too few
		expect(stage('assessment').bySubregion).toEqual({
			haarlemmermeer: null,
			ijmond: null,
			'zuid-kennemerland': { median: 600, p90: null }
		});
		expect(f.partners.find((p) => p.id === cjg.id)!.toAccept).toEqual({ median: 360, p90: null });
		expect(stage('assessment').previous).toBeNull();
	});

	it('shows a gemeente its own figures next to its subregion and the region: a part of the regional publication', async () => {
		const f = await haarlem();
		expect(f.areas.map((a) => a.id)).toEqual(['GM0392', 'zuid-kennemerland', 'regio']);
		expect(keyOf(f, 'reports').values).toEqual({ GM0392: 'afgeschermd', 'zuid-kennemerland': 15, regio: 26 });
		expect(keyOf(f, 'offered').values).toEqual({ GM0392: 'afgeschermd', 'zuid-kennemerland': 'afgeschermd', regio: 12 });
		expect(f.bottleneck.stages.find((s) => s.id === 'assessment')!.current).toEqual({ median: 600, p90: null }); // Haarlem's 13
		const velsen = await dashboardFigures(db(), { kind: 'gemeente', municipalityId: 'GM0453' }, RANGE);
		expect(keyOf(velsen, 'reports').values).toEqual({ GM0453: 'afgeschermd', ijmond: 6, regio: 26 });
	});
});

describe('suppression never leaks a small number', () => {
	it('in no figure of any scope: no published count is under 5, and no sum of areas gives one away', async () => {
		for (const scope of [{ kind: 'regio' as const }, { kind: 'gemeente' as const, municipalityId: 'GM0392' }]) {
			const f = await dashboardFigures(db(), scope, RANGE);
			const counts: unknown[] = [
				...f.key.flatMap((k) => [...Object.values(k.values), k.previous, ...k.series.map((x) => x.value)]),
				...f.partners.flatMap((p) => Object.values(p.values)),
				...f.declineReasons.map((r) => r.value),
				...f.waiting.flatMap((w) => [w.waiting, w.overNorm])
			];
			for (const c of counts) if (typeof c === 'number') expect(c).toBeGreaterThanOrEqual(5);
			if (scope.kind !== 'regio') continue;
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
		const all = await region();
		const views = await Promise.all(
			all.areas.filter((a) => a.level === 'gemeente').map((a) => dashboardFigures(db(), { kind: 'gemeente', municipalityId: a.id }, RANGE))
		);
		for (const k of all.key) {
			for (const view of views) {
				for (const [area, value] of Object.entries(view.key.find((x) => x.metric === k.metric)!.values)) {
					// every view is a part of the one regional publication: the same label, the same number
					expect(k.values[area], `${k.metric} ${area} in ${view.scope.name}`).toBe(value);
				}
			}
		}
	});

	it('keeps the CSV exports to the same published values', async () => {
		const csv = toCsv(figureTables(await haarlem()).find((t) => t.id === 'kerncijfers')!);
		expect(csv.startsWith('\ufeff"Cijfer";"Haarlem";"Zuid-Kennemerland";"Regio Kennemerland"')).toBe(true);
		expect(csv).toContain('"Meldingen";"afgeschermd";"15";"26"');
		expect(csv).not.toMatch(/"[1-4]"/);
	});
});

describe('publication: figures change only when a period has ended', () => {
	it('publishes a period the Tuesday after it ended, once, and never changes it', async () => {
		const published = async () =>
			(await db()<{ id: string; at: Date }[]>`select period_id as id, published_at as at from dashboard_publications order by 1`).map(
				(r) => r.id
			);
		expect(await published()).toEqual(['2030-P03']);
		// a melding entered late, dated in period 3: the published figures stay as they were
		at('2030-03-27T09:00:00+01:00');
		await newCase('GM0397', '2030-03-20');
		expect(await publishDuePeriods({ sql: db(), clock })).toEqual([]);
		expect(keyOf(await region(), 'reports').values.regio).toBe(26);
		// period 4 ends on Sunday 21 April: not on Monday 22, but on Tuesday 23
		at('2030-04-22T06:00:00+02:00');
		expect(await publishDuePeriods({ sql: db(), clock })).toEqual([]);
		at('2030-04-23T06:00:00+02:00');
		expect(await publishDuePeriods({ sql: db(), clock })).toEqual(['2030-P04']);
		const two = await dashboardFigures(db(), { kind: 'regio' }, { from: P03, to: parsePeriodId('2030-P04')! });
		expect(two.period.id).toBe('2030-P04');
		expect(keyOf(two, 'reports').series.map((x) => x.period)).toEqual(['2030-P03', '2030-P04']);
		expect(keyOf(two, 'reports').previous).toBe(26);
		expect(keyOf(two, 'reports').total).toBeNull(); // period 4 has a hidden count: no total
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
		const { figures } = await viewDashboard(
			{ sql: db(), clock },
			gemeenteUser.actor,
			new URLSearchParams('van=2030-P03&tot=2030-P03'),
			'page'
		);
		const text = JSON.stringify(figures);
		for (const r of references) expect(text).not.toContain(r);
		for (const id of caseIds) expect(text).not.toContain(id);
		const [row] = await db()<{ details: Record<string, string> }[]>`
			select details from audit_log where action = 'dashboard.viewed' and actor_user_id = ${gemeenteUser.user.id} order by id desc limit 1`;
		expect(row.details).toEqual({ from: '2030-P03', to: '2030-P03', via: 'page' });
	});
});

describe('the JSON API', () => {
	const get = (token: string | null, query: string) =>
		dashboardEndpoint(deps(), {
			request: new Request(`http://ketentafel.test/api/v1/dashboard?${query}`, {
				headers: token ? { authorization: `Bearer ${token}` } : {}
			}),
			ip: null
		});

	it("gives a gemeente token its own gemeente's figures, whatever it asks for, and names a wrong parameter", async () => {
		const beheerder = await person(gemeente, 'beheerder', clock);
		const { token } = await createApiToken({ sql: db(), clock }, beheerder.actor, { name: 'BI-omgeving', scopes: ['dashboard:read'] });
		const response = await get(token, 'van=2030-P03&tot=2030-03-24&gemeente=GM0453');
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body.scope).toEqual({ kind: 'gemeente', id: 'GM0392', name: 'Haarlem' });
		expect(body.key.find((k: { metric: string }) => k.metric === 'reports').values).toEqual({
			GM0392: 'afgeschermd',
			'zuid-kennemerland': 15,
			regio: 26
		});

		const fields = async (query: string) => {
			const r = await get(token, query);
			expect(r.status, query).toBe(400);
			return (await r.json()).error.fields;
		};
		expect(await fields('van=2030-P03&tot=2030-P13')).toEqual({
			tot: expect.stringMatching(
				/^Periode 13 van 2030 is nog niet gepubliceerd\. De laatste gepubliceerde periode is periode [34] van 2030\.$/
			)
		});
		expect(await fields('van=banana&tot=2030-P03')).toEqual({
			van: 'Kies bij "van" een periode, zoals 2026-P12, of een datum (jjjj-mm-dd).'
		});
		expect(await fields('van=2030-02-30&tot=2030-P03')).toEqual({
			van: 'Kies bij "van" een periode, zoals 2026-P12, of een datum (jjjj-mm-dd).'
		});
		expect(await fields('van=2030-P03')).toEqual({ tot: 'Geef zowel "van" als "tot en met" op.' });
		expect(await fields('periodes=5')).toEqual({ periodes: 'Kies 1, 3, 6 of 13 periodes.' });
		expect(await fields('periodes=3&periodes=1')).toEqual({ periodes: 'Geef "periodes" één keer op.' });
		expect((await get(null, 'periodes=3')).status).toBe(401);
	});

	it('gives the scope only to gemeenten and the stuurgroep, and handovers scopes never to them', async () => {
		const cjgBeheerder = await person(cjg, 'beheerder', clock);
		await expect(
			createApiToken({ sql: db(), clock }, cjgBeheerder.actor, { name: 'BI', scopes: ['dashboard:read'] })
		).rejects.toBeInstanceOf(InputError);
		const beheerder = await person(gemeente, 'beheerder', clock);
		await expect(
			createApiToken({ sql: db(), clock }, beheerder.actor, { name: 'Zaken', scopes: ['handovers:read'] })
		).rejects.toBeInstanceOf(InputError);
	});
});
