import { z } from 'zod';

/** An e-mail address as someone types it: trimmed, lower-cased, checked. */
export function emailAddress(missing = 'Vul uw e-mailadres in.') {
	return z
		.string({ error: missing })
		.trim()
		.min(1, { error: missing })
		.max(254, { error: 'Dit e-mailadres is te lang.' })
		.pipe(z.email({ error: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.' }))
		.transform((value) => value.toLowerCase());
}

export const signInSchema = z.object({
	email: emailAddress(),
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

/** A new password, typed twice (the policy itself is checked by password-policy.ts). */
const newPasswordPair = {
	password: z
		.string({ error: 'Kies een nieuw wachtwoord.' })
		.min(1, { error: 'Kies een nieuw wachtwoord.' })
		.max(400, { error: 'Dit wachtwoord is te lang.' }),
	repeat: z.string({ error: 'Herhaal het nieuwe wachtwoord.' }).max(400, { error: 'Dit wachtwoord is te lang.' })
};
const samePasswords = (value: { password: string; repeat: string }) => value.password === value.repeat;
const notSame = { error: 'De twee wachtwoorden zijn niet gelijk.', path: ['repeat'] };

/** Setting a password through an invitation or reset link. */
export const newPasswordSchema = z.object(newPasswordPair).refine(samePasswords, notSame);

/** Changing one's own password under Mijn account. */
export const changePasswordSchema = z
	.object({
		current: z
			.string({ error: 'Vul uw huidige wachtwoord in.' })
			.min(1, { error: 'Vul uw huidige wachtwoord in.' })
			.max(200, { error: 'Dit wachtwoord is te lang.' }),
		...newPasswordPair
	})
	.refine(samePasswords, notSame);

/** "Wachtwoord vergeten": the address to send the link to. */
export const resetRequestSchema = z.object({ email: emailAddress() });

export const switchOrganisationSchema = z.object({
	organisationId: z.uuid({ error: 'Kies een organisatie uit de lijst.' })
});
