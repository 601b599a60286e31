import type { MailCategory } from './categories.ts';

/** An e-mail's subject and plain text. Nothing about a family, ever: kinds, counts and links only. */
export interface MailContent {
	subject: string;
	text: string;
}

const moment = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });

const FOOTER = 'Ketentafel · overdrachten in de veiligheidsketen Kennemerland';

const WAITING: Record<MailCategory, (n: number) => string> = {
	offer: (n) =>
		n === 1 ? '1 overdracht wacht op antwoord van uw organisatie' : `${n} overdrachten wachten op antwoord van uw organisatie`,
	answer: (n) => (n === 1 ? '1 antwoord van een ketenpartner op een aanbod' : `${n} antwoorden van ketenpartners op aanbiedingen`),
	deadline: (n) => (n === 1 ? '1 termijn is verstreken' : `${n} termijnen zijn verstreken`),
	escalation: (n) => (n === 1 ? '1 escalatie vraagt uw aandacht' : `${n} escalaties vragen uw aandacht`),
	reminder: (n) => (n === 1 ? '1 herinnering aan iets dat u moet doen' : `${n} herinneringen aan iets dat u moet doen`),
	other: (n) => (n === 1 ? '1 andere melding' : `${n} andere meldingen`)
};

/** The invitation to set a password (the link works once, until validUntil). */
export function invitationMail(input: { organisations: string[]; link: string; validUntil: Date }): MailContent {
	const organisations = input.organisations.length ? input.organisations.join(' en ') : 'uw organisatie';
	return {
		subject: 'Uitnodiging voor Ketentafel',
		text: [
			'Beste collega,',
			'',
			`U bent uitgenodigd om Ketentafel te gebruiken voor ${organisations}. In Ketentafel regelen Veilig Thuis Kennemerland en de ketenpartners samen de overdracht van gezinnen.`,
			'',
			'Stel uw wachtwoord in via deze link:',
			input.link,
			'',
			`De link werkt één keer en is geldig tot ${moment.format(input.validUntil)}. Is hij verlopen? Vraag uw beheerder dan om een nieuwe uitnodiging.`,
			'',
			FOOTER
		].join('\n')
	};
}

/** The link to set a new password after "wachtwoord vergeten". */
export function passwordResetMail(input: { link: string; validUntil: Date }): MailContent {
	return {
		subject: 'Ketentafel: nieuw wachtwoord instellen',
		text: [
			'Beste collega,',
			'',
			'Er is gevraagd om een nieuw wachtwoord voor uw Ketentafel-account. Stel een nieuw wachtwoord in via deze link:',
			input.link,
			'',
			`De link werkt één keer en is geldig tot ${moment.format(input.validUntil)}.`,
			'Heeft u dit niet zelf gevraagd? Dan kunt u deze e-mail negeren: uw wachtwoord blijft hetzelfde.',
			'',
			FOOTER
		].join('\n')
	};
}

/**
 * What waits for someone who is not signed in: per category how many, and a link to the
 * notifications page. `digest` for the daily overview at 08:00.
 */
export function waitingMail(input: { counts: { category: MailCategory; count: number }[]; origin: string; digest: boolean }): MailContent {
	const total = input.counts.reduce((sum, c) => sum + c.count, 0);
	const only = input.counts.length === 1 ? input.counts[0] : null;
	const subject = input.digest
		? `Ketentafel: uw dagoverzicht (${total === 1 ? '1 melding' : `${total} meldingen`})`
		: only
			? `Ketentafel: ${WAITING[only.category](only.count)}`
			: `Ketentafel: er wacht iets op u (${total} meldingen)`;
	return {
		subject,
		text: [
			'Beste collega,',
			'',
			input.digest ? 'Sinds uw vorige overzicht is er in Ketentafel voor u:' : 'In Ketentafel wacht op u:',
			...input.counts.map((c) => `- ${WAITING[c.category](c.count)}`),
			'',
			'Bekijk het in Ketentafel:',
			`${input.origin}/meldingen`,
			'',
			'Deze e-mail noemt bewust geen gegevens over gezinnen; die ziet u alleen na het inloggen.',
			`U krijgt deze e-mail omdat u onder Mijn account koos voor ${input.digest ? 'een dagelijks overzicht' : 'direct een e-mail'}. Wijzigen kan op ${input.origin}/account.`,
			'',
			FOOTER
		].join('\n')
	};
}
