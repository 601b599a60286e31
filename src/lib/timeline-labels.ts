import type { ByWhom, DomainEvent, DomainEventMap, EventType } from './domain-events';
import { CONTACT_FORM_LABELS } from './handover-labels';
import { formatDay } from './labels';
import { INFORMED_HOW_LABELS, type InformedHow } from './letter-labels';

const when = new Intl.DateTimeFormat('nl-NL', {
	weekday: 'short',
	day: 'numeric',
	month: 'short',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'Europe/Amsterdam'
});

const decimal = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });

/** "Naam (Organisatie)", or the name alone when there is no organisation ('Ketentafel': the workers). */
const who = (p: ByWhom) => `${p.actor}${p.actorOrg ? ` (${p.actorOrg})` : ''}`;

/** The Dutch line of every event type on a case timeline (exhaustive: a new type does not compile without one). */
const EVENT_LINES: { [T in EventType]: (p: DomainEventMap[T]) => string } = {
	'case.created': (p) => `${p.actor} heeft de zaak aangemaakt.`,
	'case.updated': (p) => `${p.actor} heeft de zaak bijgewerkt.`,
	'case.closed': (p) =>
		`${who(p)} heeft de zaak afgesloten; ${p.monitor} monitort op ${p.plannedOn ? formatDay(p.plannedOn) : 'de geplande dag'}.`,
	'case.reopened': (p) => `${who(p)} heeft de zaak heropend; Veilig Thuis is weer verantwoordelijk.`,
	'case.reassigned': (p) => `${who(p)} heeft ${p.to} verantwoordelijk gemaakt voor de zaak${p.from ? ` (was ${p.from})` : ''}.`,
	'melder_letter.saved': (p) => `${who(p)} heeft de afsluitbrief aan de melder bijgewerkt.`,
	'case.melder_informed': (p) =>
		`${who(p)} legt vast dat de melder ${INFORMED_HOW_LABELS[p.how as InformedHow] ?? p.how} over de uitkomst is geïnformeerd (${p.informedOn ? formatDay(p.informedOn) : ''}).`,
	'monitoring.recorded': (p) => `${who(p)} heeft de uitkomst van de monitoring vastgelegd.`,
	'monitoring.replanned': (p) =>
		`${who(p)} heeft de monitoring opnieuw gepland: ${p.monitor}, ${p.plannedOn ? formatDay(p.plannedOn) : ''}.`,
	'monitoring.updated': (p) => `Monitoring: ${p.change}.`,
	'checkin.scheduled': (p) => `${p.count === 1 ? 'Eén veiligheidscheck' : `${p.count} veiligheidschecks`} gepland.`,
	'checkin.recorded': (p) => `${who(p)} heeft een veiligheidscheck vastgelegd.`,
	'checkin.reminded': (p) => `Veiligheidscheck: ${p.change}.`,
	'checkin.escalated': (p) => `Veiligheidscheck: ${p.change}.`,
	'handover.offered': (p) =>
		`${who(p)} heeft de zaak aangeboden aan ${p.toOrgName}${p.respondBefore ? `; antwoord uiterlijk ${when.format(new Date(p.respondBefore))}` : ''}.`,
	'handover.accepted': (p) => `${who(p)} heeft de overdracht geaccepteerd.`,
	'handover.declined': (p) => `${who(p)} heeft de overdracht afgewezen: ${p.reason}.`,
	'handover.withdrawn': (p) => `${who(p)} heeft het aanbod aan ${p.toOrgName} ingetrokken.`,
	'handover.completed': (p) => `De warme overdracht is afgerond: ${p.toOrgName} is nu verantwoordelijk.`,
	'handover.breached': (p) => `De reactietermijn is verstreken: ${p.toOrgName} heeft niet op tijd geantwoord (het aanbod staat nog open).`,
	'warm_handover.planned': (p) =>
		`${who(p)} heeft het contactmoment gepland: ${CONTACT_FORM_LABELS[p.form] ?? p.form}, ${p.plannedAt ? when.format(new Date(p.plannedAt)) : ''}.`,
	'warm_handover.confirmed': (p) => `${who(p)} bevestigt dat het contactmoment heeft plaatsgevonden.`,
	'trajectory.opened': (p) => `${who(p)} heeft het V&V-traject met ${p.toOrgName} gestart.`,
	'trajectory.updated': (p) => `${who(p)} heeft het V&V-traject bijgewerkt: ${p.change}.`,
	'trajectory.closed': (p) =>
		`${who(p)} heeft het deel van Veilig Thuis in het V&V-traject afgesloten; ${p.toOrgName} zet de ondersteuning voort.`,
	'waiting.started': (p) => `Het gezin wacht vanaf ${p.waitingSince ? formatDay(p.waitingSince) : 'vandaag'} op zorg van ${p.toOrgName}.`,
	'waiting.care_started': (p) =>
		`${who(p)} legt vast dat de zorg is gestart op ${p.careStartedOn ? formatDay(p.careStartedOn) : 'onbekend'}; het gezin wacht niet meer.`,
	'waiting.over_norm': (p) => `Het gezin wacht langer dan de norm (${p.normDays} dagen) op zorg van ${p.toOrgName}.`,
	'waiting.reported': (p) => `${who(p)} heeft de wachttijden van ${p.consortiumName} gemeld.`,
	'waiting.snapshot': (p) => `De wachttijdcijfers van ${formatDay(p.day)} zijn bijgewerkt.`,
	'waiting.norms_changed': (p) =>
		`${who(p)} heeft ${p.changed === 1 ? 'de norm van een zorgvorm' : `de normen van ${p.changed} zorgvormen`} gewijzigd.`,
	'caseload.norm_changed': (p) =>
		`${who(p)} heeft ${p.userId ? 'de caseloadnorm van een medewerker' : 'de caseloadnorm van het team'} ${p.norm === null ? 'teruggezet naar de teamnorm' : `op ${p.norm} gezet`}.`,
	'sprint.planned': (p) => `${who(p)} heeft een ${p.kind} gepland van ${formatDay(p.startsOn)} tot en met ${formatDay(p.endsOn)}.`,
	'table.created': (p) => `${who(p)} heeft een overdrachtstafel gepland.`,
	'table.opened': (p) => `${who(p)} heeft de overdrachtstafel geopend.`,
	'table.closed': (p) => `${who(p)} heeft de overdrachtstafel gesloten.`,
	'table.item_added': (p) => `${who(p)} heeft de zaak op de agenda van een overdrachtstafel gezet.`,
	'table.item_removed': (p) => `${who(p)} heeft de zaak van de agenda van de overdrachtstafel gehaald.`,
	'table.current_item': () => 'De overdrachtstafel bespreekt de zaak nu.',
	'table.proposed': (p) => `${who(p)} stelt aan de overdrachtstafel voor de zaak aan ${p.partnerName} over te dragen.`,
	'table.item_decided': (p) =>
		p.outcome === 'offer'
			? `De overdrachtstafel heeft besloten de zaak aan ${p.partnerName} aan te bieden.`
			: 'De overdrachtstafel heeft besloten dat de zaak bij Veilig Thuis blijft.',
	'settings.sla_changed': (p) =>
		`${who(p)} heeft de reactietermijnen gewijzigd: spoed ${decimal.format(p.spoedHours)} werkuren, regulier ${decimal.format(p.regulierDays)} werkdagen.`,
	'settings.followup_changed': (p) =>
		`${who(p)} heeft de vervolgtermijnen gewijzigd: respijt ${p.graceWorkdays} werkdagen, veiligheidscheck elke ${p.checkinIntervalDays} dagen, V&V-traject ${Math.round(p.statutoryTermDays / 7)} weken.`
};

/** One line of a case timeline in Dutch. */
export function describeEvent<T extends EventType>(event: DomainEvent<T>): string {
	return EVENT_LINES[event.type](event.payload);
}
