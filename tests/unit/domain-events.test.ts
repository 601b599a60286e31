import { describe, expect, it } from 'vitest';
import {
	EVENT_TYPES,
	eventGroup,
	eventsOf,
	isEventType,
	type DomainEvent,
	type DomainEventMap,
	type EventType,
	type HandoverStep
} from '../../src/lib/domain-events.ts';
import { describeEvent } from '../../src/lib/timeline-labels.ts';
import { maySee } from '../../src/lib/server/events/visibility.ts';
import { domainEvent } from '../../src/lib/server/events/log.ts';

const VT = 'vt-org';
const PARTNER = 'partner-org';
const by = { actor: 'Fatima de Wit', actorOrg: 'Veilig Thuis' };
const onCase = { caseId: 'case-1', reference: 'VT-2026-0001' };
const handover: HandoverStep = { ...onCase, ...by, handoverId: 'h-1', toOrgId: PARTNER, toOrgName: 'Wijkteam Oost' };
const trajectory = { ...onCase, ...by, trajectoryId: 't-1', toOrgId: PARTNER, toOrgName: 'Wijkteam Oost', change: 'voorwaarde toegevoegd' };
const wait = { ...onCase, ...by, waitEntryId: 'w-1', toOrgId: PARTNER, toOrgName: 'Consortium Jeugd' };
const checkin = { ...onCase, ...by, checkinId: 'c-1', waitEntryId: 'w-1', change: 'veiligheidscheck vastgelegd' };
const item = { ...by, tableId: 'tafel-1', caseId: 'case-1', itemId: 'i-1' };

/** A payload of every type, as its service writes it (a new type does not compile without one). */
const SAMPLES: { [T in EventType]: DomainEventMap[T] } = {
	'case.created': { ...onCase, actor: by.actor },
	'case.updated': { ...onCase, actor: by.actor },
	'case.closed': { ...onCase, ...by, monitoringId: 'm-1', plannedOn: '2026-12-01', monitor: 'Sanne Bakker' },
	'case.reopened': { ...onCase, ...by },
	'case.reassigned': { ...onCase, ...by, fromUserId: 'u-1', from: 'Sanne Bakker', toUserId: 'u-2', to: 'Kees Visser' },
	'melder_letter.saved': { ...onCase, ...by },
	'case.melder_informed': { ...onCase, ...by, informedOn: '2026-12-04', how: 'brief' },
	'monitoring.recorded': { ...onCase, ...by, monitoringId: 'm-1' },
	'monitoring.replanned': { ...onCase, ...by, monitoringId: 'm-1', plannedOn: '2026-12-08', monitor: 'Sanne Bakker' },
	'monitoring.updated': { ...onCase, actor: 'Ketentafel', actorOrg: '', monitoringId: 'm-1', change: 'herinnering verstuurd' },
	'checkin.scheduled': { actor: 'Ketentafel', actorOrg: '', count: 3, change: 'veiligheidschecks gepland' },
	'checkin.recorded': checkin,
	'checkin.reminded': { ...checkin, actor: 'Ketentafel', actorOrg: '', change: 'veiligheidscheck herinnerd' },
	'checkin.escalated': { ...checkin, actor: 'Ketentafel', actorOrg: '', change: 'veiligheidscheck geëscaleerd' },
	'handover.offered': { ...handover, respondBefore: '2026-11-24T15:00:00.000Z', urgent: 'nee' },
	'handover.accepted': handover,
	'handover.declined': { ...handover, reason: 'Geen capaciteit' },
	'handover.withdrawn': handover,
	'handover.completed': handover,
	'handover.breached': {
		...onCase,
		handoverId: 'h-1',
		toOrgId: PARTNER,
		toOrgName: 'Wijkteam Oost',
		respondBefore: '2026-11-24T15:00:00.000Z'
	},
	'warm_handover.planned': { ...handover, plannedAt: '2026-11-26T09:00:00.000Z', form: 'huisbezoek' },
	'warm_handover.confirmed': { ...handover, side: 'partner' },
	'trajectory.opened': { ...trajectory, change: 'geopend' },
	'trajectory.updated': trajectory,
	'trajectory.closed': { ...trajectory, change: 'afgesloten' },
	'waiting.started': { ...wait, waitingSince: '2026-11-20' },
	'waiting.care_started': { ...wait, careStartedOn: '2026-12-02' },
	'waiting.over_norm': { ...wait, actor: 'Ketentafel', actorOrg: '', normDays: 42 },
	'waiting.reported': { ...by, actorOrg: 'Consortium Jeugd', consortiumId: PARTNER, consortiumName: 'Consortium Jeugd', count: 2 },
	'waiting.snapshot': { day: '2026-11-22', rows: 3 },
	'waiting.norms_changed': { ...by, changed: 2 },
	'caseload.norm_changed': { ...by, userId: 'u-1', norm: 18 },
	'sprint.planned': { ...by, sprintId: 's-1', kind: 'sprintweek', startsOn: '2026-11-23', endsOn: '2026-11-27' },
	'table.created': { ...by, tableId: 'tafel-1', status: 'scheduled', scheduledAt: '2026-11-24T09:00:00.000Z', subregion: 'Utrecht Stad' },
	'table.opened': { ...by, tableId: 'tafel-1', status: 'running', currentItemId: 'i-1' },
	'table.closed': { ...by, tableId: 'tafel-1', status: 'closed' },
	'table.item_added': { ...item, currentItemId: null },
	'table.item_removed': { ...item, currentItemId: null },
	'table.current_item': item,
	'table.proposed': { ...item, proposalId: 'p-1', partnerId: PARTNER, partnerName: 'Wijkteam Oost' },
	'table.item_decided': { ...item, outcome: 'offer', partnerId: PARTNER, partnerName: 'Wijkteam Oost', handoverId: 'h-1' },
	'settings.sla_changed': { ...by, spoedHours: 4.5, regulierDays: 2, goodFridayOff: 'ja', liberationDayOff: 'nee' },
	'settings.followup_changed': { ...by, graceWorkdays: 2, checkinIntervalDays: 14, statutoryTermDays: 70 }
};

const sample = <T extends EventType>(type: T) => ({ type, payload: SAMPLES[type] }) as DomainEvent<T>;

const viewer = (organisationId: string, organisationKind: string, roles: string[]) => ({ organisationId, organisationKind, roles });

describe('domain events', () => {
	it('lists every type of the map once, each in a group', () => {
		expect([...EVENT_TYPES].sort()).toEqual(Object.keys(SAMPLES).sort());
		expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
		for (const type of EVENT_TYPES)
			expect(eventGroup(type), type).toMatch(/^(case|monitoring|checkin|handover|trajectory|waiting|caseload|table|settings)$/);
		expect(isEventType('handover.offered')).toBe(true);
		expect(isEventType('case.deleted')).toBe(false);
		expect(isEventType('toString')).toBe(false);
	});

	it('gives every type a Dutch line on the timeline, from its own payload', () => {
		for (const type of EVENT_TYPES) {
			const line = describeEvent(sample(type));
			expect(line, type).toMatch(/^\S.*\.$/);
			expect(line, type).not.toContain(type);
			expect(line, type).not.toMatch(/undefined|null|\[object/);
		}
		expect(describeEvent(sample('handover.declined'))).toBe('Fatima de Wit (Veilig Thuis) heeft de overdracht afgewezen: Geen capaciteit.');
		expect(describeEvent(sample('case.reassigned'))).toBe(
			'Fatima de Wit (Veilig Thuis) heeft Kees Visser verantwoordelijk gemaakt voor de zaak (was Sanne Bakker).'
		);
		expect(describeEvent({ type: 'case.reassigned', payload: { ...SAMPLES['case.reassigned'], fromUserId: null, from: null } })).toBe(
			'Fatima de Wit (Veilig Thuis) heeft Kees Visser verantwoordelijk gemaakt voor de zaak.'
		);
		expect(describeEvent(sample('table.item_decided'))).toBe('De overdrachtstafel heeft besloten de zaak aan Wijkteam Oost aan te bieden.');
		expect(describeEvent(sample('settings.sla_changed'))).toBe(
			'Fatima de Wit (Veilig Thuis) heeft de reactietermijnen gewijzigd: spoed 4,5 werkuren, regulier 2 werkdagen.'
		);
		expect(describeEvent(sample('waiting.norms_changed'))).toBe('Fatima de Wit (Veilig Thuis) heeft de normen van 2 zorgvormen gewijzigd.');
	});

	it('decides for every type who sees it: VT always, gemeente and stuurgroep never, unknown types nobody', () => {
		const streams = ['case:case-1', 'table:tafel-1', `org:${VT}`, `org:${PARTNER}`];
		for (const type of EVENT_TYPES) {
			const event = { type, streams, payload: SAMPLES[type] };
			expect(maySee(viewer(VT, 'vt', ['medewerker']), event), type).toBe(true);
			expect(maySee(viewer('g', 'gemeente', ['gemeente']), event), type).toBe(false);
			expect(maySee(viewer('s', 'stuurgroep', ['stuurgroep']), event), type).toBe(false);
		}
		expect(maySee(viewer(VT, 'vt', ['medewerker']), { type: 'case.deleted', streams, payload: {} })).toBe(false);
		// who is responsible within VT is VT's own business: not even the partner the case is addressed to sees it
		const reassigned = { type: 'case.reassigned', streams, payload: SAMPLES['case.reassigned'] };
		expect(maySee(viewer(PARTNER, 'wijkteam', ['medewerker', 'coordinator']), reassigned)).toBe(false);
	});

	it('filters live pages by group and type, not by the spelling of a prefix', () => {
		const waitingPage = eventsOf('waiting', 'handover.accepted');
		expect(EVENT_TYPES.filter((type) => waitingPage({ type }))).toEqual([
			'handover.accepted',
			'waiting.started',
			'waiting.care_started',
			'waiting.over_norm',
			'waiting.reported',
			'waiting.snapshot',
			'waiting.norms_changed'
		]);
		const handovers = eventsOf('handover');
		expect(handovers({ type: 'warm_handover.planned' })).toBe(true);
		expect(handovers({ type: 'handover.unknown' })).toBe(false);
		expect(eventsOf('monitoring', 'case.closed', 'case.reopened')({ type: 'case.updated' })).toBe(false);
	});

	it("builds an event with exactly its type's payload; a wrong one does not compile (svelte-check)", () => {
		const route = { streams: ['case:case-1'], actorUserId: 'u-1' };
		expect(domainEvent('handover.declined', handover, { reason: 'Geen capaciteit' }, route)).toEqual({
			type: 'handover.declined',
			payload: { ...handover, reason: 'Geen capaciteit' },
			...route
		});
		expect(domainEvent('handover.accepted', handover, {}, route).payload).toEqual(handover);
		// @ts-expect-error a declined handover names its reason
		domainEvent('handover.declined', handover, {}, route);
		// @ts-expect-error an accepted handover carries nothing more
		domainEvent('handover.accepted', handover, { reason: 'Geen capaciteit' }, route);
		// @ts-expect-error the breach is the workers' step: no actor, so not a type with a HandoverStep payload
		domainEvent('handover.breached', handover, { respondBefore: '2026-11-24T15:00:00.000Z' }, route);
		// @ts-expect-error urgent is 'ja' or 'nee'
		domainEvent('handover.offered', handover, { respondBefore: '2026-11-24T15:00:00.000Z', urgent: true }, route);
	});
});
