import { z } from 'zod';

export const signInSchema = z.object({
	email: z
		.string({ error: 'Vul uw e-mailadres in.' })
		.trim()
		.min(1, { error: 'Vul uw e-mailadres in.' })
		.max(254, { error: 'Dit e-mailadres is te lang.' })
		.pipe(z.email({ error: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.' })),
	password: z
		.string({ error: 'Vul uw wachtwoord in.' })
		.min(1, { error: 'Vul uw wachtwoord in.' })
		.max(200, { error: 'Dit wachtwoord is te lang.' })
});

export const codeSchema = z.object({
	code: z
		.string({ error: 'Vul de code in.' })
		.trim()
		.min(1, { error: 'Vul de code uit uw authenticator-app of een herstelcode in.' })
		.max(40, { error: 'Deze code is te lang.' })
});

export const totpSetupSchema = z.object({
	code: z
		.string({ error: 'Vul de code in.' })
		.trim()
		.regex(/^\d{3}\s?\d{3}$/, { error: 'Vul de 6 cijfers uit uw authenticator-app in.' }),
	pending: z.string({ error: 'De koppeling is verlopen. Begin opnieuw.' }).min(1).max(400)
});

/** The current password and a current code from the app, before a change to the second factor. */
export const reauthenticationSchema = z.object({
	password: z
		.string({ error: 'Vul uw huidige wachtwoord in.' })
		.min(1, { error: 'Vul uw huidige wachtwoord in.' })
		.max(200, { error: 'Dit wachtwoord is te lang.' }),
	code: z
		.string({ error: 'Vul de code uit uw authenticator-app in.' })
		.trim()
		.regex(/^\d{3}\s?\d{3}$/, { error: 'Vul de 6 cijfers uit uw authenticator-app in.' })
});

export const switchOrganisationSchema = z.object({
	organisationId: z.uuid({ error: 'Kies een organisatie uit de lijst.' })
});

/** The first message per field, for forms. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = String(issue.path[0] ?? 'form');
		out[key] ??= issue.message;
	}
	return out;
}
