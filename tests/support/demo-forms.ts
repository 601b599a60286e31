import type { Sql } from '../../src/lib/server/db/client.ts';
import { systemClock } from '../../src/lib/server/clock.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';
import type { RawBody } from './hostile.ts';

export type DemoIds = Awaited<ReturnType<typeof demoIds>>;

/** Ids of the demo's records that the forms act on (after seedDemoCases). */
export async function demoIds(sql: Sql) {
	const one = async <T>(rows: Promise<T[]>, what: string) => {
		const [row] = await rows;
		if (!row) throw new Error(`the demo has no ${what}`);
		return row;
	};
	const org = async (name: string) => (await one(sql<{ id: string }[]>`select id from organisations where name = ${name}`, name)).id;
	const user = async (email: string) => (await one(sql<{ id: string }[]>`select id from users where email = ${email}`, email)).id;
	const cjg = await org('CJG Kennemerland');
	const openToCjg = await one(
		sql<{ id: string; caseId: string }[]>`select id, case_id from handovers where to_org_id = ${cjg} and status = 'open' limit 1`,
		'open offer to CJG'
	);
	const trajectory = await one(
		sql<
			{ id: string; partnerOrgId: string; caseId: string }[]
		>`select id, partner_org_id, case_id from trajectories where status = 'open' limit 1`,
		'open trajectory'
	);
	const partnerOfTrajectory = await one(
		sql<
			{ email: string }[]
		>`select u.email from users u join memberships m on m.user_id = u.id where m.organisation_id = ${trajectory.partnerOrgId} and m.role in ('medewerker', 'coordinator') limit 1`,
		'partner medewerker of the trajectory'
	);
	const condition = await one(
		sql<{ id: string }[]>`select id from trajectory_conditions where trajectory_id = ${trajectory.id} limit 1`,
		'condition'
	);
	const step = await sql<{ id: string }[]>`select id from trajectory_steps where trajectory_id = ${trajectory.id} limit 1`;
	const table = await one(sql<{ id: string }[]>`select id from handover_tables where status <> 'closed' limit 1`, 'tafel');
	const item = await sql<{ id: string }[]>`select id from table_items where table_id = ${table.id} limit 1`;
	const checkin = await one(
		sql<{ id: string; email: string }[]>`
		select c.id, u.email from safety_checkins c join users u on u.id = c.assigned_to where c.recorded_at is null and c.cancelled_at is null limit 1`,
		'open check-in'
	);
	const moment = await one(
		sql<{ id: string }[]>`select id from monitoring_moments where recorded_at is null and cancelled_at is null limit 1`,
		'monitoring moment'
	);
	const wait = await one(sql<{ id: string }[]>`select id from wait_entries where care_started_on is null limit 1`, 'waiting family');
	const vtCase = await one(
		sql<{ id: string; personId: string }[]>`
		select c.id, p.id as person_id from cases c join case_persons p on p.case_id = c.id
		where c.closed_at is null and not exists (select 1 from handovers h where h.case_id = c.id and h.status in ('open', 'accepted')) limit 1`,
		'open VT case'
	);
	return {
		cjg,
		vtUser: await user('vt.medewerker@ketentafel.test'),
		cjgUser: await user('cjg.medewerker@ketentafel.test'),
		openToCjg,
		trajectory,
		partnerOfTrajectory: partnerOfTrajectory.email,
		condition: condition.id,
		step: step[0]?.id ?? condition.id,
		table: table.id,
		item: item[0]?.id ?? table.id,
		checkin,
		moment: moment.id,
		wait: wait.id,
		vtCase
	};
}

/** Plausible values for every field, so that a body with one kind of field made hostile reaches deep into the action. */
export function baseForm(ids: DemoIds): Record<string, string> {
	const today = amsterdamDay(systemClock.now());
	const later = amsterdamDay(new Date(Date.now() + 7 * 86_400_000));
	return {
		note: 'Toelichting voor de test',
		body: 'Geachte melder,\n\nU deed een melding bij Veilig Thuis. {uitkomst} {toezicht} {contact}',
		caseIds: ids.vtCase.id,
		confirmOverNorm: 'true',
		contact: 'Veilig Thuis Kennemerland, bereikbaar via 0800-2000',
		how: 'brief',
		informedOn: today,
		jobId: '1',
		melderInformedHow: 'telefonisch',
		norm: '15',
		queue: 'email',
		targetKind: 'assessments_completed',
		toUserId: ids.vtUser,
		urgentOnly: 'on',
		itemId: ids.item,
		from: 'chair',
		handoverId: ids.openToCjg.id,
		reason: 'geen_capaciteit',
		answer: 'decline',
		outcome: 'veilig',
		id: '1',
		withWhomNote: 'moeder en de mentor van school',
		withProfessional: 'on',
		withFamily: 'on',
		van: today,
		tot: today,
		unit: 'dagen',
		plannedOn: later,
		ownerSide: 'vt',
		monitorId: ids.vtUser,
		message: 'Graag overnemen: de situatie is stabiel.',
		melder: 'anonymous',
		dueOn: later,
		description: 'Vader belt vooraf als hij de kinderen ophaalt',
		waitEntryId: ids.wait,
		vtResponsibleId: ids.vtUser,
		vtAttendees: 'Sanne Verhoef',
		partnerAttendees: 'Femke Dijkhuis',
		version: '1',
		urgent: 'on',
		toOrgId: ids.cjg,
		time: '10:00',
		summary: 'Spanningen thuis, kinderen getuige van ruzie.',
		subregionId: 'zuid-kennemerland',
		stepId: ids.step,
		status: 'nagekomen',
		scopes: 'handovers:read',
		safetyAgreements: 'Geen geweld waar de kinderen bij zijn.',
		reportDate: today,
		plannedAt: `${later}T10:00`,
		pending: 'verzegeld',
		partnerResponsibleId: ids.cjgUser,
		partnerOrgId: ids.cjg,
		partnerId: ids.cjg,
		participantIds: ids.cjg,
		overal: 'ja',
		organisationId: ids.cjg,
		municipalityId: 'GM0392',
		monitoringBy: 'VT-medewerker met de school',
		melderInformedOn: today,
		liberationDay: 'on',
		involvedPartnerReason: '',
		involvedPartnerId: '',
		exception: '',
		confirmUnusual: 'true',
		spoedDays: '3',
		careTypeIds: '',
		kind: 'cjg',
		municipalityIds: 'GM0392',
		organisatie: ids.cjg,
		preference: 'immediate',
		repeat: 'Een lange zin als wachtwoord 2026',
		roles: 'medewerker',
		userId: ids.cjgUser,
		username: 'cjg.medewerker@ketentafel.test',
		helpPresent: 'on',
		heldOn: today,
		goodFriday: 'on',
		gebruiker: ids.vtUser,
		form: 'voorwaarde',
		elderlyInvolved: 'on',
		effect: 'Rust in huis, afspraken worden nagekomen.',
		done: 'true',
		contactedOn: today,
		contactWith: 'moeder, telefonisch',
		conditionId: ids.condition,
		closingSummary: 'Samenvatting van de afsluiting.',
		childrenInvolved: 'on',
		caseId: ids.vtCase.id,
		careTypeId: 'ihub',
		careStartedOn: today,
		actie: 'case.viewed',
		'persons.0.role': 'kind',
		'persons.0.label': 'Kind 1 (8 jaar)',
		'persons.0.spokenTo': 'on',
		'persons.0.spokenOn': today,
		'persons.0.personId': ids.vtCase.personId,
		'persons.0.safe': 'ja',
		spoedHours: '4',
		regulierDays: '2',
		graceWorkdays: '2',
		checkinIntervalDays: '14',
		statutoryTermWeeks: '10',
		email: 'onbekend@ketentafel.test',
		password: 'niet-het-wachtwoord',
		code: '123456'
	};
}

/** The fields of each kind, to make one kind hostile at a time. */
export const FIELD_KINDS = {
	date: [
		'van',
		'tot',
		'plannedOn',
		'dueOn',
		'reportDate',
		'melderInformedOn',
		'informedOn',
		'heldOn',
		'contactedOn',
		'careStartedOn',
		'persons.0.spokenOn',
		'plannedAt'
	],
	id: [
		'itemId',
		'handoverId',
		'monitorId',
		'waitEntryId',
		'vtResponsibleId',
		'toOrgId',
		'stepId',
		'partnerResponsibleId',
		'partnerOrgId',
		'partnerId',
		'participantIds',
		'organisationId',
		'involvedPartnerId',
		'conditionId',
		'caseId',
		'persons.0.personId',
		'gebruiker',
		'toUserId',
		'caseIds'
	],
	number: ['id', 'version', 'norm', 'spoedHours', 'regulierDays', 'graceWorkdays', 'checkinIntervalDays', 'statutoryTermWeeks', 'code']
};

/** Who may use each page's actions, and the record its [id] stands for. */
export function targetOf(route: string, ids: DemoIds): { email: string; path: string } {
	const vt = 'vt.coordinator@ketentafel.test';
	const withId = (id: string) => route.replace('[id]', id);
	if (route.startsWith('/zaken/[id]')) return { email: vt, path: withId(ids.vtCase.id) };
	if (route.startsWith('/overdrachten/')) return { email: 'cjg.medewerker@ketentafel.test', path: withId(ids.openToCjg.id) };
	if (route.startsWith('/tafels/[id]')) return { email: vt, path: withId(ids.table) };
	if (route.startsWith('/trajecten/')) return { email: ids.partnerOfTrajectory, path: withId(ids.trajectory.id) };
	if (route.startsWith('/veiligheidschecks/')) return { email: ids.checkin.email, path: withId(ids.checkin.id) };
	if (route.startsWith('/monitoring/')) return { email: vt, path: withId(ids.moment) };
	if (route.startsWith('/wachttijden')) return { email: 'consortium.medewerker@ketentafel.test', path: route };
	if (route.startsWith('/beheer/')) return { email: 'vt.beheerder@ketentafel.test', path: route };
	if (route.startsWith('/organisatie')) return { email: 'flex.medewerker@ketentafel.test', path: route };
	return { email: vt, path: route };
}

/** A complete case as the new-case form sends it. */
export function caseFields(): Record<string, string> {
	const today = amsterdamDay(systemClock.now());
	return {
		municipalityId: 'GM0392',
		reportDate: today,
		childrenInvolved: 'on',
		summary: 'Melding van school over spanningen thuis.',
		safetyAgreements: 'Geen geweld waar de kinderen bij zijn.',
		monitoringBy: 'VT-medewerker met de school',
		'persons.0.role': 'kind',
		'persons.0.label': 'Kind 1 (8 jaar)',
		'persons.0.spokenTo': 'on',
		'persons.0.spokenOn': today
	};
}

/** Posts a raw body to a page as a browser on the portal's own origin would (a plain form post unless `extra` says otherwise). */
export async function postForm(baseUrl: string, url: string, cookie: string | null, body: RawBody, extra: Record<string, string> = {}) {
	const headers: Record<string, string> = { origin: baseUrl, accept: 'text/html', ...extra };
	if (cookie) headers.cookie = cookie;
	if (body.contentType) headers['content-type'] = body.contentType;
	const started = performance.now();
	const response = await fetch(url, { method: 'POST', headers, body: body.body, redirect: 'manual', signal: AbortSignal.timeout(20_000) });
	const text = await response.text();
	return { status: response.status, text, ms: performance.now() - started, type: response.headers.get('content-type') ?? '' };
}

/** The headers of an enhanced form post (use:enhance): the answer is the action result as JSON. */
export const ENHANCED = { 'x-sveltekit-action': 'true', accept: 'application/json' };
