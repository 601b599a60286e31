import http from 'node:http';
import Provider, { type Configuration } from 'oidc-provider';
import { freePort } from './processes.ts';

/** A person the test identity provider knows: signs in with this e-mail address and password. */
export interface IdpUser {
	email: string;
	password: string;
	/** What the provider says of the address (default true). */
	emailVerified?: boolean;
}

export interface TestIdp {
	issuer: string;
	clientId: string;
	clientSecret: string;
	stop(): Promise<void>;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, error: string | null): string {
	return `<!doctype html><html lang="nl"><head><title>Inloggen bij de organisatie</title></head><body>
<h1>Inloggen bij de organisatie</h1>${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
<label for="email">E-mailadres organisatie</label><input id="email" name="email" type="email">
<label for="password">Wachtwoord organisatie</label><input id="password" name="password" type="password">
<label><input type="checkbox" name="otp" value="1"> Met code uit de app (tweede factor)</label>
<button type="submit">Inloggen bij de organisatie</button></form></body></html>`;
}

async function formBody(req: http.IncomingMessage): Promise<URLSearchParams> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A real OpenID Connect provider (oidc-provider) on a free loopback port with one confidential
 * client for Ketentafel (redirectUri) and the given users. Its own minimal login interaction
 * checks e-mail and password; ticking "Met code uit de app" signs in with amr ['pwd', 'otp'] and
 * acr 'urn:test:mfa', else amr ['pwd'] and acr 'urn:test:pwd'. Consent is pre-granted. PKCE is
 * required. stop() closes it; call it in a finally.
 */
export async function startTestIdp(redirectUri: string, users: IdpUser[]): Promise<TestIdp> {
	const port = await freePort();
	const issuer = `http://127.0.0.1:${port}`;
	const clientId = 'ketentafel-test';
	const clientSecret = `geheim-${crypto.randomUUID()}`;
	const byEmail = new Map(users.map((u) => [u.email, u]));
	const config: Configuration = {
		clients: [
			{
				client_id: clientId,
				client_secret: clientSecret,
				redirect_uris: [redirectUri],
				grant_types: ['authorization_code'],
				response_types: ['code'],
				token_endpoint_auth_method: 'client_secret_basic'
			}
		],
		// acr and amr ride with the openid scope, as most providers put them in every ID token
		claims: { auth_time: null, sid: null, iss: null, openid: ['sub', 'acr', 'amr'], email: ['email', 'email_verified'] },
		acrValues: ['urn:test:pwd', 'urn:test:mfa'],
		scopes: ['openid', 'email'],
		features: { devInteractions: { enabled: false } },
		pkce: { methods: ['S256'], required: () => true },
		cookies: { keys: ['test-idp-cookie-key'] },
		interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
		async findAccount(_ctx, sub) {
			const user = byEmail.get(sub);
			if (!user) return undefined;
			return { accountId: sub, claims: async () => ({ sub, email: user.email, email_verified: user.emailVerified ?? true }) };
		},
		async loadExistingGrant(ctx) {
			const accountId = ctx.oidc.session?.accountId;
			if (!accountId || !ctx.oidc.client) return undefined;
			const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
			grant.addOIDCScope('openid email');
			await grant.save();
			return grant;
		}
	};
	const provider = new Provider(issuer, config);
	const callback = provider.callback();
	const server = http.createServer(async (req, res) => {
		const match = /^\/interaction\/([\w-]+)$/.exec(req.url ?? '');
		if (!match) return callback(req, res);
		try {
			await provider.interactionDetails(req, res);
			if (req.method === 'GET') {
				res.setHeader('content-type', 'text/html; charset=utf-8');
				return res.end(loginPage(match[1], null));
			}
			const body = await formBody(req);
			const user = byEmail.get(body.get('email') ?? '');
			if (!user || user.password !== body.get('password')) {
				res.setHeader('content-type', 'text/html; charset=utf-8');
				return res.end(loginPage(match[1], 'Onbekend e-mailadres of wachtwoord.'));
			}
			const otp = body.get('otp') === '1';
			await provider.interactionFinished(
				req,
				res,
				{ login: { accountId: user.email, amr: otp ? ['pwd', 'otp'] : ['pwd'], acr: otp ? 'urn:test:mfa' : 'urn:test:pwd' } },
				{ mergeWithLastSubmission: false }
			);
		} catch (error) {
			res.statusCode = 400;
			res.end(error instanceof Error ? error.name : 'error');
		}
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		issuer,
		clientId,
		clientSecret,
		stop: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			})
	};
}
