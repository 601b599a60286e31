import { CONTACT_FORM_LABELS } from './handover-labels';
import { formatDay } from './labels';

type Payload = Record<string, string | number | boolean | null>;

const when = new Intl.DateTimeFormat('nl-NL', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });

/** One line of a case timeline in Dutch. */
export function describeEvent(type: string, p: Payload): string {
	const who = `${p.actor ?? 'Iemand'}${p.actorOrg ? ` (${p.actorOrg})` : ''}`;
	switch (type) {
		case 'case.created':
			return `${p.actor} heeft de zaak aangemaakt.`;
		case 'case.updated':
			return `${p.actor} heeft de zaak bijgewerkt.`;
		case 'handover.offered':
			return `${who} heeft de zaak aangeboden aan ${p.toOrgName}${p.respondBefore ? `; antwoord uiterlijk ${when.format(new Date(String(p.respondBefore)))}` : ''}.`;
		case 'handover.accepted':
			return `${who} heeft de overdracht geaccepteerd.`;
		case 'handover.declined':
			return `${who} heeft de overdracht afgewezen: ${p.reason}.`;
		case 'handover.withdrawn':
			return `${who} heeft het aanbod aan ${p.toOrgName} ingetrokken.`;
		case 'warm_handover.planned':
			return `${who} heeft het contactmoment gepland: ${CONTACT_FORM_LABELS[String(p.form)] ?? p.form}, ${p.plannedAt ? when.format(new Date(String(p.plannedAt))) : ''}.`;
		case 'warm_handover.confirmed':
			return `${who} bevestigt dat het contactmoment heeft plaatsgevonden.`;
		case 'handover.completed':
			return `De warme overdracht is afgerond: ${p.toOrgName} is nu verantwoordelijk.`;
		case 'handover.breached':
			return `De reactietermijn is verstreken: ${p.toOrgName} heeft niet op tijd geantwoord (het aanbod staat nog open).`;
		case 'trajectory.opened':
			return `${who} heeft het V&V-traject met ${p.toOrgName} gestart.`;
		case 'trajectory.updated':
			return `${who} heeft het V&V-traject bijgewerkt: ${p.change}.`;
		case 'trajectory.closed':
			return `${who} heeft het deel van Veilig Thuis in het V&V-traject afgesloten; ${p.toOrgName} zet de ondersteuning voort.`;
		case 'waiting.started':
			return `Het gezin wacht vanaf ${p.waitingSince ? formatDay(String(p.waitingSince)) : 'vandaag'} op zorg van ${p.toOrgName}.`;
		case 'waiting.care_started':
			return `${who} legt vast dat de zorg is gestart op ${p.careStartedOn ? formatDay(String(p.careStartedOn)) : 'onbekend'}; het gezin wacht niet meer.`;
		case 'waiting.over_norm':
			return `Het gezin wacht langer dan de norm (${p.normDays} dagen) op zorg van ${p.toOrgName}.`;
		case 'checkin.recorded':
			return `${who} heeft een veiligheidscheck vastgelegd.`;
		case 'case.closed':
			return `${who} heeft de zaak afgesloten; ${p.monitor} monitort op ${p.plannedOn ? formatDay(String(p.plannedOn)) : 'de geplande dag'}.`;
		case 'case.reopened':
			return `${who} heeft de zaak heropend; Veilig Thuis is weer verantwoordelijk.`;
		case 'monitoring.replanned':
			return `${who} heeft de monitoring opnieuw gepland: ${p.monitor}, ${p.plannedOn ? formatDay(String(p.plannedOn)) : ''}.`;
		case 'monitoring.recorded':
			return `${who} heeft de uitkomst van de monitoring vastgelegd.`;
		case 'monitoring.updated':
			return `Monitoring: ${p.change}.`;
		default:
			return `${who}: ${type}`;
	}
}
