import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { auditActorOf } from '../../src/lib/server/actor.ts';
import { createCase, updateCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { listTrajectories, openTrajectory } from '../../src/lib/server/trajectories/service.ts';
import { listCheckins } from '../../src/lib/server/checkins/service.ts';
import { ensureCheckins } from '../../src/lib/server/checkins/schedule.ts';
import { closeCase, listMonitoring } from '../../src/lib/server/monitoring/service.ts';
import { closeSchema } from '../../src/lib/server/monitoring/schema.ts';
import { viewWaiting } from '../../src/lib/server/waiting/service.ts';
import { createTable, tablesFor, viewTable } from '../../src/lib/server/tables/service.ts';
import { createTableSchema } from '../../src/lib/server/tables/schema.ts';
import { readNotifications } from '../../src/lib/server/notifications/service.ts';
import { lastEventId } from '../../src/lib/server/events/log.ts';
import { createApiToken } from '../../src/lib/server/api/tokens.ts';
import { acceptHandoverEndpoint, getHandoverEndpoint, listHandoversEndpoint } from '../../src/lib/server/api/handovers.ts';
import { listAudit } from '../../src/lib/server/audit/queries.ts';
import { tokenRole } from '../../src/lib/audit-labels.ts';
import {
	completeCase,
	connectLive,
	ensureRegion,
	organisation,
	person,
	replay,
	startInstance,
	stopAll,
	watchCase,
	type Instance,
	type LiveClient,
	type Org,
	type Person
} from '../support/it-cases.ts';
import { uniqueIp, within } from '../support/it-helpers.ts';
import { useOwnDatabase } from '../support/own-database.ts';

// NEN 7513: every read of case data names the records it showed, who read them, for which
// organisation and in which role; refusals name the record that was asked for.
const clock = new ManualClock('2026-11-23T10:00:00+01:00'); // a Monday
const deps = () => ({ sql: db(), clock, enqueueTimers: false });

let vt: Org, cjg: Org, ggd: Org, consortium: Org;
let vtWorker: Person, vtCoordinator: Person, cjgWorker: Person, cjgBeheerder: Person, ggdWorker: Person, consortiumWorker: Person;
let instance: Instance;

interface Row {
	action: string;
	actorUserId: string | null;
	actorTokenId: string | null;
	actorOrgId: string | null;
	actorRoles: string[];
	actorScopes: string[];
	recordType: string | null;
	recordId: string | null;
	ip: string | null;
	details: Record<string, unknown>;
}

/** The audit rows of an action by a person or a token, oldest first. */
async function rows(action: string, who: { userId?: string | null; tokenId?: string | null }): Promise<Row[]> {
	return db()<Row[]>`
		select action, actor_user_id, actor_token_id, actor_org_id, actor_roles::text[] as actor_roles, actor_scopes, record_type, record_id,
		       host(ip) as ip, details
		from audit_log where action = ${action}
		  and ${who.userId ? db()`actor_user_id = ${who.userId}` : db()`actor_token_id = ${who.tokenId!}`}
		order by id`;
}

async function last(action: string, who: { userId?: string | null; tokenId?: string | null }): Promise<Row> {
	const found = await rows(action, who);
	expect(found.length, `an audit row ${action}`).toBeGreaterThan(0);
	return found[found.length - 1];
}

const sorted = (ids: readonly unknown[]) => [...ids].map(String).sort();

const closing = (monitor: Person, plannedOn: string) =>
	closeSchema.parse({
		closingSummary: 'Het geweld is gestopt; de afspraken blijven staan.',
		melder: 'anonymous',
		monitorId: monitor.user.id,
		plannedOn,
		withProfessional: 'on',
		withFamily: 'on',
		withWhomNote: 'moeder en de mentor van school'
	});

// a database of its own: scheduling check-ins here must not touch other files' waiting families
useOwnDatabase('nen7513');
beforeAll(async () => {
	await ensureRegion();
	[vt, cjg, ggd, consortium] = await Promise.all([
		organisation('vt'),
		organisation('cjg'),
		organisation('ggd'),
		organisation('consortium')
	]);
	[vtWorker, vtCoordinator, cjgWorker, cjgBeheerder, ggdWorker, consortiumWorker] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(vt, 'coordinator', clock),
		person(cjg, 'medewerker', clock),
		person(cjg, 'beheerder', clock),
		person(ggd, 'medewerker', clock),
		person(consortium, 'medewerker', clock)
	]);
	instance = await startInstance(clock);
});

afterAll(stopAll);

describe('lists record which records they showed', () => {
	it('V&V-trajecten, veiligheidschecks, monitoring, wachttijden, tafels and meldingen name the ids of their rows', async () => {
		const withTrajectory = await createCase(deps(), vtWorker.actor, completeCase());
		await answerHandover(
			deps(),
			cjgWorker.actor,
			await offerHandover(deps(), vtWorker.actor, withTrajectory, { toOrgId: cjg.id, message: 'Graag samen verder.' }),
			{ answer: 'accept' }
		);
		await openTrajectory(deps(), vtWorker.actor, withTrajectory, { partnerOrgId: cjg.id, vtResponsibleId: vtWorker.user.id });
		const waiting = await createCase(deps(), vtWorker.actor, completeCase());
		await answerHandover(
			deps(),
			consortiumWorker.actor,
			await offerHandover(deps(), vtWorker.actor, waiting, { toOrgId: consortium.id, message: 'Graag.', careTypeId: 'ihub' }),
			{ answer: 'accept' }
		);
		await ensureCheckins(deps());
		const closed = await createCase(deps(), vtWorker.actor, completeCase());
		await closeCase(deps(), vtCoordinator.actor, closed, closing(vtWorker, '2026-12-14'));
		await createTable(
			deps(),
			vtCoordinator.actor,
			createTableSchema.parse({ subregionId: 'zuid-kennemerland', date: '2026-11-24', time: '10:00', participantIds: [cjg.id] })
		);

		const trajectories = await listTrajectories(deps(), cjgWorker.actor);
		const checkins = await listCheckins(deps(), vtCoordinator.actor);
		const monitoring = await listMonitoring(deps(), vtWorker.actor);
		const waitingView = await viewWaiting(deps(), consortiumWorker.actor);
		const tables = await tablesFor(deps(), cjgWorker.actor);
		const notifications = await readNotifications(db(), { ...auditActorOf(vtWorker.actor), userId: vtWorker.user.id }, 50, 'pagina');

		const shown: [string, Person, string, string[]][] = [
			['trajectories.listed', cjgWorker, 'trajectory', trajectories.rows.map((t) => t.id)],
			['checkins.listed', vtCoordinator, 'safety_checkin', [...checkins.mine, ...(checkins.team ?? [])].map((c) => c.id)],
			['monitoring.listed', vtWorker, 'monitoring', monitoring.mine.map((m) => m.id)],
			[
				'waiting.viewed',
				consortiumWorker,
				'wait_entry',
				waitingView.side === 'consortium' ? [...waitingView.waiting, ...waitingView.started].map((w) => w.id) : []
			],
			['tables.listed', cjgWorker, 'table', tables.map((t) => t.id)],
			['notifications.viewed', vtWorker, 'notification', notifications.items.map((n) => String(n.id))]
		];
		for (const [action, who, type, ids] of shown) {
			expect(ids.length, `${action} shows something to test with`).toBeGreaterThan(0);
			const row = await last(action, who.actor);
			expect(row.details, action).toMatchObject({ shown: type, rows: ids.length });
			expect(sorted(row.details.ids as unknown[]), action).toEqual(sorted(ids));
			expect(row).toMatchObject({ actorOrgId: who.actor.organisationId, actorRoles: who.actor.roles });
		}
	});

	it('a tafel names the cases it showed', async () => {
		const caseId = await createCase(deps(), vtWorker.actor, completeCase());
		const tableId = await createTable(
			deps(),
			vtCoordinator.actor,
			createTableSchema.parse({ subregionId: 'zuid-kennemerland', date: '2026-11-25', time: '10:00', participantIds: [cjg.id] })
		);
		const { addAgendaItem } = await import('../../src/lib/server/tables/service.ts');
		await addAgendaItem(deps(), vtWorker.actor, tableId, caseId);
		await viewTable(deps(), vtWorker.actor, tableId);
		const row = await last('table.viewed', vtWorker.actor);
		expect(row).toMatchObject({ recordType: 'table', recordId: tableId, details: { view: 'live', shown: 'case', rows: 1, ids: [caseId] } });
	});
});

describe('live connections', () => {
	let vtLive: LiveClient, ggdLive: LiveClient;
	let caseId: string;
	let tableId: string;
	beforeAll(async () => {
		caseId = await createCase(deps(), vtWorker.actor, completeCase());
		tableId = await createTable(
			deps(),
			vtCoordinator.actor,
			createTableSchema.parse({ subregionId: 'zuid-kennemerland', date: '2026-11-26', time: '10:00', participantIds: [cjg.id] })
		);
		vtLive = await connectLive(instance, vtWorker.token);
		ggdLive = await connectLive(instance, ggdWorker.token);
	});

	it('audits a case:watch join and a refused one, naming the case, the organisation and the role', async () => {
		expect(await watchCase(vtLive, caseId)).toBe(true);
		expect(await last('case.watched', vtWorker.actor)).toMatchObject({
			recordType: 'case',
			recordId: caseId,
			actorOrgId: vt.id,
			actorRoles: ['medewerker'],
			ip: expect.stringMatching(/127\.0\.0\.1/),
			details: { via: 'live' }
		});
		expect(await watchCase(ggdLive, caseId)).toBe(false);
		expect(await last('access.refused', ggdWorker.actor)).toMatchObject({
			recordType: 'case',
			recordId: caseId,
			actorOrgId: ggd.id,
			actorRoles: ['medewerker'],
			details: { via: 'live', reason: 'no_access' }
		});
		expect(await rows('case.watched', ggdWorker.actor)).toEqual([]);
	});

	it('audits table:watch and table:join, and refuses an outsider audited', async () => {
		const watch = (client: LiveClient, id: string) => within(client.socket.emitWithAck('table:watch', id), 'table:watch ack');
		expect(await watch(vtLive, tableId)).toBe(true);
		expect(await last('table.watched', vtWorker.actor)).toMatchObject({
			recordType: 'table',
			recordId: tableId,
			actorOrgId: vt.id,
			details: { via: 'live' }
		});
		const joined = await within(vtLive.socket.emitWithAck('table:join', tableId), 'table:join ack');
		expect(joined).not.toBeNull();
		expect(await last('table.watched', vtWorker.actor)).toMatchObject({ recordId: tableId, details: { via: 'aanwezigheid' } });

		expect(await watch(ggdLive, tableId)).toBe(false);
		expect(await within(ggdLive.socket.emitWithAck('table:join', tableId), 'table:join ack')).toBeNull();
		const refused = (await rows('access.refused', ggdWorker.actor)).filter((r) => r.recordId === tableId);
		expect(refused.map((r) => [r.recordType, r.actorOrgId, r.details.via])).toEqual([
			['table', ggd.id, 'live'],
			['table', ggd.id, 'aanwezigheid']
		]);
	});

	it('audits events:replay with the streams followed and the events sent', async () => {
		expect(await watchCase(vtLive, caseId)).toBe(true);
		const after = await lastEventId(db());
		await updateCase(deps(), vtWorker.actor, caseId, completeCase({ urgent: true }));
		const replayed = await replay(vtLive, after);
		expect(replayed.replayed).toBeGreaterThan(0);
		const row = await last('events.replayed', vtWorker.actor);
		const events = await db()<
			{ id: string }[]
		>`select id from events where id > ${after} and ${`case:${caseId}`} = any(streams) order by id`;
		expect(row).toMatchObject({
			recordType: null,
			actorOrgId: vt.id,
			actorRoles: ['medewerker'],
			details: { via: 'live', after, rows: replayed.replayed }
		});
		expect(row.details.streams).toEqual(expect.arrayContaining([`case:${caseId}`, `user:${vtWorker.user.id}`, `org:${vt.id}`]));
		expect(row.details.events).toEqual(expect.arrayContaining(events.map((e) => Number(e.id))));
		expect(row.details.events).toHaveLength(replayed.replayed);

		// nothing to send, nothing read: no row
		const before = (await rows('events.replayed', vtWorker.actor)).length;
		expect((await replay(vtLive, await lastEventId(db()))).replayed).toBe(0);
		expect(await rows('events.replayed', vtWorker.actor)).toHaveLength(before);
	});
});

describe('API tokens', () => {
	const call = (method: string, path: string, token: string) => ({
		request: new Request(`http://localhost${path}`, {
			method,
			headers: { authorization: `Bearer ${token}`, 'user-agent': 'registratiesysteem/1.0' }
		}),
		ip: uniqueIp()
	});

	it('record the organisation and the token’s scopes as its role, and the handovers a list showed', async () => {
		const caseId = await createCase(deps(), vtWorker.actor, completeCase());
		const mine = await offerHandover(deps(), vtWorker.actor, caseId, { toOrgId: cjg.id, message: 'Graag warme overdracht.' });
		const { id: tokenId, token } = await createApiToken(deps(), cjgBeheerder.actor, {
			name: 'Registratiesysteem',
			scopes: ['handovers:read']
		});
		const response = await listHandoversEndpoint(deps(), call('GET', '/api/v1/handovers', token));
		expect(response.status).toBe(200);
		const listed = ((await response.json()) as { handovers: { id: string }[] }).handovers.map((h) => h.id);
		expect(listed).toContain(mine);
		const row = await last('handovers.listed', { tokenId });
		expect(row).toMatchObject({
			actorUserId: null,
			actorOrgId: cjg.id,
			actorRoles: [],
			actorScopes: ['handovers:read'],
			details: { status: 'open', shown: 'handover' }
		});
		expect(sorted(row.details.ids as string[])).toEqual(sorted(listed));

		expect((await getHandoverEndpoint(deps(), call('GET', `/api/v1/handovers/${mine}`, token), mine)).status).toBe(200);
		expect(await last('handover.viewed', { tokenId })).toMatchObject({
			recordId: mine,
			actorOrgId: cjg.id,
			actorScopes: ['handovers:read']
		});

		// the audit page shows the scopes as the role
		const page = await listAudit(db(), { scopeOrganisationId: cjg.id, action: 'handovers.listed', limit: 5 });
		const shown = page.rows.find((r) => r.details.ids && (r.details.ids as string[]).includes(mine))!;
		expect(shown.actorScopes).toEqual(['handovers:read']);
		expect(tokenRole(shown.actorScopes)).toBe('API-koppeling: overdrachten lezen');
	});

	it('refusals name the handover asked for and carry the scopes', async () => {
		const caseId = await createCase(deps(), vtWorker.actor, completeCase());
		const theirs = await offerHandover(deps(), vtWorker.actor, caseId, { toOrgId: ggd.id, message: 'Graag warme overdracht.' });
		const { id: tokenId, token } = await createApiToken(deps(), cjgBeheerder.actor, { name: 'Alleen lezen', scopes: ['handovers:read'] });

		expect((await acceptHandoverEndpoint(deps(), call('POST', `/api/v1/handovers/${theirs}/accept`, token), theirs)).status).toBe(403);
		expect((await getHandoverEndpoint(deps(), call('GET', `/api/v1/handovers/${theirs}`, token), theirs)).status).toBe(403);
		const refused = await rows('api_token.refused', { tokenId });
		expect(refused.map((r) => [r.recordType, r.recordId, r.details.reason, r.actorOrgId, r.actorScopes])).toEqual([
			['handover', theirs, 'scope', cjg.id, ['handovers:read']],
			['handover', theirs, 'no_access', cjg.id, ['handovers:read']]
		]);
	});
});
