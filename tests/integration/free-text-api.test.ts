import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { registerRealtime } from '../../src/lib/server/realtime/hub.ts';
import type { RealtimeServer } from '../../src/lib/server/realtime/types.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { offerHandover } from '../../src/lib/server/handovers/service.ts';
import { createApiToken } from '../../src/lib/server/api/tokens.ts';
import { declineHandoverEndpoint } from '../../src/lib/server/api/handovers.ts';
import { identifyingMessage } from '../../src/lib/server/validation/text.ts';
import type { IdentifyingKind } from '../../src/lib/server/validation/identifying.ts';
import { completeCase, ensureRegion, organisation, person, type Person } from '../support/it-cases.ts';
import { uniqueIp } from '../support/it-helpers.ts';

// The API's free text, the decline note, goes through the same validator as the pages: a 400
// that names the field and what was found, and the offer stays as it was.

const clock = new ManualClock('2026-11-23T09:00:00+01:00');
const deps = () => ({ sql: db(), clock });
let vt: Person;
let cjgBeheerder: Person;
let cjgId: string;

beforeAll(async () => {
	registerRealtime(new Server() as RealtimeServer);
	await ensureRegion();
	const vtOrg = await organisation('vt');
	const cjg = await organisation('cjg');
	cjgId = cjg.id;
	vt = await person(vtOrg, 'medewerker', clock);
	cjgBeheerder = await person(cjg, 'beheerder', clock);
});

afterAll(async () => {
	registerRealtime(undefined);
	await closeDb();
});

const NOTES: [IdentifyingKind, string][] = [
	['bsn', 'BSN van moeder is 123.456.782'],
	['phone', 'Bel moeder: +31 6 12345678'],
	['email', 'Mail moeder@voorbeeld.nl'],
	['address', 'Gezin woont op Dorpsstraat 12a'],
	['birthdate', 'Kind 1 (geb. 12-03-2015) wacht']
];

describe('POST /api/v1/handovers/{id}/decline', () => {
	it('refuses a note with identifying data with a 400 naming the field and the kind, and leaves the offer open', async () => {
		const caseId = await createCase(deps(), vt.actor, completeCase());
		const handoverId = await offerHandover(deps(), vt.actor, caseId, { toOrgId: cjgId, message: 'Graag warme overdracht.' });
		const { token } = await createApiToken(deps(), cjgBeheerder.actor, {
			name: 'Registratiesysteem',
			scopes: ['handovers:read', 'handovers:answer']
		});
		for (const [kind, note] of NOTES) {
			const request = new Request(`http://localhost/api/v1/handovers/${handoverId}/decline`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify({ reason: 'anders', note })
			});
			const response = await declineHandoverEndpoint(deps(), { request, ip: uniqueIp() }, handoverId);
			expect(response.status, kind).toBe(400);
			const { error } = await response.json();
			expect(error).toMatchObject({ code: 'invalid_input', fields: { note: identifyingMessage('de toelichting', [kind]) } });
			expect(JSON.stringify(error)).not.toContain(note);
		}
		const [row] = await db()<{ status: string; declineNote: string | null; answeredAt: Date | null }[]>`
			select status::text, decline_note, answered_at from handovers where id = ${handoverId}`;
		expect(row).toEqual({ status: 'open', declineNote: null, answeredAt: null });
		const [{ n }] = await db()<
			{ n: number }[]
		>`select count(*)::int as n from events where type = 'handover.declined' and payload->>'handoverId' = ${handoverId}`;
		expect(n).toBe(0);
	});
});
