import type { Db, Sql } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { auditActorOf, isVtBeheerder, isVtWorker, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { appendEvent, domainEvent, publish, type StoredEvent } from '../events/log.ts';
import type { MonitoringStep, PayloadBeyond } from '../../domain-events.ts';
import { ConflictError, ForbiddenError, InputError } from '../errors.ts';
import { rooms } from '../../realtime/events.ts';
import { isUuid } from '../ids.ts';
import { amsterdamDay } from '../workdays.ts';
import { formatDay } from '../../labels.ts';
import { vtOrgOfCase } from '../monitoring/queries.ts';
import type { InformedHow } from '../../letter-labels.ts';
import { DEFAULT_CONTACT, DEFAULT_TEMPLATE, fillTemplate, letterDay, letterSentences, type LetterFacts } from './template.ts';
import type { InformedInput, LetterInput, TemplateInput } from './schema.ts';

export interface LetterDeps {
	sql: Sql;
	clock: Clock;
}

const NO_CASE = 'Deze zaak bestaat niet of u heeft er geen toegang toe.';

/** The template in force for a VT organisation: its highest version, or the built-in default (version 0). */
export interface LetterTemplate {
	version: number;
	body: string;
	contact: string;
	createdAt: Date | null;
	createdByName: string | null;
}

/** The template a VT organisation's letters are drafted from now. */
export async function currentTemplate(sql: Db, vtOrgId: string): Promise<LetterTemplate> {
	const [row] = await sql<LetterTemplate[]>`
		select t.version, t.body, t.contact, t.created_at, u.name as created_by_name
		from melder_letter_templates t left join users u on u.id = t.created_by
		where t.vt_org_id = ${vtOrgId} order by t.version desc limit 1`;
	return row ?? { version: 0, body: DEFAULT_TEMPLATE, contact: DEFAULT_CONTACT, createdAt: null, createdByName: null };
}

/**
 * What the letter may say of a case: the kind of partner that continues the help (a completed or
 * accepted handover, else the partner already involved) and whether veiligheidsafspraken exist.
 * Only choices and kinds; the case's free texts are never read here.
 */
export async function letterFacts(sql: Db, caseId: string): Promise<LetterFacts> {
	const [row] = await sql<{ handoverKind: string | null; involvedKind: string | null; agreementsMade: boolean }[]>`
		select (select o.kind::text from handovers h join organisations o on o.id = h.to_org_id
		        where h.case_id = c.id and h.status in ('completed', 'accepted') order by h.offered_at desc limit 1) as handover_kind,
		       (select o.kind::text from organisations o where o.id = c.involved_partner_id) as involved_kind,
		       length(trim(c.safety_agreements)) > 0 as agreements_made
		from cases c where c.id = ${caseId}`;
	return {
		partnerKind: row?.handoverKind ?? row?.involvedKind ?? null,
		partnerAlreadyInvolved: !row?.handoverKind && !!row?.involvedKind,
		agreementsMade: !!row?.agreementsMade
	};
}

/** The letter text for a case from a template, as of a day. */
async function draftText(sql: Db, caseId: string, reference: string, template: LetterTemplate, day: string): Promise<string> {
	const sentences = letterSentences(await letterFacts(sql, caseId));
	return fillTemplate(template.body, { datum: letterDay(day), referentie: reference, contact: template.contact, ...sentences });
}

/**
 * Drafts the afsluitbrief of the case's current closure inside the closing transaction (nothing
 * when the melder is anonymous or the closure already has a letter). Audited.
 */
export async function draftLetter(tx: Db, actor: Actor, caseId: string, vtOrgId: string, now: Date): Promise<void> {
	const [c] = await tx<{ reference: string; closedAt: Date | null; melderAnonymous: boolean }[]>`
		select reference, closed_at, melder_anonymous from cases where id = ${caseId}`;
	if (!c?.closedAt || c.melderAnonymous) return;
	const template = await currentTemplate(tx, vtOrgId);
	const body = await draftText(tx, caseId, c.reference, template, amsterdamDay(now));
	const [row] = await tx<{ id: string }[]>`
		insert into melder_letters (case_id, closed_at, vt_org_id, template_version, body, drafted_at, updated_by, updated_at)
		values (${caseId}, ${c.closedAt}, ${vtOrgId}, ${template.version}, ${body}, ${now}, ${actor.userId}, ${now})
		on conflict (case_id, closed_at) do nothing returning id`;
	if (row)
		await audit(
			tx,
			auditActorOf(actor),
			'melder_letter.drafted',
			{ type: 'case', id: caseId },
			{ letter: row.id, template: template.version }
		);
}

/** The letter page: the closure's letter and how the melder was informed. */
export interface LetterView {
	caseId: string;
	reference: string;
	reportDate: string;
	closedAt: Date;
	vtOrgName: string;
	melderAnonymous: boolean;
	melderInformedOn: string | null;
	melderInformedHow: InformedHow | null;
	letter: {
		id: string;
		body: string;
		version: number;
		templateVersion: number;
		draftedAt: Date;
		updatedAt: Date;
		updatedByName: string | null;
	} | null;
	/** The letter can still be edited and the informing recorded: closed, not anonymous, not informed yet. */
	open: boolean;
}

/** A VT medewerker or coordinator of the case's VT organisation, acting in person. */
async function requireOwnVt(sql: Db, actor: Actor, caseId: string): Promise<string> {
	if (!isVtWorker(actor) || actor.tokenId) throw new ForbiddenError('De afsluitbrief is voor medewerkers van Veilig Thuis.');
	if (!isUuid(caseId)) throw new ForbiddenError(NO_CASE);
	const vtOrgId = await vtOrgOfCase(sql, caseId);
	if (!vtOrgId || vtOrgId !== actor.organisationId) throw new ForbiddenError(NO_CASE);
	return vtOrgId;
}

async function readView(sql: Db, caseId: string): Promise<LetterView | null> {
	const [c] = await sql<Omit<LetterView, 'letter' | 'open'>[]>`
		select c.id as case_id, c.reference, c.report_date::text as report_date, c.closed_at, o.name as vt_org_name, c.melder_anonymous,
		       to_char(c.melder_informed_on, 'YYYY-MM-DD') as melder_informed_on, c.melder_informed_how
		from cases c join organisations o on o.id = ${(await vtOrgOfCase(sql, caseId)) ?? null}
		where c.id = ${caseId} and c.closed_at is not null`;
	if (!c) return null;
	const [letter] = await sql<NonNullable<LetterView['letter']>[]>`
		select l.id, l.body, l.version, l.template_version, l.drafted_at, l.updated_at, u.name as updated_by_name
		from melder_letters l left join users u on u.id = l.updated_by
		where l.case_id = ${caseId} and l.closed_at = ${c.closedAt}`;
	return { ...c, letter: letter ?? null, open: !c.melderAnonymous && !c.melderInformedOn };
}

/** Reads the afsluitbrief of a closed case for its VT organisation; audited. Null when the case is not closed. */
export async function viewLetter(deps: LetterDeps, actor: Actor, caseId: string): Promise<LetterView | null> {
	await requireOwnVt(deps.sql, actor, caseId);
	const view = await readView(deps.sql, caseId);
	await audit(deps.sql, auditActorOf(actor), 'melder_letter.viewed', { type: 'case', id: caseId }, { letter: view?.letter?.id ?? null });
	return view;
}

/** Appends a step of the letter to the case and VT's organisation: professionals' names, days and the way only. */
function letterEvent<T extends 'melder_letter.saved' | 'case.melder_informed'>(
	tx: Db,
	actor: Actor,
	type: T,
	c: { caseId: string; reference: string; vtOrgId: string },
	at: Date,
	extra: PayloadBeyond<T, MonitoringStep>
): Promise<StoredEvent<T>> {
	const step: MonitoringStep = { caseId: c.caseId, reference: c.reference, actor: actor.name, actorOrg: actor.organisationName };
	return appendEvent(
		tx,
		domainEvent(type, step, extra, { streams: [rooms.case(c.caseId), rooms.organisation(c.vtOrgId)], actorUserId: actor.userId }),
		at
	);
}

/** Locks the closed case for a change to its letter or informing; refuses when it cannot change any more. */
async function lockOpen(tx: Db, caseId: string): Promise<LetterView> {
	await tx`select id from cases where id = ${caseId} for update`;
	const view = await readView(tx, caseId);
	if (!view) throw new ConflictError('Deze zaak is niet afgesloten: de afsluitbrief hoort bij een afgesloten zaak.');
	if (view.melderAnonymous) throw new ConflictError('De melder is anoniem: er is geen afsluitbrief.');
	if (view.melderInformedOn)
		throw new ConflictError(`De melder is al geïnformeerd (${formatDay(view.melderInformedOn)}); de brief kan niet meer worden gewijzigd.`);
	return view;
}

/**
 * Saves the medewerker's edit of the letter (the text passed the free-text validator). Refused when
 * someone else saved it since the form was opened (version), or once the melder is informed.
 */
export async function saveLetter(deps: LetterDeps, actor: Actor, caseId: string, input: LetterInput): Promise<void> {
	const vtOrgId = await requireOwnVt(deps.sql, actor, caseId);
	const now = deps.clock.now();
	const event = await deps.sql.begin(async (tx) => {
		const view = await lockOpen(tx, caseId);
		if (!view.letter) throw new ConflictError('Er is nog geen brief. Stel eerst de brief op.');
		if (input.version !== undefined && input.version !== view.letter.version)
			throw new ConflictError('Iemand anders heeft de brief net gewijzigd. Bekijk de nieuwe tekst en voer uw wijziging opnieuw in.');
		await tx`update melder_letters set body = ${input.body}, updated_by = ${actor.userId}, updated_at = ${now}, version = version + 1
		         where id = ${view.letter.id}`;
		await audit(tx, auditActorOf(actor), 'melder_letter.saved', { type: 'case', id: caseId }, { letter: view.letter.id });
		return letterEvent(tx, actor, 'melder_letter.saved', { caseId, reference: view.reference, vtOrgId }, now, {});
	});
	publish([event]);
}

/** Drafts the letter again from the template in force (or for the first time, for a closure without one). */
export async function redraftLetter(deps: LetterDeps, actor: Actor, caseId: string): Promise<void> {
	const vtOrgId = await requireOwnVt(deps.sql, actor, caseId);
	const now = deps.clock.now();
	const event = await deps.sql.begin(async (tx) => {
		const view = await lockOpen(tx, caseId);
		if (view.letter) await tx`delete from melder_letters where id = ${view.letter.id}`;
		await draftLetter(tx, actor, caseId, vtOrgId, now);
		return letterEvent(tx, actor, 'melder_letter.saved', { caseId, reference: view.reference, vtOrgId }, now, {});
	});
	publish([event]);
}

/**
 * Records when and how the melder was informed of the outcome (per brief, telefonisch, per e-mail,
 * persoonlijk): on or after the melding and not in the future. Refused for an anonymous melder or
 * once recorded. The letter is then final.
 */
export async function recordMelderInformed(deps: LetterDeps, actor: Actor, caseId: string, input: InformedInput): Promise<void> {
	const vtOrgId = await requireOwnVt(deps.sql, actor, caseId);
	const now = deps.clock.now();
	const today = amsterdamDay(now);
	const event = await deps.sql.begin(async (tx) => {
		const view = await lockOpen(tx, caseId);
		if (input.informedOn > today)
			throw new InputError('De melder kan niet in de toekomst zijn geïnformeerd.', {
				informedOn: 'De datum kan niet in de toekomst liggen.'
			});
		if (input.informedOn < view.reportDate) {
			const message = `Kies een datum vanaf de meldingsdatum (${formatDay(view.reportDate)}).`;
			throw new InputError('De melder kan niet vóór de melding zijn geïnformeerd.', { informedOn: message });
		}
		await tx`update cases set melder_informed_on = ${input.informedOn}, melder_informed_how = ${input.how}, updated_at = ${now}, version = version + 1
		         where id = ${caseId}`;
		await audit(tx, auditActorOf(actor), 'melder.informed', { type: 'case', id: caseId }, { on: input.informedOn, how: input.how });
		return letterEvent(tx, actor, 'case.melder_informed', { caseId, reference: view.reference, vtOrgId }, now, {
			informedOn: input.informedOn,
			how: input.how
		});
	});
	publish([event]);
}

// ------------------------------------------------------------------------------------------------
// the template: Veilig Thuis's beheerders

function requireTemplateBeheerder(actor: Actor): void {
	if (!isVtBeheerder(actor)) throw new ForbiddenError('Alleen beheerders van Veilig Thuis beheren de afsluitbrief.');
}

/** An earlier version of the template, for the history on the beheer page. */
export interface TemplateVersion {
	version: number;
	createdAt: Date;
	createdByName: string | null;
}

/** The template in force and its history, for a VT beheerder. */
export async function viewLetterTemplate(deps: LetterDeps, actor: Actor): Promise<{ current: LetterTemplate; history: TemplateVersion[] }> {
	requireTemplateBeheerder(actor);
	const history = await deps.sql<TemplateVersion[]>`
		select t.version, t.created_at, u.name as created_by_name from melder_letter_templates t left join users u on u.id = t.created_by
		where t.vt_org_id = ${actor.organisationId} order by t.version desc limit 20`;
	return { current: await currentTemplate(deps.sql, actor.organisationId), history: [...history] };
}

/**
 * A VT beheerder saves a new version of the template (validated by templateSchema: known
 * placeholders, the required ones present, no identifying data). The audit row holds the text
 * before and after. Letters already drafted keep their text. Returns the new version, or the
 * current one when nothing changed.
 */
export async function updateLetterTemplate(deps: LetterDeps, actor: Actor, input: TemplateInput): Promise<number> {
	requireTemplateBeheerder(actor);
	const now = deps.clock.now();
	return deps.sql.begin(async (tx) => {
		await tx`select id from organisations where id = ${actor.organisationId} for update`;
		const before = await currentTemplate(tx, actor.organisationId);
		if (before.body === input.body && before.contact === input.contact) return before.version;
		const version = before.version + 1;
		await tx`insert into melder_letter_templates (vt_org_id, version, body, contact, created_by, created_at)
		         values (${actor.organisationId}, ${version}, ${input.body}, ${input.contact}, ${actor.userId}, ${now})`;
		await audit(
			tx,
			auditActorOf(actor),
			'melder_letter.template_changed',
			{ type: 'organisation', id: actor.organisationId },
			{ version, bodyBefore: before.body, bodyAfter: input.body, contactBefore: before.contact, contactAfter: input.contact }
		);
		return version;
	});
}
