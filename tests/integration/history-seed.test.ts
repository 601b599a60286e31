import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Sql } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { seed } from '../../src/lib/server/seed/seed.ts';
import { seedHistory, type SeedHistoryResult } from '../../src/lib/server/seed/history.ts';
import { HISTORY_STAFF } from '../../src/lib/server/seed/history-generator.ts';
import { dashboardFigures, publishedPeriods } from '../../src/lib/server/dashboard/figures.ts';
import { slaTimes } from '../../src/lib/server/sla/followups.ts';
import { DEFAULT_WORKDAY_POLICY, addWorkingDays, amsterdamDay } from '../../src/lib/server/workdays.ts';
import { addDays, mondayOf } from '../../src/lib/dashboard/grid.ts';
import { createTestResources, dropTestResources, type TestResources } from '../support/testdb.ts';
import { setEnv } from '../support/it-helpers.ts';

// A Friday morning far from today: the year of history runs from 15 June 2029 to 13 June 2030.
const NOW = new Date('2030-06-14T10:00:00+02:00');
const TODAY = amsterdamDay(NOW);

let own: TestResources;
let sql: Sql;
let restoreEnv: () => void;
let first: SeedHistoryResult;

const count = async (query: Promise<{ n: number }[]>) => (await query)[0].n;

beforeAll(async () => {
	own = await createTestResources('history');
	restoreEnv = setEnv({ DATABASE_URL: own.databaseUrl, REDIS_PREFIX: own.redisPrefix });
	sql = connect(own.databaseUrl, 4);
	await seed(sql, 'test');
	first = await seedHistory(sql, NOW, { publish: true }); // its speed is measured by bench:dashboard, not asserted here
}, 120_000);

afterAll(async () => {
	await closeDetachedRealtime();
	await closeRedis();
	await sql?.end();
	restoreEnv?.();
	if (own) await dropTestResources(own);
});

describe('seedHistory', () => {
	it('grows about 4,000 meldingen over 52 weeks, each gemeente by its population', async () => {
		expect(first.counts).not.toBeNull();
		const counts = first.counts!;
		// settled cases only: those registered in the last days before now are left out
		expect(counts.cases).toBeGreaterThan(3600);
		expect(counts.cases).toBeLessThanOrEqual(4000);
		expect(counts.handovers).toBeGreaterThan(0.8 * counts.cases);
		for (const n of [counts.breaches, counts.trajectories, counts.waitEntries, counts.checkins, counts.monitoring, counts.reports])
			expect(n).toBeGreaterThan(0);
		expect(first.snapshotDays).toBe(364);
		expect(first.published?.length).toBeGreaterThanOrEqual(12); // a year of periods that have ended

		const perGemeente = Object.fromEntries(
			(await sql<{ id: string; n: number }[]>`select municipality_id as id, count(*)::int as n from cases group by 1`).map((r) => [
				r.id,
				r.n
			])
		);
		// Haarlem and Haarlemmermeer ~162k inhabitants each, Uitgeest 13.5k: 29% and 2.4% of the region
		expect(perGemeente.GM0392 / counts.cases).toBeGreaterThan(0.25);
		expect(perGemeente.GM0392 / counts.cases).toBeLessThan(0.33);
		expect(perGemeente.GM0450 / counts.cases).toBeGreaterThan(0.015);
		expect(perGemeente.GM0450 / counts.cases).toBeLessThan(0.035);
		const [range] = await sql<
			{ first: string; last: string }[]
		>`select min(report_date)::text as first, max(report_date)::text as last from cases`;
		expect(range.first).toBe(addDays(TODAY, -364));
		expect(range.last < TODAY).toBe(true);
	});

	it('writes cases as the case service would: a pseudonymous reference, the norm (spoed 3, else 5 werkdagen), most assessed on time', async () => {
		const cases = await sql<
			{
				reference: string;
				reportDate: string;
				urgent: boolean;
				normDays: number;
				assessmentDue: string;
				createdAt: Date;
				completedAt: Date;
				late: boolean;
			}[]
		>`
			select reference, report_date::text as report_date, urgent, assessment_norm_days as norm_days, assessment_due::text as assessment_due, created_at,
			       assessment_completed_at as completed_at, assessment_state(assessment_due, assessment_completed_at, assessment_completed_at) = 'late' as late
			from cases`;
		for (const c of cases) {
			expect(c.reference).toMatch(/^VT-20(29|30)-\d{6}$/);
			expect(c.reference.slice(3, 7)).toBe(amsterdamDay(c.createdAt).slice(0, 4));
			expect(c.normDays).toBe(c.urgent ? 3 : 5);
			expect(c.assessmentDue).toBe(addWorkingDays(c.reportDate, c.normDays, DEFAULT_WORKDAY_POLICY));
			expect(amsterdamDay(c.createdAt) >= c.reportDate).toBe(true);
			expect(c.completedAt.getTime()).toBeGreaterThan(c.createdAt.getTime());
		}
		const late = cases.filter((c) => c.late).length / cases.length;
		expect(late).toBeGreaterThan(0.1);
		expect(late).toBeLessThan(0.2);
		// worse after the summer (weeks of 2 September – 6 October 2029) than in the spring
		const share = (from: string, to: string) => {
			const inWeeks = cases.filter((c) => amsterdamDay(c.completedAt) >= from && amsterdamDay(c.completedAt) < to);
			return inWeeks.filter((c) => c.late).length / inWeeks.length;
		};
		expect(share('2029-09-02', '2029-10-07')).toBeGreaterThan(share('2030-03-02', '2030-04-07') + 0.05);
		// nothing for VT's werkvoorraad and no open offers: only settled cases were kept
		expect(
			await count(
				sql`select count(*)::int as n from cases c join organisations o on o.id = c.responsible_org_id where o.kind = 'vt' and c.closed_at is null`
			)
		).toBe(0);
		expect(await count(sql`select count(*)::int as n from handovers where status = 'open'`)).toBe(0);
	});

	it('gives handovers an order in time, the SLA as an offer fixes it, and a breach for every answer after the deadline', async () => {
		const handovers = await sql<
			{
				id: string;
				status: string;
				offeredAt: Date;
				answeredAt: Date | null;
				withdrawnAt: Date | null;
				completedAt: Date | null;
				respondBefore: Date;
				remind50Due: Date;
				remind90Due: Date;
				minutes: number;
				breachedAt: Date | null;
				assessed: Date;
				breach: Date | null;
			}[]
		>`
			select h.id, h.status::text as status, h.offered_at, h.answered_at, h.withdrawn_at, h.completed_at, h.respond_before, h.remind_50_due, h.remind_90_due,
			       h.sla_response_minutes as minutes, h.breached_at, c.assessment_completed_at as assessed, b.breached_at as breach
			from handovers h join cases c on c.id = h.case_id left join sla_breaches b on b.handover_id = h.id`;
		let breaches = 0;
		for (const h of handovers) {
			expect(h.offeredAt.getTime()).toBeGreaterThan(h.assessed.getTime());
			const end = h.answeredAt ?? h.withdrawnAt!;
			expect(end.getTime()).toBeGreaterThan(h.offeredAt.getTime());
			if (h.completedAt) expect(h.completedAt.getTime()).toBeGreaterThan(h.answeredAt!.getTime());
			const sla = slaTimes(h.offeredAt, h.minutes, DEFAULT_WORKDAY_POLICY);
			expect([h.respondBefore.toISOString(), h.remind50Due.toISOString(), h.remind90Due.toISOString()]).toEqual(
				[sla.deadline, sla.remind50, sla.remind90].map((d) => d.toISOString())
			);
			const late = end.getTime() > h.respondBefore.getTime();
			expect(h.breachedAt?.toISOString() ?? null).toBe(late ? h.respondBefore.toISOString() : null);
			expect(h.breach?.toISOString() ?? null).toBe(late ? h.respondBefore.toISOString() : null);
			if (late) breaches++;
		}
		expect(breaches / handovers.length).toBeGreaterThan(0.03);
		expect(breaches / handovers.length).toBeLessThan(0.2);
		// the last offer of each case is the accepted one; declines say why, and explain when the reason needs it
		expect(
			await count(
				sql`select count(*)::int as n from (select case_id from handovers where status in ('accepted', 'completed') group by case_id having count(*) > 1) x`
			)
		).toBe(0);
		expect(
			await count(
				sql`select count(*)::int as n from handovers where status = 'declined' and decline_reason in ('onvoldoende_informatie', 'anders') and coalesce(decline_note, '') = ''`
			)
		).toBe(0);
		expect(
			await count(
				sql`select count(*)::int as n from handovers h join warm_handovers w on w.handover_id = h.id where h.status = 'completed' and (w.vt_confirmed_at < w.planned_at or w.partner_confirmed_at <> h.completed_at)`
			)
		).toBe(0);
	});

	it('lets families wait longer for a consortium in Zuid-Kennemerland and IJmond, with check-ins while they wait', async () => {
		const entries = await sql<{ subregionId: string; kind: string; since: string; started: string | null; handoverOk: boolean }[]>`
			select w.subregion_id, o.kind::text as kind, w.waiting_since::text as since, w.care_started_on::text as started,
			       h.status in ('accepted', 'completed') and w.waiting_since = (h.answered_at at time zone 'Europe/Amsterdam')::date as handover_ok
			from wait_entries w join organisations o on o.id = w.consortium_id join handovers h on h.id = w.handover_id`;
		expect(entries.every((e) => e.kind === 'consortium' && e.handoverOk && (e.started === null || e.started >= e.since))).toBe(true);
		const old = entries.filter((e) => e.since < addDays(TODAY, -182));
		expect(old.filter((e) => e.started).length / old.length).toBeGreaterThan(0.9);
		// every family still waiting has exactly one open check-in; recorded ones follow each other by the interval
		expect(
			await count(sql`
			select count(*)::int as n from wait_entries w
			where w.care_started_on is null and (select count(*) from safety_checkins s where s.wait_entry_id = w.id and s.outcome is null and s.cancelled_at is null) <> 1`)
		).toBe(0);
		expect(
			await count(sql`
			select count(*)::int as n from safety_checkins s join wait_entries w on w.id = s.wait_entry_id
			where s.due_on <> coalesce((select max(p.contacted_on) from safety_checkins p where p.wait_entry_id = s.wait_entry_id and p.recorded_at < s.created_at + interval '1 second'), w.waiting_since) + 14`)
		).toBe(0);
		expect(await count(sql`select count(*)::int as n from safety_checkins where outcome is not null`)).toBeGreaterThan(100);
	});

	it('closes cases with a monitoring moment, and keeps V&V-trajecten to their statutory term', async () => {
		expect(
			await count(
				sql`select count(*)::int as n from cases c where c.closed_at is not null and not exists (select 1 from monitoring_moments m where m.case_id = c.id)`
			)
		).toBe(0);
		expect(
			await count(sql`select count(*)::int as n from monitoring_moments where recorded_at is not null and not all_safe`)
		).toBeGreaterThan(0);
		expect(
			await count(
				sql`select count(*)::int as n from monitoring_moments m where m.recorded_at is not null and not exists (select 1 from monitoring_person_outcomes o where o.moment_id = m.id)`
			)
		).toBe(0);
		expect(
			await count(sql`
			select count(*)::int as n from trajectories
			where statutory_due <> (opened_at at time zone 'Europe/Amsterdam')::date + 70
			   or term_remind_due <> ((statutory_due - 7)::timestamp + interval '9 hours') at time zone 'Europe/Amsterdam'
			   or (vt_closed_at is not null and (partner_continues_confirmed_at is null or partner_continues_confirmed_at > vt_closed_at))`)
		).toBe(0);
		expect(await count(sql`select count(*)::int as n from trajectories where term_escalated_at is not null`)).toBeGreaterThan(0);
	});

	it('runs twice without duplicating anything', async () => {
		const before = await sql<{ cases: number; handovers: number; reports: number }[]>`
			select (select count(*) from cases)::int as cases, (select count(*) from handovers)::int as handovers, (select count(*) from waiting_time_reports)::int as reports`;
		const again = await seedHistory(sql, NOW);
		expect(again.counts).toBeNull();
		const after = await sql<{ cases: number; handovers: number; reports: number }[]>`
			select (select count(*) from cases)::int as cases, (select count(*) from handovers)::int as handovers, (select count(*) from waiting_time_reports)::int as reports`;
		expect(after).toEqual(before);
		expect(await count(sql`select count(*)::int as n from users where email = any(${HISTORY_STAFF.map((s) => s.email)})`)).toBe(
			HISTORY_STAFF.length
		);
	});

	it('gives every gemeente figures in most weeks of the dashboard, and the subregions wait differently as designed', async () => {
		const weeks = await sql<{ municipalityId: string; n: number }[]>`
			select m.id as municipality_id, count(d.week)::int as n from municipalities m
			left join dashboard_weekly d on d.municipality_id = m.id and d.metric = 'reports' and d.count > 0
			  and d.week >= ${addDays(mondayOf(TODAY), -51 * 7)} and d.week <= ${mondayOf(TODAY)}
			group by m.id`;
		const byId = Object.fromEntries(weeks.map((w) => [w.municipalityId, w.n]));
		expect(byId.GM0392).toBeGreaterThanOrEqual(48); // Haarlem: meldingen in nearly every week
		for (const w of weeks) expect(w.n, w.municipalityId).toBeGreaterThanOrEqual(30); // Uitgeest too, most weeks

		// the published periods of the year: a period's stages per subregion, and the year's meldingen
		const published = await publishedPeriods(sql);
		expect(published.length).toBeGreaterThanOrEqual(12);
		const medians: Record<string, number[]> = {};
		for (const p of published) {
			const f = await dashboardFigures(sql, { kind: 'regio' }, { from: p, to: p });
			for (const [id, d] of Object.entries(f.bottleneck.stages.find((s) => s.id === 'care')!.bySubregion))
				if (d) (medians[id] ??= []).push(d.median);
		}
		const mean = (id: string) => medians[id].reduce((n, m) => n + m, 0) / medians[id].length;
		expect(mean('zuid-kennemerland')).toBeGreaterThan(1.4 * mean('haarlemmermeer'));
		expect(mean('ijmond')).toBeGreaterThan(1.3 * mean('haarlemmermeer'));
		const year = await dashboardFigures(
			sql,
			{ kind: 'regio' },
			{ from: published[Math.max(0, published.length - 13)], to: published.at(-1)! }
		);
		expect(year.key.find((k) => k.metric === 'reports')!.total).toBeGreaterThan(3000);
		// the gemeente's own view has figures too
		const haarlem = await dashboardFigures(
			sql,
			{ kind: 'gemeente', municipalityId: 'GM0392' },
			{ from: published.at(-1)!, to: published.at(-1)! }
		);
		expect(haarlem.key.find((k) => k.metric === 'offered')!.values.GM0392).toBeGreaterThanOrEqual(5);
		expect(haarlem.bottleneck.stages.find((s) => s.id === 'accept')!.current).not.toBeNull();
	});

	it('is reproducible: the same seed on a fresh database gives the same history', async () => {
		const other = await createTestResources('history2');
		const second = connect(other.databaseUrl, 2);
		try {
			await seed(second, 'test');
			await seedHistory(second, NOW);
			const digest = (db: Sql) => db<{ d: string }[]>`
				select md5(string_agg(x, ',' order by x)) as d from (
				  select concat_ws('|', c.report_date, c.municipality_id, c.urgent, c.created_at, c.assessment_completed_at, c.closed_at, h.offered_at, h.status, o.name, h.answered_at) as x
				  from cases c left join handovers h on h.case_id = c.id left join organisations o on o.id = h.to_org_id) t`;
			expect((await digest(second))[0].d).toBe((await digest(sql))[0].d);
		} finally {
			await second.end();
			await dropTestResources(other);
		}
	}, 60_000);
});
