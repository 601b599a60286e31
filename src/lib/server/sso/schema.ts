import { z } from 'zod';

/** Hosts a development or test machine may reach its identity provider on over plain http. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether requests to this issuer may use plain http: only a loopback address, never in production. */
export function insecureAllowed(issuer: URL, production: boolean): boolean {
	return !production && issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
}

const token = /^[\x21-\x7e]{1,200}$/;

/** The single sign-on set-up as the form on an organisation's page enters it. */
export function ssoConfigSchema(production: boolean) {
	return z.object({
		issuer: z
			.string()
			.trim()
			.min(1, { error: 'Vul het adres (issuer) van de inlogdienst in.' })
			.max(300, { error: 'Dit adres is te lang.' })
			.refine(
				(value) => {
					try {
						const url = new URL(value);
						return !url.search && !url.hash && !url.username && (url.protocol === 'https:' || insecureAllowed(url, production));
					} catch {
						return false;
					}
				},
				{ error: 'Vul een https-adres in, bijvoorbeeld https://login.organisatie.nl/realms/medewerkers.' }
			)
			.transform((value) => value.replace(/\/$/, '')),
		clientId: z.string().trim().regex(token, { error: 'Vul de client-id in die de inlogdienst aan Ketentafel gaf (zonder spaties).' }),
		/** Empty keeps the stored secret (it is never shown back). */
		clientSecret: z
			.string()
			.trim()
			.max(500, { error: 'Dit geheim is te lang.' })
			.regex(/^[\x21-\x7e]*$/, { error: 'Het clientgeheim bevat tekens die niet kunnen (zoals spaties).' }),
		mfaAcrValues: z
			.string()
			.trim()
			.max(1000)
			.transform((value) => [...new Set(value.split(/[\s,]+/).filter(Boolean))])
			.refine((list) => list.length <= 10 && list.every((v) => token.test(v)), {
				error: 'Geef hooguit tien acr-waarden, gescheiden door spaties.'
			})
	});
}
export type SsoConfigInput = z.output<ReturnType<typeof ssoConfigSchema>>;

/** Reads the single sign-on form. */
export function ssoConfigFromForm(form: FormData): Record<string, unknown> {
	return {
		issuer: String(form.get('issuer') ?? ''),
		clientId: String(form.get('clientId') ?? ''),
		clientSecret: String(form.get('clientSecret') ?? ''),
		mfaAcrValues: String(form.get('mfaAcrValues') ?? '')
	};
}
