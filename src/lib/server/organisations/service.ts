import type { Db, Tx } from '../db/client.ts';
import { auditActorOf, isVtBeheerder, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { ConflictError, ForbiddenError, InputError } from '../errors.ts';
import type { OrganisationInput } from './schema.ts';
import type { ServiceDeps } from '../deps.ts';

/** Only Veilig Thuis's beheerders, the operator of Ketentafel, manage organisations. */
export function requireOrganisationAdmin(actor: Actor): void {
	if (!isVtBeheerder(actor)) throw new ForbiddenError('Alleen beheerders van Veilig Thuis beheren de organisaties.');
}

/** Checks the subregion, gemeenten and zorgvormen exist; an InputError naming the field otherwise. */
async function checkReferences(tx: Db, input: OrganisationInput): Promise<void> {
	if (input.subregionId) {
		const [found] = await tx`select 1 from subregions where id = ${input.subregionId}`;
		if (!found) throw new InputError('Onbekende subregio', { subregionId: 'Kies een subregio uit de lijst.' });
	}
	const [{ municipalities, careTypes }] = await tx<{ municipalities: number; careTypes: number }[]>`
		select (select count(*)::int from municipalities where id = any(${input.municipalityIds})) as municipalities,
		       (select count(*)::int from care_types where id = any(${input.careTypeIds})) as care_types`;
	if (municipalities !== input.municipalityIds.length)
		throw new InputError('Onbekende gemeente', { municipalityIds: 'Kies gemeenten uit de lijst.' });
	if (careTypes !== input.careTypeIds.length) throw new InputError('Onbekende zorgvorm', { careTypeIds: 'Kies zorgvormen uit de lijst.' });
}

/** Writes the organisation's gemeenten and zorgvormen as given. */
async function writeCoverage(tx: Tx, organisationId: string, input: OrganisationInput): Promise<void> {
	await tx`delete from organisation_municipalities where organisation_id = ${organisationId}`;
	await tx`delete from organisation_care_types where organisation_id = ${organisationId}`;
	if (input.municipalityIds.length) {
		await tx`insert into organisation_municipalities ${tx(input.municipalityIds.map((municipalityId) => ({ organisationId, municipalityId })))}`;
	}
	if (input.careTypeIds.length) {
		await tx`insert into organisation_care_types ${tx(input.careTypeIds.map((careTypeId) => ({ organisationId, careTypeId })))}`;
	}
}

/** The one gemeente an organisation is bound to: a gemeente's own, or the only one it serves. */
const boundMunicipality = (input: OrganisationInput) => (input.municipalityIds.length === 1 ? input.municipalityIds[0] : null);

function nameTaken(error: unknown): boolean {
	return (error as { code?: string; constraint_name?: string }).code === '23505';
}

/** Adds an organisation (Veilig Thuis's beheerders); returns its id. Its beheerder is invited next, under Gebruikers. */
export async function createOrganisation(deps: ServiceDeps, actor: Actor, input: OrganisationInput): Promise<string> {
	requireOrganisationAdmin(actor);
	try {
		return await deps.sql.begin(async (tx) => {
			await checkReferences(tx, input);
			const [org] = await tx<{ id: string }[]>`
				insert into organisations (name, kind, subregion_id, municipality_id, created_at, updated_at)
				values (${input.name}, ${input.kind}, ${input.subregionId ?? null}, ${boundMunicipality(input)}, ${deps.clock.now()}, ${deps.clock.now()})
				returning id`;
			await writeCoverage(tx, org.id, input);
			await audit(
				tx,
				auditActorOf(actor),
				'organisation.created',
				{ type: 'organisation', id: org.id },
				{ name: input.name, kind: input.kind }
			);
			return org.id;
		});
	} catch (error) {
		if (nameTaken(error)) throw new InputError('Naam bestaat al', { name: 'Er is al een organisatie met deze naam.' });
		throw error;
	}
}

/** Changes an organisation's name, kind, area and zorgvormen (not Veilig Thuis's kind, not an ended one). */
export async function updateOrganisation(deps: ServiceDeps, actor: Actor, organisationId: string, input: OrganisationInput): Promise<void> {
	requireOrganisationAdmin(actor);
	try {
		await deps.sql.begin(async (tx) => {
			const [org] = await tx<
				{ kind: string; endedAt: Date | null }[]
			>`select kind::text as kind, ended_at from organisations where id = ${organisationId} for update`;
			if (!org) throw new ForbiddenError('Deze organisatie bestaat niet.');
			if (org.endedAt) throw new ConflictError('Deze organisatie is beëindigd en kan niet meer worden gewijzigd.');
			if (org.kind === 'vt')
				throw new InputError('Veilig Thuis', {
					kind: 'Veilig Thuis blijft Veilig Thuis; alleen de andere organisaties kunnen van soort veranderen.'
				});
			await checkReferences(tx, input);
			await tx`
				update organisations set name = ${input.name}, kind = ${input.kind}, subregion_id = ${input.subregionId ?? null},
				       municipality_id = ${boundMunicipality(input)}, updated_at = ${deps.clock.now()}
				where id = ${organisationId}`;
			await writeCoverage(tx, organisationId, input);
			await audit(
				tx,
				auditActorOf(actor),
				'organisation.updated',
				{ type: 'organisation', id: organisationId },
				{ name: input.name, kind: input.kind }
			);
		});
	} catch (error) {
		if (nameTaken(error)) throw new InputError('Naam bestaat al', { name: 'Er is al een organisatie met deze naam.' });
		throw error;
	}
}

/** What still runs with an organisation and keeps it from ending. */
export interface OpenWork {
	offers: number;
	handovers: number;
	trajectories: number;
	waiting: number;
}

async function openWork(tx: Db, organisationId: string): Promise<OpenWork> {
	const [work] = await tx<OpenWork[]>`
		select (select count(*)::int from handovers where to_org_id = ${organisationId} and status = 'open') as offers,
		       (select count(*)::int from handovers where to_org_id = ${organisationId} and status = 'accepted') as handovers,
		       (select count(*)::int from trajectories where partner_org_id = ${organisationId} and status = 'open') as trajectories,
		       (select count(*)::int from wait_entries where consortium_id = ${organisationId} and care_started_on is null) as waiting`;
	return work;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Ends an organisation: its members can no longer act for it (their sessions for it end at once)
 * and nothing new is offered to it; its history stays. Refused while families still depend on it:
 * open offers, accepted handovers not yet completed, open V&V-trajecten, families on its waiting list.
 */
export async function endOrganisation(deps: ServiceDeps, actor: Actor, organisationId: string): Promise<void> {
	requireOrganisationAdmin(actor);
	await deps.sql.begin(async (tx) => {
		const [org] = await tx<
			{ kind: string; endedAt: Date | null }[]
		>`select kind::text as kind, ended_at from organisations where id = ${organisationId} for update`;
		if (!org) throw new ForbiddenError('Deze organisatie bestaat niet.');
		if (org.kind === 'vt') throw new ConflictError('Veilig Thuis kan niet worden beëindigd.');
		if (org.endedAt) throw new ConflictError('Deze organisatie is al beëindigd.');
		const work = await openWork(tx, organisationId);
		const blocking = [
			work.offers && plural(work.offers, 'open aanbod', 'open aanbiedingen'),
			work.handovers &&
				plural(work.handovers, 'geaccepteerde overdracht zonder warme overdracht', 'geaccepteerde overdrachten zonder warme overdracht'),
			work.trajectories && plural(work.trajectories, 'lopend V&V-traject', 'lopende V&V-trajecten'),
			work.waiting && plural(work.waiting, 'gezin op de wachtlijst', 'gezinnen op de wachtlijst')
		].filter(Boolean);
		if (blocking.length) {
			throw new ConflictError(
				`Deze organisatie heeft nog ${blocking.join(', ')}. Rond die eerst af of draag ze over; beëindig de organisatie daarna.`
			);
		}
		await tx`update organisations set ended_at = ${deps.clock.now()}, updated_at = ${deps.clock.now()} where id = ${organisationId}`;
		await audit(tx, auditActorOf(actor), 'organisation.ended', { type: 'organisation', id: organisationId });
	});
}
