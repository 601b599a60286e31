import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnPortal, type OwnPortal } from '../support/own-portal.ts';
import { baseForm, caseFields, demoIds, ENHANCED, postForm, targetOf, type DemoIds } from '../support/demo-forms.ts';
import { identifyingMessage } from '../../src/lib/server/validation/text.ts';
import { PERSON_LABEL_MESSAGE } from '../../src/lib/server/validation/person-label.ts';
import type { IdentifyingKind } from '../../src/lib/server/validation/identifying.ts';

// Every free-text field of every form, on a portal of its own, with each kind of identifying
// data: the action refuses with a message that names the field and the kind, and writes nothing.

let own: OwnPortal;
let ids: DemoIds;

beforeAll(async () => {
	own = await startOwnPortal('freetext');
	ids = await demoIds(own.sql);
}, 240_000);
afterAll(async () => {
	await own?.stop();
});

const SAMPLES: [IdentifyingKind, string][] = [
	['bsn', 'Moeder gaf BSN 123 456 782 door.'],
	['phone', 'Bel moeder op 06-1234 5678.'],
	['email', 'Mail naar moeder@voorbeeld.nl.'],
	['address', 'Het gezin woont op 2011 AB 12.'],
	['birthdate', 'Kind 1 is geboren op 12-03-2015.']
];

/** One form with free-text fields: where it posts, as whom, its other fields, and each text field with its label in messages. */
interface TextForm {
	route: string;
	action: string;
	email?: string;
	fields: (ids: DemoIds) => Record<string, string>;
	texts: [name: string, label: string][];
}

const FORMS: TextForm[] = [
	{
		route: '/zaken/nieuw',
		action: 'default',
		fields: (ids) => ({ ...caseFields(), involvedPartnerId: ids.cjg, involvedPartnerReason: 'Het CJG is al betrokken.' }),
		texts: [
			['summary', 'de situatieschets'],
			['safetyAgreements', 'het veld "Veiligheidsafspraken"'],
			['monitoringBy', 'het veld "Wie monitort"'],
			['involvedPartnerReason', 'de reden'],
			['persons.0.label', 'de omschrijving']
		]
	},
	{
		route: '/zaken/[id]/bewerken',
		action: 'default',
		fields: () => ({ ...caseFields(), version: '1' }),
		texts: [
			['summary', 'de situatieschets'],
			['persons.0.label', 'de omschrijving']
		]
	},
	{
		route: '/zaken/[id]',
		action: 'aanbieden',
		fields: (ids) => ({ toOrgId: ids.cjg, message: 'Graag overnemen.' }),
		texts: [['message', 'het bericht']]
	},
	{
		route: '/zaken/[id]',
		action: 'intrekken',
		fields: (ids) => ({ handoverId: ids.openToCjg.id, note: '' }),
		texts: [['note', 'de toelichting']]
	},
	{
		route: '/zaken/[id]',
		action: 'plannen',
		fields: (ids) => ({ ...pick(baseForm(ids), 'handoverId', 'plannedAt', 'vtAttendees', 'partnerAttendees'), form: 'gesprek' }),
		texts: [
			['vtAttendees', 'het veld "Wie gaan er namens Veilig Thuis?"'],
			['partnerAttendees', 'het veld "Wie gaan er namens de ketenpartner?"']
		]
	},
	{
		route: '/zaken/[id]',
		action: 'afsluiten',
		fields: (ids) =>
			pick(baseForm(ids), 'closingSummary', 'melder', 'monitorId', 'plannedOn', 'withProfessional', 'withFamily', 'withWhomNote'),
		texts: [
			['closingSummary', 'de samenvatting'],
			['withWhomNote', 'het veld "Welke hulpverlener en/of gezinsleden"']
		]
	},
	{ route: '/zaken/[id]', action: 'heropenen', fields: () => ({ reason: 'Nieuwe zorgen.' }), texts: [['reason', 'de reden']] },
	{
		route: '/overdrachten/[id]',
		action: 'antwoorden',
		fields: () => ({ answer: 'decline', reason: 'anders', note: 'x' }),
		texts: [['note', 'de toelichting']]
	},
	{
		route: '/tafels/[id]',
		action: 'voorstel',
		fields: (ids) => ({ itemId: ids.item, partnerId: ids.cjg, note: '' }),
		texts: [['note', 'de toelichting']]
	},
	{
		route: '/tafels/[id]',
		action: 'besluit',
		fields: (ids) => ({ outcome: 'offer', itemId: ids.item, partnerId: ids.cjg, message: '' }),
		texts: [['message', 'het bericht']]
	},
	{
		route: '/tafels/[id]',
		action: 'besluit',
		fields: (ids) => ({ outcome: 'back_to_vt', itemId: ids.item, note: 'x' }),
		texts: [['note', 'de toelichting']]
	},
	{
		route: '/tafels/[id]',
		action: 'antwoord',
		email: 'cjg.medewerker@ketentafel.test',
		fields: (ids) => ({ handoverId: ids.openToCjg.id, answer: 'decline', reason: 'anders', note: 'x' }),
		texts: [['note', 'de toelichting']]
	},
	{
		route: '/trajecten/[id]',
		action: 'voorwaarde',
		fields: (ids) => pick(baseForm(ids), 'description', 'ownerSide', 'dueOn'),
		texts: [['description', 'de omschrijving']]
	},
	{
		route: '/trajecten/[id]',
		action: 'stap',
		fields: (ids) => pick(baseForm(ids), 'description', 'ownerSide', 'dueOn'),
		texts: [['description', 'de omschrijving']]
	},
	{
		route: '/trajecten/[id]',
		action: 'voorwaardeWijzigen',
		fields: (ids) => pick(baseForm(ids), 'conditionId', 'description', 'ownerSide', 'dueOn'),
		texts: [['description', 'de omschrijving']]
	},
	{
		route: '/trajecten/[id]',
		action: 'stapWijzigen',
		fields: (ids) => pick(baseForm(ids), 'stepId', 'description', 'ownerSide', 'dueOn'),
		texts: [['description', 'de omschrijving']]
	},
	{
		route: '/veiligheidschecks/[id]',
		action: 'default',
		fields: (ids) => ({ ...pick(baseForm(ids), 'contactedOn', 'contactWith'), outcome: 'zorgen', note: 'x' }),
		texts: [
			['contactWith', 'het veld "Met wie en hoe"'],
			['note', 'de toelichting']
		]
	},
	{
		route: '/monitoring/[id]',
		action: 'vastleggen',
		fields: (ids) => pick(baseForm(ids), 'heldOn', 'effect', 'persons.0.personId', 'persons.0.safe'),
		texts: [['effect', 'het effect']]
	},
	{
		route: '/monitoring/[id]',
		action: 'herplannen',
		fields: (ids) => pick(baseForm(ids), 'monitorId', 'plannedOn', 'withFamily', 'withWhomNote'),
		texts: [['withWhomNote', 'het veld "Welke hulpverlener en/of gezinsleden"']]
	},
	{ route: '/monitoring/[id]', action: 'heropenen', fields: () => ({ reason: 'Nieuwe zorgen.' }), texts: [['reason', 'de reden']] },
	{
		route: '/beheer/api-tokens',
		action: 'aanmaken',
		email: 'cjg.beheerder@ketentafel.test',
		fields: () => ({ name: 'Registratiesysteem', scopes: 'handovers:read' }),
		texts: [['name', 'de naam']]
	}
];

function pick(from: Record<string, string>, ...names: string[]): Record<string, string> {
	return Object.fromEntries(names.map((n) => [n, from[n]]));
}

/** The data of an enhanced action's answer (SvelteKit sends it in devalue's flat form). */
function actionData(text: string): { type: string; data: Record<string, unknown> } {
	const answer = JSON.parse(text) as { type: string; data?: string };
	const values = answer.data ? (JSON.parse(answer.data) as unknown[]) : [];
	const at = (i: number): unknown => {
		const v = values[i];
		if (Array.isArray(v)) return v.map(at);
		if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, j]) => [k, at(j as number)]));
		return v;
	};
	return { type: answer.type, data: (values.length ? at(0) : {}) as Record<string, unknown> };
}

/** Tables with rows written since a transaction id (the audit log and sessions aside). */
async function writtenSince(xid: bigint): Promise<string[]> {
	const tables = await own.sql<{ name: string }[]>`
		select tablename as name from pg_tables where schemaname = 'public' and tablename not like 'audit%' and tablename <> 'sessions'`;
	const counts = await own.sql.unsafe<{ name: string; n: number }[]>(
		tables
			.map((t) => `select '${t.name}' as name, count(*)::int as n from "${t.name}" where xmin::text::bigint >= ${xid % 2n ** 32n}`)
			.join(' union all ')
	);
	return counts.filter((c) => c.n > 0).map((c) => `${c.name} (${c.n})`);
}

describe('free text in every form', () => {
	it('refuses each kind of identifying data in each free-text field, naming the field and the kind, and writes nothing', async () => {
		const failures: string[] = [];
		let refused = 0;
		for (const form of FORMS) {
			const target = targetOf(form.route, ids);
			const cookie = await own.cookieFor(form.email ?? target.email);
			const url = `${own.baseUrl}${target.path}${form.action === 'default' ? '' : `?/${form.action}`}`;
			for (const [name, label] of form.texts) {
				const samples: [IdentifyingKind | 'label', string][] = name.endsWith('.label') ? [...SAMPLES, ['label', 'Jan de Vries']] : SAMPLES;
				for (const [kind, value] of samples) {
					const where = `${form.route}?/${form.action} ${name} (${kind})`;
					const body = new URLSearchParams({ ...form.fields(ids), [name]: value }).toString();
					const xid = BigInt((await own.sql<{ x: string }[]>`select txid_current()::text as x`)[0].x);
					const answer = await postForm(
						own.baseUrl,
						url,
						cookie,
						{ label: kind, contentType: 'application/x-www-form-urlencoded', body },
						ENHANCED
					);
					const { type, data } = actionData(answer.text);
					const fields = (data.fields ?? data.errors ?? {}) as Record<string, string>; // the token page calls them errors
					const expected = kind === 'label' ? PERSON_LABEL_MESSAGE : identifyingMessage(label, [kind]);
					if (type !== 'failure') failures.push(`${where}: ${answer.status} ${type}`);
					else if (fields[name] !== expected) failures.push(`${where}: ${JSON.stringify(fields[name] ?? fields)}`);
					else refused++;
					const written = await writtenSince(xid);
					if (written.length) failures.push(`${where}: wrote ${written.join(', ')}`);
				}
			}
		}
		expect(failures).toEqual([]);
		expect(refused).toBeGreaterThan(100);
	}, 300_000);
});
