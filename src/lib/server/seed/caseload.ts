import type { Sql, Tx } from '../db/client.ts';
import { amsterdamDay } from '../workdays.ts';
import { sprintProgress, readSprint } from '../caseload/sprints.ts';
import type { SprintKind, SprintTarget } from '../caseload/schema.ts';
import { SUBREGIONS } from '../../region.ts';

const DAY_MS = 86_400_000;
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The team's caseload norms: a default of 15 zaken, and a part-timer held against 10. */
const TEAM_NORM = 15;
const OWN_NORMS: Record<string, number> = { 'vt.medewerker2@ketentafel.test': 10 };

interface DemoSprint {
	name: string;
	kind: SprintKind;
	/** Days relative to today. */
	from: number;
	to: number;
	participants: string[];
	subregionId: string | null;
	olderThanDays: number | null;
	targetKind: SprintTarget;
	/** The target from the progress the seed finds (demo data: a running sprint on its way, a finished one just short). */
	target: (value: number) => number;
}

const IJMOND = SUBREGIONS.find((s) => s.id === 'ijmond')!.id;

const DEMO_SPRINTS: DemoSprint[] = [
	{
		name: 'Sprintweek werkvoorraad regio',
		kind: 'sprintweek',
		from: -3,
		to: 3,
		participants: ['vt.medewerker@ketentafel.test', 'vt.medewerker2@ketentafel.test'],
		subregionId: null,
		olderThanDays: null,
		targetKind: 'assessments_completed',
		target: (value) => value + 4
	},
	{
		name: 'Focusgroep IJmond',
		kind: 'focusgroep',
		from: -21,
		to: -12,
		participants: ['vt.medewerker@ketentafel.test', 'vt.medewerker2@ketentafel.test'],
		subregionId: IJMOND,
		olderThanDays: null,
		targetKind: 'assessments_completed',
		target: (value) => value + 1
	}
];

/**
 * Until every seeded case has a responsible medewerker (issue 14, point 1's seed), gives the cases
 * in a sprint's scope that have none one of its participants, in turn, so that its progress counts
 * them. Cases that have a responsible medewerker are left alone. Returns how many were assigned.
 */
export async function assignUnassignedCasesInSprintScope(tx: Tx, vtOrgId: string, sprintId: string): Promise<number> {
	const rows = await tx<{ id: string }[]>`
		with s as (select * from sprints where id = ${sprintId}),
		     p as (select user_id, row_number() over (order by user_id) - 1 as i, count(*) over () as n from sprint_participants where sprint_id = ${sprintId}),
		     c as (
		       select c.id, row_number() over (order by c.report_date, c.id) - 1 as i
		       from cases c join municipalities m on m.id = c.municipality_id cross join s
		       where c.responsible_user_id is null and c.responsible_org_id = ${vtOrgId}
		         and (s.scope_subregion_id is null or m.subregion_id = s.scope_subregion_id)
		         and (s.scope_municipality_id is null or c.municipality_id = s.scope_municipality_id)
		         and (not s.scope_urgent_only or c.urgent)
		     )
		update cases set responsible_user_id = p.user_id
		from c join p on p.i = c.i % p.n
		where cases.id = c.id
		returning cases.id`;
	return rows.length;
}

/**
 * The demo's caseload: the team norm and one medewerker's own, a sprintweek that runs now and a
 * focusgroep that ended, with targets that make their progress meaningful. Idempotent: a sprint
 * whose name exists is left alone; norms are set again.
 */
export async function seedCaseload(sql: Sql, now: Date = new Date()): Promise<number> {
	const [vt] = await sql<{ id: string }[]>`select id from organisations where kind = 'vt' order by created_at limit 1`;
	const [coordinator] = await sql<{ id: string }[]>`select id from users where email = 'vt.coordinator@ketentafel.test'`;
	if (!vt || !coordinator) return 0;
	const today = amsterdamDay(now);
	let planned = 0;
	await sql.begin(async (tx) => {
		await tx`update organisations set caseload_norm = ${TEAM_NORM} where id = ${vt.id}`;
		for (const [email, norm] of Object.entries(OWN_NORMS)) {
			await tx`
				insert into caseload_norms (organisation_id, user_id, norm, updated_by, updated_at)
				select ${vt.id}, id, ${norm}, ${coordinator.id}, ${now} from users where email = ${email}
				on conflict (organisation_id, user_id) do update set norm = excluded.norm`;
		}
		for (const s of DEMO_SPRINTS) {
			const [exists] = await tx`select 1 from sprints where organisation_id = ${vt.id} and name = ${s.name}`;
			if (exists) continue;
			const [row] = await tx<{ id: string }[]>`
				insert into sprints (organisation_id, kind, name, starts_on, ends_on, scope_subregion_id, scope_older_than_days, target_kind, target_value, created_by, created_at)
				values (${vt.id}, ${s.kind}, ${s.name}, ${shift(today, s.from)}, ${shift(today, s.to)}, ${s.subregionId}, ${s.olderThanDays}, ${s.targetKind}, 0,
				        ${coordinator.id}, ${new Date(Date.parse(`${shift(today, s.from - 3)}T09:00:00Z`))})
				returning id`;
			await tx`
				insert into sprint_participants (sprint_id, user_id)
				select ${row.id}, id from users where email = any(${s.participants})`;
			await assignUnassignedCasesInSprintScope(tx, vt.id, row.id);
			const sprint = (await readSprint(tx, vt.id, row.id))!;
			const progress = await sprintProgress(tx, vt.id, sprint, now);
			await tx`update sprints set target_value = ${s.target(progress.value)} where id = ${row.id}`;
			planned++;
		}
	});
	return planned;
}
