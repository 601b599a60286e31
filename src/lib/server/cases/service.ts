import type { Db } from '../db/client.ts';
import { amsterdamDay } from '../workdays.ts';
import { readWorkdayPolicy } from '../sla/policy.ts';
import { assessmentDue, readAssessmentNorms } from './norms.ts';
import { auditActorOf, isVtWorker, type Actor, PARTNER_KINDS } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { appendEvent, publish, type StoredEvent } from '../events/log.ts';
import { ConflictError, ForbiddenError, InputError } from '../errors.ts';
import { rooms } from '../../realtime/events.ts';
import type { CaseInput } from './schema.ts';
import { readCase, type CaseRow } from './queries.ts';
import { isUuid } from '../ids.ts';
import type { ServiceDeps } from '../deps.ts';

/** The norm a case gets when it gets its urgency: the setting in force then (rule 1; cases/norms.ts). */
async function normFor(tx: Db, urgent: boolean): Promise<number> {
	const norms = await readAssessmentNorms(tx);
	return urgent ? norms.spoed : norms.regulier;
}

/** What is still missing before the case may be offered to a partner (Dutch, empty when complete). */
export function assessmentGaps(
	c: Pick<CaseRow, 'persons' | 'involvedPartnerId' | 'summary' | 'safetyAgreements' | 'monitoringBy'>
): string[] {
	const gaps: string[] = [];
	if (!c.summary.trim()) gaps.push('Schets de situatie.');
	if (!c.involvedPartnerId) {
		if (c.persons.length === 0) gaps.push('Voeg de directbetrokkenen toe.');
		for (const p of c.persons) if (!p.spokenTo) gaps.push(`${p.label} is nog niet gesproken.`);
	}
	if (!c.safetyAgreements.trim()) gaps.push('Leg de veiligheidsafspraken vast.');
	if (!c.monitoringBy.trim()) gaps.push('Leg vast wie monitort.');
	return gaps;
}

function requireVt(actor: Actor): void {
	if (!isVtWorker(actor)) throw new ForbiddenError('Alleen medewerkers van Veilig Thuis kunnen zaken aanmaken en wijzigen.');
}

async function checkInput(tx: Db, input: CaseInput, today: string): Promise<void> {
	if (input.reportDate > today)
		throw new InputError('De meldingsdatum ligt in de toekomst.', { reportDate: 'De meldingsdatum kan niet in de toekomst liggen.' });
	for (const [i, p] of input.persons.entries()) {
		if (p.spokenOn && p.spokenOn > today) {
			throw new InputError('Een gespreksdatum ligt in de toekomst.', {
				[`persons.${i}.spokenOn`]: 'De gespreksdatum kan niet in de toekomst liggen.'
			});
		}
	}
	if (input.involvedPartnerId) {
		const [partner] = await tx<{ kind: string }[]>`select kind::text as kind from organisations where id = ${input.involvedPartnerId}`;
		if (!partner || !PARTNER_KINDS.includes(partner.kind)) {
			throw new InputError('Kies een ketenpartner uit de lijst.', { involvedPartnerId: 'Kies een ketenpartner uit de lijst.' });
		}
	}
}

async function writePersons(tx: Db, caseId: string, input: CaseInput): Promise<void> {
	await tx`delete from case_persons where case_id = ${caseId}`;
	if (!input.persons.length) return;
	await tx`insert into case_persons ${tx(
		input.persons.map((p, i) => ({
			caseId,
			position: i,
			role: p.role,
			label: p.label,
			spokenTo: p.spokenTo,
			spokenOn: p.spokenTo ? (p.spokenOn ?? null) : null
		}))
	)}`;
}

function caseEvent(
	tx: Db,
	actor: Actor,
	type: 'case.created' | 'case.updated',
	c: { id: string; reference: string },
	at: Date
): Promise<StoredEvent> {
	return appendEvent(
		tx,
		{
			streams: [rooms.case(c.id), rooms.organisation(actor.organisationId)],
			type,
			payload: { caseId: c.id, reference: c.reference, actor: actor.name },
			actorUserId: actor.userId
		},
		at
	);
}

/** Records when the assessment was first complete (nothing missing any more): its norm is measured against it. */
async function markAssessmentComplete(tx: Db, caseId: string, now: Date): Promise<void> {
	const row = await readCase(tx, caseId);
	if (row && assessmentGaps(row).length === 0) {
		await tx`update cases set assessment_completed_at = ${now} where id = ${caseId} and assessment_completed_at is null`;
	}
}

/** VT registers a case; returns its id. */
export async function createCase(deps: ServiceDeps, actor: Actor, input: CaseInput): Promise<string> {
	requireVt(actor);
	const now = deps.clock.now();
	const today = amsterdamDay(now);
	const { id, event } = await deps.sql.begin(async (tx) => {
		await checkInput(tx, input, today);
		const [{ seq }] = await tx<{ seq: string }[]>`select nextval('case_reference_seq') as seq`;
		const reference = `VT-${today.slice(0, 4)}-${String(seq).padStart(6, '0')}`;
		const norm = await normFor(tx, input.urgent);
		const [row] = await tx<{ id: string }[]>`
			insert into cases (reference, municipality_id, report_date, urgent, children_involved, elderly_involved, help_present,
			                   summary, safety_agreements, monitoring_by, involved_partner_id, involved_partner_reason,
			                   assessment_norm_days, assessment_due, responsible_org_id, responsible_user_id, created_by, created_at, updated_at)
			values (${reference}, ${input.municipalityId}, ${input.reportDate}, ${input.urgent}, ${input.childrenInvolved},
			        ${input.elderlyInvolved}, ${input.helpPresent}, ${input.summary}, ${input.safetyAgreements}, ${input.monitoringBy},
			        ${input.involvedPartnerId ?? null}, ${input.involvedPartnerId ? (input.involvedPartnerReason ?? null) : null},
			        ${norm}, ${assessmentDue(input.reportDate, norm, await readWorkdayPolicy(tx))}, ${actor.organisationId}, ${actor.userId}, ${actor.userId}, ${now}, ${now})
			returning id`;
		await writePersons(tx, row.id, input);
		await markAssessmentComplete(tx, row.id, now);
		await audit(tx, auditActorOf(actor), 'case.created', { type: 'case', id: row.id });
		return { id: row.id, event: await caseEvent(tx, actor, 'case.created', { id: row.id, reference }, now) };
	});
	publish([event]);
	return id;
}

/** VT edits a case; refused when someone else saved it since the form was opened (version). */
export async function updateCase(deps: ServiceDeps, actor: Actor, caseId: string, input: CaseInput): Promise<void> {
	requireVt(actor);
	if (!isUuid(caseId)) throw new ForbiddenError('Deze zaak bestaat niet of u heeft er geen toegang toe.');
	const now = deps.clock.now();
	const event = await deps.sql.begin(async (tx) => {
		const [current] = await tx<
			{ reference: string; version: number; closedAt: Date | null; urgent: boolean; assessmentNormDays: number }[]
		>`
			select reference, version, closed_at, urgent, assessment_norm_days from cases where id = ${caseId} for update`;
		if (!current) throw new ForbiddenError('Deze zaak bestaat niet of u heeft er geen toegang toe.');
		if (current.closedAt) throw new ConflictError('Deze zaak is afgesloten en kan niet meer worden gewijzigd. Heropen de zaak eerst.');
		if (input.version !== undefined && input.version !== current.version) {
			throw new ConflictError('Iemand anders heeft deze zaak net gewijzigd. Bekijk de nieuwe gegevens en voer uw wijziging opnieuw in.');
		}
		await checkInput(tx, input, amsterdamDay(now));
		// the case keeps its norm; a change of urgency takes the norm in force now
		const norm = input.urgent === current.urgent ? current.assessmentNormDays : await normFor(tx, input.urgent);
		await tx`
			update cases set municipality_id = ${input.municipalityId}, report_date = ${input.reportDate}, urgent = ${input.urgent},
			       children_involved = ${input.childrenInvolved}, elderly_involved = ${input.elderlyInvolved},
			       help_present = ${input.helpPresent}, summary = ${input.summary}, safety_agreements = ${input.safetyAgreements},
			       monitoring_by = ${input.monitoringBy}, involved_partner_id = ${input.involvedPartnerId ?? null},
			       involved_partner_reason = ${input.involvedPartnerId ? (input.involvedPartnerReason ?? null) : null},
			       assessment_norm_days = ${norm}, assessment_due = ${assessmentDue(input.reportDate, norm, await readWorkdayPolicy(tx))},
			       updated_at = ${now}, version = version + 1
			where id = ${caseId}`;
		await writePersons(tx, caseId, input);
		await markAssessmentComplete(tx, caseId, now);
		await audit(tx, auditActorOf(actor), 'case.updated', { type: 'case', id: caseId });
		return caseEvent(tx, actor, 'case.updated', { id: caseId, reference: current.reference }, now);
	});
	publish([event]);
}

/** Reads a case for VT and audits the view. */
export async function viewCaseAsVt(deps: ServiceDeps, actor: Actor, caseId: string): Promise<CaseRow> {
	requireVt(actor);
	const row = await readCase(deps.sql, caseId);
	if (!row) throw new ForbiddenError('Deze zaak bestaat niet of u heeft er geen toegang toe.');
	await audit(deps.sql, auditActorOf(actor), 'case.viewed', { type: 'case', id: caseId });
	return row;
}
