import { beforeAll, describe, expect, it } from 'vitest';
import type { Job } from 'bullmq';
import { db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { seed } from '../../src/lib/server/seed/seed.ts';
import { seedHistory } from '../../src/lib/server/seed/history.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';
import { refreshWeeks } from '../../src/lib/server/dashboard/rollup.ts';
import { addDays, mondayOf } from '../../src/lib/dashboard/grid.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { readCase } from '../../src/lib/server/cases/queries.ts';
import {
	answerHandover,
	confirmWarmHandover,
	offerHandover,
	planWarmHandover,
	withdrawHandover
} from '../../src/lib/server/handovers/service.ts';
import { addAgendaItem, closeTable, createTable, openTable } from '../../src/lib/server/tables/service.ts';
import { decideItem, proposePartner } from '../../src/lib/server/tables/decide.ts';
import { createTableSchema } from '../../src/lib/server/tables/schema.ts';
import { readTrajectory } from '../../src/lib/server/trajectories/queries.ts';
import {
	addCondition,
	addStep,
	closeVtPart,
	confirmContinuation,
	openTrajectory,
	setConditionStatus,
	setPartnerResponsible
} from '../../src/lib/server/trajectories/service.ts';
import { ensureCheckins } from '../../src/lib/server/checkins/schedule.ts';
import { recordCheckin } from '../../src/lib/server/checkins/service.ts';
import { markCareStarted } from '../../src/lib/server/waiting/entries.ts';
import { closeCase, recordMonitoring, reopenCase } from '../../src/lib/server/monitoring/service.ts';
import { closeSchema, outcomeSchema } from '../../src/lib/server/monitoring/schema.ts';
import { insertNotifications, markRead } from '../../src/lib/server/notifications/service.ts';
import { createApiToken, revokeApiToken } from '../../src/lib/server/api/tokens.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { queue } from '../../src/lib/server/queues.ts';
import { runRetention, type RetentionReport } from '../../src/lib/server/retention/run.ts';
import { RETENTION_MARKER, type RetentionPolicy } from '../../src/lib/server/retention/policy.ts';
import { CASE_TEXTS } from '../../src/lib/server/retention/case-texts.ts';
import { RETENTION_KINDS } from '../../src/lib/server/retention/kinds.ts';
import { RETENTION_SCHEDULER_ID, scheduleRetention } from '../../src/lib/server/retention/schedule.ts';
import type { RetentionKind } from '../../src/lib/server/retention/types.ts';
import { retentionProcessor, UnknownRetentionJobError } from '../../workers/retention.ts';
import { completeCase, ensureRegion, organisation, person, SESSION_TTL_MS, type Org, type Person } from '../support/it-cases.ts';
import { useOwnDatabase } from '../support/own-database.ts';

// A database of its own: the runs change rows all over it. The history (a year of synthetic cases
// up to HISTORY_END) gives closed cases of every shape; the cases made through the services below
// (from 17 June 2030) add every free text there is, a case still in monitoring and a reopened one.
useOwnDatabase('retention');

const HISTORY_END = new Date('2030-06-14T10:00:00+02:00');
const T1 = new Date('2030-07-20T09:00:00+02:00');
const DAY = 86_400_000;
const POLICY: RetentionPolicy = {
	caseTextDays: 180,
	readNotificationDays: 30,
	unreadNotificationDays: 90,
	revokedTokenDays: 180,
	batchSize: 7
};
const KINDS = RETENTION_KINDS.map((k) => k.id);

const clock = new ManualClock('2030-06-17T09:00:00+02:00');
const at = (iso: string) => clock.set(iso);
const deps = () => ({ sql: db(), clock, enqueueTimers: false });
const run = (dryRun = false) => runRetention({ sql: db(), clock }, { dryRun, via: 'job', policy: POLICY });

let vt: Org, cjg: Org, consortium: Org;
let vtWorker: Person, vtCoordinator: Person, cjgWorker: Person, cjgBeheerder: Person, consortiumWorker: Person;
/** R: every free text there is, reopened and closed again; B: closed and monitored; M: still in monitoring; O: reopened. */
const ids = { R: '', B: '', M: '', O: '' };
let endOfB: Date;
let endOfR: Date;

/** Texts written through the services into every free-text field of case R; none may survive its retention. */
const CANARY = 'KANARIE';
const canary = (field: string) => `${CANARY} ${field}`;
const PLANTED: [table: string, column: string, value: string][] = [
	['cases', 'summary', canary('situatieschets')],
	['cases', 'safety_agreements', canary('veiligheidsafspraken')],
	['cases', 'monitoring_by', canary('wie monitort')],
	['cases', 'involved_partner_reason', canary('reden ketenpartner')],
	['cases', 'closing_summary', canary('tweede afsluiting')],
	['case_reopenings', 'closing_summary', canary('eerste afsluiting')],
	['case_reopenings', 'reason', canary('reden heropenen')],
	['handovers', 'message', canary('bericht bij aanbod')],
	['handovers', 'decline_note', canary('toelichting afwijzing')],
	['handovers', 'withdraw_note', canary('toelichting intrekken')],
	['warm_handovers', 'vt_attendees', canary('namens VT')],
	['warm_handovers', 'partner_attendees', canary('namens consortium')],
	['table_items', 'outcome_note', canary('terug naar VT')],
	['table_proposals', 'note', canary('voorstel')],
	['trajectory_conditions', 'description', canary('voorwaarde')],
	['trajectory_steps', 'description', canary('vervolgstap')],
	['safety_checkins', 'contact_with', canary('contact met')],
	['safety_checkins', 'note', canary('zorgen')],
	['monitoring_moments', 'with_whom_note', canary('met wie')],
	['monitoring_moments', 'effect', canary('effect')]
];
const R_PERSONS = ['Moeder', 'Kind 1 (8 jaar)'];

function closing(
	monitor: Person,
	plannedOn: string,
	summary = 'De afspraken worden nagekomen; het wijkteam ziet erop toe.',
	withWhom = 'moeder en de mentor van school'
) {
	return closeSchema.parse({
		closingSummary: summary,
		melder: 'anonymous',
		monitorId: monitor.user.id,
		plannedOn,
		withProfessional: 'on',
		withWhomNote: withWhom
	});
}

async function outcome(caseId: string, heldOn: string, effect = 'De spanningen zijn afgenomen.') {
	const c = (await readCase(db(), caseId))!;
	return outcomeSchema.parse({ heldOn, effect, persons: c.persons.map((p) => ({ personId: p.id, safe: 'ja' })) });
}

const vtCase = (overrides: Record<string, unknown> = {}) =>
	createCase(
		deps(),
		vtWorker.actor,
		completeCase({
			reportDate: '2030-06-14',
			persons: R_PERSONS.map((label, i) => ({ role: i ? 'kind' : 'ouder', label, spokenTo: true, spokenOn: '2030-06-14' })),
			...overrides
		})
	);

/** The cases made through the services, in the order of the clock. */
async function serviceCases(): Promise<void> {
	at('2030-06-17T09:00:00+02:00');
	ids.R = await vtCase({
		summary: canary('situatieschets'),
		safetyAgreements: canary('veiligheidsafspraken'),
		monitoringBy: canary('wie monitort'),
		involvedPartnerId: cjg.id,
		involvedPartnerReason: canary('reden ketenpartner')
	});
	[ids.B, ids.M, ids.O] = [await vtCase(), await vtCase(), await vtCase()];
	const tableId = await createTable(
		deps(),
		vtCoordinator.actor,
		createTableSchema.parse({ subregionId: 'zuid-kennemerland', date: '2030-06-18', time: '10:00', participantIds: [cjg.id] })
	);
	const itemId = await addAgendaItem(deps(), vtCoordinator.actor, tableId, ids.R);

	at('2030-06-17T10:00:00+02:00');
	await closeCase(deps(), vtWorker.actor, ids.M, closing(vtWorker, '2030-06-24'));
	await closeCase(deps(), vtWorker.actor, ids.O, closing(vtWorker, '2030-06-24'));
	await closeCase(deps(), vtWorker.actor, ids.B, closing(vtWorker, '2030-06-25'));

	at('2030-06-18T10:00:00+02:00');
	await openTable(deps(), vtCoordinator.actor, tableId);
	await proposePartner(deps(), cjgWorker.actor, tableId, { itemId, partnerId: cjg.id, note: canary('voorstel') });
	await decideItem(deps(), vtCoordinator.actor, tableId, { outcome: 'back_to_vt', itemId, note: canary('terug naar VT') });
	await closeTable(deps(), vtCoordinator.actor, tableId);

	at('2030-06-18T11:00:00+02:00');
	const declined = await offerHandover(deps(), vtWorker.actor, ids.R, { toOrgId: cjg.id, message: canary('bericht bij aanbod') });
	await answerHandover(deps(), cjgWorker.actor, declined, { answer: 'decline', reason: 'anders', note: canary('toelichting afwijzing') });
	const withdrawn = await offerHandover(deps(), vtWorker.actor, ids.R, { toOrgId: cjg.id, message: 'Graag samen verder.' });
	await withdrawHandover(deps(), vtWorker.actor, withdrawn, canary('toelichting intrekken'));
	const accepted = await offerHandover(deps(), vtWorker.actor, ids.R, {
		toOrgId: consortium.id,
		message: 'Graag IHUB.',
		careTypeId: 'ihub'
	});
	await answerHandover(deps(), consortiumWorker.actor, accepted, { answer: 'accept' });
	await planWarmHandover(deps(), vtWorker.actor, accepted, {
		plannedAt: '2030-06-20T14:00',
		form: 'huisbezoek',
		vtAttendees: canary('namens VT'),
		partnerAttendees: canary('namens consortium')
	});

	at('2030-06-20T15:00:00+02:00');
	await confirmWarmHandover(deps(), vtWorker.actor, accepted);
	expect((await confirmWarmHandover(deps(), consortiumWorker.actor, accepted)).completed).toBe(true);
	const trajectoryId = await openTrajectory(deps(), vtWorker.actor, ids.R, {
		partnerOrgId: consortium.id,
		vtResponsibleId: vtWorker.user.id
	});
	await addCondition(deps(), vtWorker.actor, trajectoryId, { description: canary('voorwaarde'), ownerSide: 'vt', dueOn: '2030-07-01' });
	await addStep(deps(), consortiumWorker.actor, trajectoryId, {
		description: canary('vervolgstap'),
		ownerSide: 'partner',
		dueOn: '2030-07-01'
	});
	await setPartnerResponsible(deps(), consortiumWorker.actor, trajectoryId, consortiumWorker.user.id);
	await confirmContinuation(deps(), consortiumWorker.actor, trajectoryId);

	at('2030-06-24T10:00:00+02:00');
	await recordMonitoring(deps(), vtWorker.actor, (await momentOf(ids.O)).id, await outcome(ids.O, '2030-06-24'));
	at('2030-06-24T11:00:00+02:00');
	await reopenCase(deps(), vtWorker.actor, ids.O, { reason: 'Nieuwe zorgen gemeld door school.' });

	at('2030-06-25T10:00:00+02:00');
	endOfB = clock.now();
	await recordMonitoring(deps(), vtWorker.actor, (await momentOf(ids.B)).id, await outcome(ids.B, '2030-06-25'));

	at('2030-07-02T10:00:00+02:00');
	await ensureCheckins(deps());
	const [checkin] = await db()<
		{ id: string }[]
	>`select id from safety_checkins where case_id = ${ids.R} and outcome is null and cancelled_at is null`;
	await recordCheckin(deps(), vtWorker.actor, checkin.id, {
		outcome: 'zorgen',
		contactedOn: '2030-07-02',
		contactWith: canary('contact met'),
		note: canary('zorgen')
	});

	at('2030-07-03T10:00:00+02:00');
	const [wait] = await db()<{ id: string }[]>`select id from wait_entries where case_id = ${ids.R}`;
	await markCareStarted(deps(), consortiumWorker.actor, { waitEntryId: wait.id, careStartedOn: '2030-07-03' });
	// rule 5: VT closes its V&V part once care started and the condition is settled
	const [condition] = (await readTrajectory(db(), trajectoryId))!.conditions;
	await setConditionStatus(deps(), consortiumWorker.actor, trajectoryId, condition.id, 'nagekomen');
	await closeVtPart(deps(), vtWorker.actor, trajectoryId);
	at('2030-07-03T11:00:00+02:00');
	await closeCase(deps(), vtWorker.actor, ids.R, closing(vtWorker, '2030-07-10', canary('eerste afsluiting'), canary('met wie')));

	at('2030-07-10T10:00:00+02:00');
	await recordMonitoring(deps(), vtWorker.actor, (await momentOf(ids.R)).id, await outcome(ids.R, '2030-07-10', canary('effect')));
	at('2030-07-10T11:00:00+02:00');
	await reopenCase(deps(), vtWorker.actor, ids.R, { reason: canary('reden heropenen') });
	at('2030-07-10T12:00:00+02:00');
	await closeCase(deps(), vtWorker.actor, ids.R, closing(vtWorker, '2030-07-17', canary('tweede afsluiting')));
	at('2030-07-17T10:00:00+02:00');
	endOfR = clock.now();
	await recordMonitoring(deps(), vtWorker.actor, (await momentOf(ids.R)).id, await outcome(ids.R, '2030-07-17'));
}

async function momentOf(caseId: string): Promise<{ id: string }> {
	const [m] = await db()<
		{ id: string }[]
	>`select id from monitoring_moments where case_id = ${caseId} and recorded_at is null and cancelled_at is null`;
	return m;
}

/** Notifications, sessions and API tokens on both sides of their periods at T1. */
async function aroundT1(): Promise<void> {
	const sent = async (daysBefore: number, read: boolean) => {
		const [n] = await insertNotifications(
			db(),
			[vtWorker.user.id],
			{ kind: 'monitoring.due', title: 'Monitoring', body: '', href: null, dedupeKey: `test:${daysBefore}:${read}` },
			new Date(T1.getTime() - daysBefore * DAY)
		);
		if (read) await markRead(db(), vtWorker.user.id, n.id, new Date(T1.getTime() - (daysBefore - 1) * DAY));
	};
	await sent(31, true);
	await sent(29, true);
	await sent(91, false);
	await sent(89, false);
	await sent(120, true);
	const token = async (createdDaysBefore: number, revokedDaysBefore: number | null) => {
		clock.set(new Date(T1.getTime() - createdDaysBefore * DAY));
		const { id } = await createApiToken(deps(), cjgBeheerder.actor, {
			name: `Registratiesysteem ${createdDaysBefore}`,
			scopes: ['handovers:read']
		});
		if (revokedDaysBefore !== null) {
			clock.set(new Date(T1.getTime() - revokedDaysBefore * DAY));
			await revokeApiToken(deps(), cjgBeheerder.actor, id);
		}
	};
	await token(400, 181);
	await token(300, 179);
	await token(200, null);
	clock.set(T1);
	await createSession(
		db(),
		{ userId: vtWorker.user.id, twoFactorVerified: true, ip: '10.1.2.3', userAgent: 'vitest' },
		SESSION_TTL_MS,
		clock
	);
}

// ---------------------------------------------------------------------------------------------
// Snapshots of the database, and what a run at `now` must have changed between two of them.

/** Per table with rows of a case (or retained rows of their own): the key of a row and its case. */
const DETAILED: Record<string, { key: string; caseOf: string }> = {
	cases: { key: 'id::text', caseOf: 'id' },
	case_persons: { key: 'id::text', caseOf: 'case_id' },
	case_reopenings: { key: 'id::text', caseOf: 'case_id' },
	handovers: { key: 'id::text', caseOf: 'case_id' },
	warm_handovers: { key: 'handover_id::text', caseOf: '(select h.case_id from handovers h where h.id = t.handover_id)' },
	sla_breaches: { key: 'handover_id::text', caseOf: 'case_id' },
	table_items: { key: 'id::text', caseOf: 'case_id' },
	table_proposals: { key: 'id::text', caseOf: '(select i.case_id from table_items i where i.id = t.item_id)' },
	trajectories: { key: 'id::text', caseOf: 'case_id' },
	trajectory_conditions: { key: 'id::text', caseOf: '(select r.case_id from trajectories r where r.id = t.trajectory_id)' },
	trajectory_steps: { key: 'id::text', caseOf: '(select r.case_id from trajectories r where r.id = t.trajectory_id)' },
	wait_entries: { key: 'id::text', caseOf: 'case_id' },
	safety_checkins: { key: 'id::text', caseOf: 'case_id' },
	monitoring_moments: { key: 'id::text', caseOf: 'case_id' },
	monitoring_person_outcomes: {
		key: "moment_id::text || ':' || position",
		caseOf: '(select m.case_id from monitoring_moments m where m.id = t.moment_id)'
	},
	sessions: { key: 'id', caseOf: 'null' },
	notifications: { key: 'id::text', caseOf: 'null' },
	api_tokens: { key: 'id::text', caseOf: 'null' }
};

type Row = Record<string, unknown>;
interface Snapshot {
	rows: Record<string, Map<string, { caseId: string | null; row: Row }>>;
	/** Every other table (audit_log, events, dashboard_weekly, users …): a digest of all its rows. */
	digests: Record<string, string>;
	/** The audit log row by row (id → the row as text). */
	audit: Map<number, string>;
}

async function snapshot(): Promise<Snapshot> {
	const rows: Snapshot['rows'] = {};
	for (const [table, { key, caseOf }] of Object.entries(DETAILED)) {
		// as text: the pool's camelCase transform would rename the keys of a json value
		const found = await db().unsafe<{ key: string; caseId: string | null; row: string }[]>(
			`select ${key} as key, ${caseOf}::text as case_id, to_jsonb(t)::text as row from ${table} t`
		);
		rows[table] = new Map(found.map((r) => [r.key, { caseId: r.caseId, row: JSON.parse(r.row) as Row }]));
	}
	const tables = await db()<
		{ name: string }[]
	>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`;
	const digests: Record<string, string> = {};
	for (const { name } of tables.filter((t) => !(t.name in DETAILED) && t.name !== 'audit_log')) {
		const [d] = await db().unsafe<{ digest: string | null }[]>(
			`select md5(string_agg(t::text, '|' order by t::text)) as digest from ${name} t`
		);
		digests[name] = d.digest ?? '';
	}
	const audit = await db()<{ id: number; row: string }[]>`select id::int, t::text as row from audit_log t`;
	return { rows, digests, audit: new Map(audit.map((r) => [r.id, r.row])) };
}

const time = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).getTime());
const blank = (v: unknown) => v === null || v === '';

/** The test's own reading of the policy: which cases' texts are due at `now`, from the rows of a snapshot. */
function dueCases(s: Snapshot, now: Date): Set<string> {
	const cutoff = now.getTime() - POLICY.caseTextDays * DAY;
	const byCase = (table: string) => {
		const out = new Map<string, Row[]>();
		for (const { caseId, row } of s.rows[table].values()) out.set(caseId!, [...(out.get(caseId!) ?? []), row]);
		return out;
	};
	const [moments, handovers, trajectories, waits] = [
		byCase('monitoring_moments'),
		byCase('handovers'),
		byCase('trajectories'),
		byCase('wait_entries')
	];
	const due = new Set<string>();
	for (const [id, { row: c }] of s.rows.cases) {
		const closed = time(c.closed_at);
		const removed = time(c.texts_removed_at);
		if (closed === null || closed >= cutoff || (removed !== null && removed >= closed)) continue;
		const monitored = (moments.get(id) ?? []).every(
			(m) => m.cancelled_at !== null || (m.recorded_at !== null && time(m.recorded_at)! < cutoff)
		);
		const running =
			(handovers.get(id) ?? []).some((h) => h.status === 'open' || h.status === 'accepted') ||
			(trajectories.get(id) ?? []).some((t) => t.status === 'open') ||
			(waits.get(id) ?? []).some((w) => w.care_started_on === null);
		if (monitored && !running) due.add(id);
	}
	return due;
}

/** What a run at `now` should do, per kind: the rows (keys) it changes. */
function expectedChanges(s: Snapshot, now: Date): Record<string, Set<string>> {
	const t = now.getTime();
	const keys = (table: string, pick: (row: Row) => boolean) => new Set([...s.rows[table]].filter(([, r]) => pick(r.row)).map(([k]) => k));
	return {
		sessions: keys('sessions', (r) => time(r.expires_at)! <= t),
		'notifications.read': keys('notifications', (r) => r.read_at !== null && time(r.created_at)! < t - POLICY.readNotificationDays * DAY),
		'notifications.unread': keys(
			'notifications',
			(r) => r.read_at === null && time(r.created_at)! < t - POLICY.unreadNotificationDays * DAY
		),
		case_texts: dueCases(s, now),
		api_tokens: keys(
			'api_tokens',
			(r) =>
				r.revoked_at !== null && time(r.revoked_at)! < t - POLICY.revokedTokenDays * DAY && !String(r.token_hash).startsWith('verwijderd:')
		)
	};
}

const TEXT_COLUMNS = Object.fromEntries(CASE_TEXTS.map((t) => [t.table, new Set(t.columns)]));

/**
 * Compares two snapshots around a run at `now`: exactly the expected rows were deleted or
 * pseudonymised (texts of due cases replaced by the marker, the case's texts_removed_at set to now;
 * tokens stripped of name and hash); every other row and every other table is as it was, the
 * audit log gained only the run's rows.
 */
function expectOnly(before: Snapshot, after: Snapshot, expected: Record<string, Set<string>>, now: Date, runs = 1): void {
	const deleted: Record<string, Set<string>> = {
		sessions: expected.sessions,
		notifications: new Set([...expected['notifications.read'], ...expected['notifications.unread']])
	};
	for (const [table, rows] of Object.entries(before.rows)) {
		const gone = deleted[table] ?? new Set<string>();
		expect([...rows.keys()].filter((k) => !after.rows[table].has(k)).sort(), `${table}: deleted rows`).toEqual([...gone].sort());
		expect(
			[...after.rows[table].keys()].filter((k) => !rows.has(k)),
			`${table}: new rows`
		).toEqual([]);
		for (const [key, { caseId, row }] of rows) {
			if (gone.has(key)) continue;
			const now_ = after.rows[table].get(key)!.row;
			let want: Row = row;
			if (caseId && expected.case_texts.has(caseId)) {
				want = { ...row };
				for (const column of TEXT_COLUMNS[table] ?? []) if (!blank(row[column])) want[column] = RETENTION_MARKER;
				if (table === 'cases') {
					expect(time(now_.texts_removed_at), `texts_removed_at of case ${key}`).toBe(now.getTime());
					want.texts_removed_at = now_.texts_removed_at;
				}
			}
			if (table === 'api_tokens' && expected.api_tokens.has(key))
				want = { ...row, name: RETENTION_MARKER, token_hash: `verwijderd:${key}` };
			expect(now_, `${table} ${key}`).toEqual(want);
		}
	}
	expect(after.digests).toEqual(before.digests);
	for (const [id, row] of before.audit) expect(after.audit.get(id), `audit row ${id}`).toBe(row);
	expect(after.audit.size - before.audit.size).toBe(runs * KINDS.length);
}

/** The highest audit row id of a snapshot. */
const lastAuditId = (s: Snapshot) => Math.max(0, ...s.audit.keys());

/** The counts per kind of a report, and of the expected changes. */
const counts = (report: RetentionReport) => Object.fromEntries(report.kinds.map((k) => [k.kind, k.count]));
const sizes = (expected: Record<string, Set<string>>) => Object.fromEntries(KINDS.map((k) => [k, expected[k].size]));

/** The audit rows written after `afterId`. */
async function auditRowsAfter(afterId: number) {
	return db()<
		{
			id: number;
			action: string;
			actorUserId: string | null;
			actorOrgId: string | null;
			recordType: string;
			recordId: string;
			ip: string | null;
			details: Record<string, unknown>;
		}[]
	>`
		select id::int, action, actor_user_id, actor_org_id, record_type, record_id, ip, details from audit_log where id > ${afterId} order by id`;
}

/** Rows anywhere in the database (every table, the event log, notifications and the audit log included) that contain the text. */
async function tablesContaining(text: string): Promise<string[]> {
	const tables = await db()<
		{ name: string }[]
	>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`;
	const found: string[] = [];
	for (const { name } of tables) {
		const [{ n }] = await db().unsafe<{ n: number }[]>(`select count(*)::int as n from ${name} t where t::text like '%' || $1 || '%'`, [
			text
		]);
		if (n) found.push(`${name} (${n})`);
	}
	return found.sort();
}

let baseline: Snapshot;
let dashboard: string;

async function dashboardDigest(): Promise<string> {
	const [d] = await db()<{ digest: string }[]>`select md5(string_agg(t::text, '|' order by t::text)) as digest from dashboard_weekly t`;
	return d.digest;
}

beforeAll(async () => {
	await seed(db(), 'test');
	await seedHistory(db(), HISTORY_END, { reportsPerYear: 500 });
	await ensureRegion();
	[vt, cjg, consortium] = await Promise.all([organisation('vt'), organisation('cjg'), organisation('consortium')]);
	[vtWorker, vtCoordinator, cjgWorker, cjgBeheerder, consortiumWorker] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(vt, 'coordinator', clock),
		person(cjg, 'medewerker', clock),
		person(cjg, 'beheerder', clock),
		person(consortium, 'coordinator', clock)
	]);
	await serviceCases();
	await aroundT1();
	await recomputeRollups();
	dashboard = await dashboardDigest();
	baseline = await snapshot();
}, 120_000);

/** The weekly rollups of the figures for the whole history, as at T1. */
async function recomputeRollups(): Promise<void> {
	const last = mondayOf(amsterdamDay(T1));
	await refreshWeeks(db(), addDays(last, -7 * 104), last, T1);
}

describe('retention', () => {
	it('classifies every text column of the schema: pseudonymised with the case, handled by another kind, or kept on purpose', async () => {
		const kept = new Set([
			// pseudonymous or a choice from a list: they keep the figures and the audit trail meaningful
			'cases.reference',
			'cases.municipality_id',
			'case_persons.role',
			'monitoring_person_outcomes.role',
			'handovers.care_type_id',
			'handover_tables.subregion_id',
			'table_items.outcome',
			'wait_entries.care_type_id',
			'wait_entries.subregion_id',
			'cases.melder_informed_how',
			'case_reopenings.melder_informed_how',
			// the other kinds of the policy
			'sessions.id',
			'sessions.user_agent',
			'api_tokens.name',
			'api_tokens.token_hash',
			'api_tokens.scopes',
			'notifications.kind',
			'notifications.title',
			'notifications.body',
			'notifications.href',
			'notifications.dedupe_key'
		]);
		// whole tables without family texts: staff and organisations, the region, figures, the typed event log, the audit log (NEN 7513)
		// (one-time links hold only a hash; e-mail deliveries a result code: about staff, never about families;
		// sprints and the afsluitbrief's template are the team's planning and VT's standard text)
		const keptTables =
			/^(audit_.*|users|recovery_codes|account_tokens|email_deliveries|organisations|organisation_.*|subregions|municipalities|care_types|schema_migrations|dashboard_.*|waiting_.*|events|sprints|melder_letter_templates)$/;
		const columns = await db()<{ name: string }[]>`
			select table_name || '.' || column_name as name from information_schema.columns
			where table_schema = 'public' and (data_type in ('text', 'character varying', 'jsonb') or udt_name = '_text')`;
		const pseudonymised = new Set(CASE_TEXTS.flatMap((t) => t.columns.map((c) => `${t.table}.${c}`)));
		const unclassified = columns
			.map((c) => c.name)
			.filter((n) => !pseudonymised.has(n) && !kept.has(n) && !keptTables.test(n.split('.')[0]));
		expect(unclassified, 'a new text column: add it to CASE_TEXTS (retention/case-texts.ts) or decide here why it stays').toEqual([]);
		for (const name of pseudonymised) expect(columns.map((c) => c.name)).toContain(name);
	});

	it('finds every planted text where the services wrote it, and none in the event log, notifications or audit log', async () => {
		for (const [table, column, value] of PLANTED) {
			const link = DETAILED[table].caseOf;
			const [{ n }] = await db().unsafe<{ n: number }[]>(
				`select count(*)::int as n from ${table} t where ${link} = $1 and ${column} = $2`,
				[ids.R, value]
			);
			expect(n, `${table}.${column}`).toBeGreaterThan(0);
		}
		const everywhere = await tablesContaining(CANARY);
		expect(everywhere.map((t) => t.split(' ')[0])).toEqual([...new Set(PLANTED.map(([table]) => table))].sort());
	});

	it('a dry run changes nothing and counts per kind what a run would do, with the oldest affected date', async () => {
		clock.set(T1);
		const expected = expectedChanges(baseline, T1);
		const report = await run(true);
		expect(report.dryRun).toBe(true);
		expect(counts(report)).toEqual(sizes(expected));
		expect(expected.case_texts.size).toBeGreaterThan(3 * POLICY.batchSize);
		for (const kind of ['sessions', 'notifications.read', 'notifications.unread', 'api_tokens'])
			expect(expected[kind].size, kind).toBeGreaterThan(0);
		const oldestCase = Math.min(
			...[...expected.case_texts].map((id) => {
				const c = baseline.rows.cases.get(id)!.row;
				const recorded = [...baseline.rows.monitoring_moments.values()]
					.filter((m) => m.caseId === id && m.row.recorded_at)
					.map((m) => time(m.row.recorded_at)!);
				return Math.max(time(c.closed_at)!, ...recorded);
			})
		);
		expect(report.kinds.find((k) => k.kind === 'case_texts')!.oldest!.getTime()).toBe(oldestCase);
		expect(report.kinds.find((k) => k.kind === 'notifications.unread')!.oldest!.getTime()).toBe(T1.getTime() - 91 * DAY);
		const after = await snapshot();
		expect(after).toEqual(baseline);
	});

	it('a run removes or pseudonymises exactly what is due, in batches, audits one row per kind, and keeps the figures', async () => {
		clock.set(T1);
		const expected = expectedChanges(baseline, T1);
		// every kind as it is, watched: how many rows each batch changed, in which transaction
		const batches: { kind: string; rows: number; tx: string }[] = [];
		const watched = RETENTION_KINDS.map((k) => ({
			...k,
			apply: async (tx: Parameters<RetentionKind['apply']>[0], cutoff: Date, limit: number, now: Date) => {
				const rows = await k.apply(tx, cutoff, limit, now);
				const [{ id }] = await tx<{ id: string }[]>`select txid_current()::text as id`;
				batches.push({ kind: k.id, rows, tx: id });
				return rows;
			}
		}));
		const report = await runRetention({ sql: db(), clock }, { via: 'job', policy: POLICY, kinds: watched });
		expect(counts(report)).toEqual(sizes(expected));
		const caseBatches = batches.filter((b) => b.kind === 'case_texts');
		expect(caseBatches.length).toBe(Math.ceil(expected.case_texts.size / POLICY.batchSize));
		expect(caseBatches.every((b) => b.rows <= POLICY.batchSize)).toBe(true);
		expect(new Set(batches.map((b) => b.tx)).size).toBe(batches.length);
		const after = await snapshot();
		expectOnly(baseline, after, expected, T1);
		// the cases made through the services are all recent: untouched
		for (const id of Object.values(ids)) expect(expected.case_texts.has(id)).toBe(false);

		const rows = await auditRowsAfter(lastAuditId(baseline));
		expect(rows.map((r) => [r.action, r.recordType, r.recordId, r.actorUserId, r.actorOrgId, r.ip])).toEqual(
			KINDS.map((k) => ['retention.applied', 'retention', k, null, null, null])
		);
		for (const r of rows) {
			expect(r.details).toEqual({
				what: RETENTION_KINDS.find((k) => k.id === r.recordId)!.label,
				count: sizes(expected)[r.recordId],
				before: expect.any(String),
				via: 'job'
			});
		}
		expect(rows.find((r) => r.recordId === 'case_texts')!.details.before).toBe(new Date(T1.getTime() - 180 * DAY).toISOString());

		expect(await dashboardDigest()).toBe(dashboard);
		baseline = after;
	});

	it('a second run changes nothing; a dry run after it finds nothing due', async () => {
		clock.set(T1);
		expect(Object.values(counts(await run(true)))).toEqual(KINDS.map(() => 0));
		const report = await run();
		expect(Object.values(counts(report))).toEqual(KINDS.map(() => 0));
		const after = await snapshot();
		expectOnly(baseline, after, Object.fromEntries(KINDS.map((k) => [k, new Set<string>()])), T1);
		const rows = await auditRowsAfter(lastAuditId(baseline));
		expect(rows.map((r) => r.details.count)).toEqual(KINDS.map(() => 0));
		baseline = after;
	});

	it('leaves a case alone until its period has passed since its monitoring ended, then takes it', async () => {
		const deadline = endOfB.getTime() + POLICY.caseTextDays * DAY;
		clock.set(new Date(deadline));
		let expected = expectedChanges(baseline, clock.now());
		expect(expected.case_texts.has(ids.B)).toBe(false);
		await run();
		let after = await snapshot();
		expectOnly(baseline, after, expected, clock.now());
		expect(after.rows.cases.get(ids.B)!.row.summary).toBe(baseline.rows.cases.get(ids.B)!.row.summary);
		baseline = after;

		clock.set(new Date(deadline + 1000));
		expected = expectedChanges(baseline, clock.now());
		expect([...expected.case_texts]).toEqual([ids.B]);
		const report = await run();
		expect(counts(report).case_texts).toBe(1);
		after = await snapshot();
		expectOnly(baseline, after, expected, clock.now());
		expect(after.rows.cases.get(ids.B)!.row).toMatchObject({
			summary: RETENTION_MARKER,
			closing_summary: RETENTION_MARKER,
			reference: baseline.rows.cases.get(ids.B)!.row.reference
		});
		const labels = (s: Snapshot) => [...s.rows.case_persons.values()].filter((p) => p.caseId === ids.B).map((p) => p.row.label);
		expect(labels(baseline).sort()).toEqual([...R_PERSONS].sort());
		expect(labels(after)).toEqual(R_PERSONS.map(() => RETENTION_MARKER));
		baseline = after;
	});

	it('a year later: every closed and monitored case is done, a case in monitoring or reopened keeps its texts; concurrent runs share the work', async () => {
		clock.set(new Date(endOfR.getTime() + 400 * DAY));
		const expected = expectedChanges(baseline, clock.now());
		expect(expected.case_texts.has(ids.R)).toBe(true);
		expect(expected.case_texts.has(ids.M)).toBe(false);
		expect(expected.case_texts.has(ids.O)).toBe(false);
		const reports = await Promise.all([run(), run()]);
		for (const kind of KINDS)
			expect(reports[0].kinds.find((k) => k.kind === kind)!.count + reports[1].kinds.find((k) => k.kind === kind)!.count, kind).toBe(
				expected[kind].size
			);
		const after = await snapshot();
		expectOnly(baseline, after, expected, clock.now(), 2);

		// nothing planted in case R survives anywhere, the event log and the audit log included
		expect(await tablesContaining(CANARY)).toEqual([]);
		// M (in monitoring) and O (reopened) as they were, with the reopened case's first closure
		for (const id of [ids.M, ids.O]) expect(after.rows.cases.get(id)!.row).toEqual(baseline.rows.cases.get(id)!.row);
		const reopening = [...after.rows.case_reopenings.values()].find((r) => r.caseId === ids.O)!.row;
		expect(reopening.reason).toBe('Nieuwe zorgen gemeld door school.');

		// the figures do not depend on the texts: recomputing them at T1 gives the same rollups
		await recomputeRollups();
		expect(await dashboardDigest()).toBe(dashboard);
		baseline = await snapshot();
	});

	it('takes a case that was reopened and closed again once its new monitoring has ended', async () => {
		// O is closed again and monitored; B stays done (texts_removed_at after its closure)
		clock.set(new Date(endOfR.getTime() + 401 * DAY));
		await closeCase(deps(), vtWorker.actor, ids.O, closing(vtWorker, addDaysIso(clock.now(), 7)));
		clock.set(new Date(clock.now().getTime() + 7 * DAY));
		await recordMonitoring(deps(), vtWorker.actor, (await momentOf(ids.O)).id, await outcome(ids.O, addDaysIso(clock.now(), 0)));
		const end = clock.now().getTime();
		baseline = await snapshot();

		clock.set(new Date(end + POLICY.caseTextDays * DAY + 1000));
		const expected = expectedChanges(baseline, clock.now());
		expect([...expected.case_texts]).toEqual([ids.O]);
		await run();
		const after = await snapshot();
		expectOnly(baseline, after, expected, clock.now());
		const reopening = [...after.rows.case_reopenings.values()].find((r) => r.caseId === ids.O)!.row;
		expect(reopening.reason).toBe(RETENTION_MARKER);
		baseline = after;
	});
});

const addDaysIso = (from: Date, days: number) =>
	new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' }).format(new Date(from.getTime() + days * DAY));

describe('the nightly job', () => {
	it('is scheduled once at 03:15 Amsterdam time, however many workers upsert it, with a deterministic job id', async () => {
		const q = queue('retention');
		await Promise.all([scheduleRetention(q), scheduleRetention(q), scheduleRetention(q)]);
		const schedulers = await q.getJobSchedulers();
		expect(schedulers).toHaveLength(1);
		expect(schedulers[0]).toMatchObject({ key: RETENTION_SCHEDULER_ID, name: 'retention', pattern: '15 3 * * *', tz: 'Europe/Amsterdam' });
		const delayed = await q.getDelayed();
		expect(delayed).toHaveLength(1);
		const next = new Date(delayed[0].timestamp + delayed[0].delay);
		expect(delayed[0].id).toBe(`repeat:${RETENTION_SCHEDULER_ID}:${next.getTime()}`);
		expect(new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' }).format(next)).toBe(
			'03:15'
		);
		expect(delayed[0].data).toEqual({});
	});

	it('applies the policy at the clock it is given and returns the counts only', async () => {
		clock.set(new Date(clock.now().getTime() + 2 * 365 * DAY));
		await createSession(
			db(),
			{ userId: vtWorker.user.id, twoFactorVerified: true, ip: '10.1.2.3', userAgent: 'vitest' },
			SESSION_TTL_MS,
			new ManualClock(new Date(clock.now().getTime() - SESSION_TTL_MS))
		);
		const processJob = retentionProcessor({ sql: db(), clock });
		const result = await processJob({ name: 'retention', data: {} } as Job);
		expect(Object.keys(result)).toEqual(KINDS);
		expect(result.sessions).toBe(1);
		const [row] = await auditRowsAfter(lastAuditId(baseline));
		expect(row).toMatchObject({ action: 'retention.applied', recordId: 'sessions', details: { count: 1, via: 'job' } });
		await expect(processJob({ name: 'something-else', data: {} } as Job)).rejects.toBeInstanceOf(UnknownRetentionJobError);
	});

	it('audits what a kind did before it failed part-way, and rethrows (the job fails; BullMQ retries it)', async () => {
		let batches = 0;
		const failing: RetentionKind = {
			id: 'test.failing',
			label: 'test',
			effect: 'deleted',
			cutoff: (now) => now,
			due: async () => ({ count: 100, oldest: null }),
			apply: async () => {
				if (++batches > 2) throw new Error('connection lost');
				return POLICY.batchSize;
			}
		};
		const [{ last }] = await db()<{ last: number }[]>`select max(id)::int as last from audit_log`;
		await expect(runRetention({ sql: db(), clock }, { via: 'cli', policy: POLICY, kinds: [failing] })).rejects.toThrow('connection lost');
		const rows = await auditRowsAfter(last);
		expect(rows.map((r) => [r.action, r.recordId, r.details])).toEqual([
			[
				'retention.applied',
				'test.failing',
				{ what: 'test', before: clock.now().toISOString(), via: 'cli', count: 2 * POLICY.batchSize, interrupted: true }
			]
		]);
	});
});
