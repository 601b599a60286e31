import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { createOrganisation, endOrganisation, updateOrganisation } from '../../src/lib/server/organisations/service.ts';
import { organisationById } from '../../src/lib/server/organisations/queries.ts';
import { organisationSchema } from '../../src/lib/server/organisations/schema.ts';
import { partnerOptions } from '../../src/lib/server/cases/options.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { offerHandover, withdrawHandover } from '../../src/lib/server/handovers/service.ts';
import { ConflictError, ForbiddenError, InputError } from '../../src/lib/server/errors.ts';
import {
	completeCase,
	connectLive,
	ensureRegion,
	expectError,
	organisation,
	person,
	SESSION_TTL_MS,
	startInstance,
	stopAll,
	unique,
	type Instance,
	type Org,
	type Person
} from '../support/it-cases.ts';
import { waitFor } from '../support/it-helpers.ts';

const clock = new ManualClock('2026-11-23T10:00:00+01:00');
let instance: Instance;
let vt: Org;
let vtBeheerder: Person;
const deps = () => ({ sql: db(), clock });

beforeAll(async () => {
	await ensureRegion();
	vt = await organisation('vt');
	vtBeheerder = await person(vt, 'beheerder', clock);
	instance = await startInstance(clock);
});

afterAll(async () => {
	await stopAll();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
});

describe('organisations', () => {
	it('are added and edited by Veilig Thuis’s beheerders only, with the gemeenten they serve and a consortium’s zorgvormen', async () => {
		const name = `Consortium Duinstreek ${unique()}`;
		const input = organisationSchema.parse({
			name,
			kind: 'consortium',
			subregionId: '',
			municipalityIds: ['GM0392', 'GM0473'],
			careTypeIds: ['ihub', 'trauma']
		});
		const cjg = await organisation('cjg');
		const cjgBeheerder = await person(cjg, 'beheerder', clock);
		await expectError(createOrganisation(deps(), cjgBeheerder.actor, input), ForbiddenError);

		const id = await createOrganisation(deps(), vtBeheerder.actor, input);
		expect(await organisationById(db(), id)).toMatchObject({
			name,
			kind: 'consortium',
			municipalityIds: ['GM0392', 'GM0473'],
			careTypeIds: ['ihub', 'trauma'],
			members: 0
		});
		await expectError(createOrganisation(deps(), vtBeheerder.actor, input), InputError, 'Naam bestaat al');
		await expectError(
			createOrganisation(
				deps(),
				vtBeheerder.actor,
				organisationSchema.parse({ ...input, name: `${name} 2`, careTypeIds: ['bestaat-niet'] })
			),
			InputError,
			'Onbekende zorgvorm'
		);

		await updateOrganisation(
			deps(),
			vtBeheerder.actor,
			id,
			organisationSchema.parse({ name, kind: 'consortium', subregionId: 'ijmond', municipalityIds: [], careTypeIds: ['ihub'] })
		);
		expect(await organisationById(db(), id)).toMatchObject({ subregionId: 'ijmond', municipalityIds: [], careTypeIds: ['ihub'] });
		expect(organisationSchema.safeParse({ name: 'Gemeente X', kind: 'gemeente', municipalityIds: [], careTypeIds: [] }).success).toBe(
			false
		);
		const audited = await db()<
			{ action: string }[]
		>`select action from audit_log where record_type = 'organisation' and record_id = ${id} order by id`;
		expect(audited.map((a) => a.action)).toEqual(['organisation.created', 'organisation.updated']);
	});

	it('end once nothing runs with them: members can no longer act for them and nothing new is offered to them', async () => {
		const partner = await organisation('wijkteam');
		const member = await person(partner, 'medewerker', clock);
		const live = await connectLive(instance, member.token);
		const vtMedewerker = await person(vt, 'medewerker', clock);
		const caseId = await createCase(deps(), vtMedewerker.actor, completeCase());
		const handoverId = await offerHandover(deps(), vtMedewerker.actor, caseId, {
			toOrgId: partner.id,
			message: 'Graag een warme overdracht.'
		});

		await expectError(endOrganisation(deps(), vtBeheerder.actor, partner.id), ConflictError, /1 open aanbod/);
		await withdrawHandover(deps(), vtMedewerker.actor, handoverId, 'Toch naar een andere partner.');
		await endOrganisation(deps(), vtBeheerder.actor, partner.id);

		await waitFor(() => live.signals.includes('session:ended'), 'the member’s open page ends');
		expect(await validateSessionToken(db(), member.token, SESSION_TTL_MS, clock)).toBeNull();
		expect((await partnerOptions(db())).map((o) => o.id)).not.toContain(partner.id);
		await expect(offerHandover(deps(), vtMedewerker.actor, caseId, { toOrgId: partner.id, message: 'Opnieuw.' })).rejects.toThrow(
			/has ended/
		);
		await expectError(endOrganisation(deps(), vtBeheerder.actor, vt.id), ConflictError, /Veilig Thuis kan niet/);
	});
});
