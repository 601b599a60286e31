import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis, redis } from '../../src/lib/server/redis.ts';
import { env } from '../../src/lib/server/env.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import {
	disableTotp,
	enableTotp,
	makeAuthDeps,
	passSecondFactor,
	renewRecoveryCodes,
	signIn,
	type AuthDeps
} from '../../src/lib/server/auth/service.ts';
import { validateSessionToken, type AuthContext } from '../../src/lib/server/auth/session.ts';
import { generateTotpKey, totpCode } from '../../src/lib/server/auth/totp.ts';
import { createApiToken } from '../../src/lib/server/api/tokens.ts';
import { listHandoversEndpoint } from '../../src/lib/server/api/handovers.ts';
import type { Actor } from '../../src/lib/server/actor.ts';
import { createOrganisation, createUser, FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { setEnv, uniqueIp, waitFor } from '../support/it-helpers.ts';
import { startOwnRedis, type OwnRedis } from '../support/own-redis.ts';

// Redis goes away for sign-in, the second factor and the API: they answer within seconds.
const FAST_MS = 3000;
const UA = 'Mozilla/5.0 (vitest redis outage)';

let server: OwnRedis;
let port: number;
let restore: () => void;
let deps: AuthDeps;
const clock = new ManualClock();

beforeAll(async () => {
	server = await startOwnRedis();
	port = Number(new URL(server.url).port);
	await closeRedis();
	restore = setEnv({ REDIS_URL: server.url });
	deps = makeAuthDeps(db(), redis(), env().REDIS_PREFIX, clock, 8);
});

afterAll(async () => {
	await closeRedis();
	await server?.stop();
	restore?.();
	await closeDb();
});

/** Runs work and returns its result with how long it took. */
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
	const start = Date.now();
	const value = await work();
	return { value, ms: Date.now() - start };
}

async function outage<T>(during: () => Promise<T>): Promise<T> {
	await server.stop();
	try {
		return await during();
	} finally {
		server = await startOwnRedis(port);
	}
}

async function user(role: 'medewerker' | 'beheerder' = 'medewerker') {
	const org = await createOrganisation(db());
	return createUser(db(), [{ organisationId: org.id, role }]);
}

async function signedIn(email: string): Promise<AuthContext> {
	const result = await signIn(deps, { email, password: FIXTURE_PASSWORD, ip: uniqueIp(), userAgent: UA });
	if (!result.ok) throw new Error(`sign-in failed: ${JSON.stringify(result)}`);
	return (await validateSessionToken(db(), result.token, deps.sessionTtlMs, clock, deps.sessionMaxMs))!.auth;
}

describe('sign-in during a Redis outage', () => {
	it('refuses sign-in, the second factor and re-authentication within seconds, audited, and works again once Redis is back', async () => {
		const plain = await user();
		const withCode = await user();
		const first = await signedIn(withCode.email);
		const key = generateTotpKey();
		if (!(await enableTotp(deps, first, key, totpCode(key, clock.now()), { ip: null, userAgent: UA })).ok) throw new Error('no TOTP');
		clock.advance(30_000);
		const pending = await signedIn(withCode.email);
		const complete = await signedIn(withCode.email);
		const ip = uniqueIp();

		await outage(async () => {
			const attempts = await Promise.all(
				Array.from({ length: 5 }, () => timed(() => signIn(deps, { email: plain.email, password: FIXTURE_PASSWORD, ip, userAgent: UA })))
			);
			for (const { value, ms } of attempts) {
				expect(value).toEqual({ ok: false, reason: 'unavailable' });
				expect(ms, 'sign-in answered within 3 s').toBeLessThan(FAST_MS);
			}
			const code = await timed(() => passSecondFactor(deps, pending, totpCode(key, clock.now()), { ip, userAgent: UA }));
			expect(code.value).toEqual({ ok: false, reason: 'unavailable' });
			expect(code.ms).toBeLessThan(FAST_MS);
			const proof = { password: FIXTURE_PASSWORD, code: totpCode(key, clock.now()) };
			const off = await timed(() => disableTotp(deps, complete, proof, { ip, userAgent: UA }));
			expect(off.value).toEqual({ ok: false, reason: 'unavailable' });
			expect(off.ms).toBeLessThan(FAST_MS);
			expect((await renewRecoveryCodes(deps, complete, proof, { ip, userAgent: UA })).ok).toBe(false);
		});

		expect(await db()`select 1 from sessions where user_id = ${plain.id}`, 'no unthrottled sign-in').toHaveLength(0);
		const [{ count }] = await db()<{ count: number }[]>`
			select count(*)::int as count from audit_log where action = 'auth.sign_in_unavailable' and actor_user_id = ${plain.id} and ip = ${ip}::inet`;
		expect(count).toBe(5);
		const [{ codes }] = await db()<{ codes: number }[]>`
			select count(*)::int as codes from audit_log where action = 'auth.second_factor_unavailable' and actor_user_id = ${withCode.id}`;
		expect(codes).toBe(3);
		const [{ on }] = await db()<{ on: boolean }[]>`select totp_enabled_at is not null as on from users where id = ${withCode.id}`;
		expect(on).toBe(true);

		const back = await waitFor(
			async () => {
				const result = await signIn(deps, { email: plain.email, password: FIXTURE_PASSWORD, ip, userAgent: UA });
				return result.ok ? result : false;
			},
			'sign-in to work again after Redis came back',
			15_000
		);
		expect(back.ok).toBe(true);
		const passed = await passSecondFactor(deps, pending, totpCode(key, clock.now()), { ip, userAgent: UA });
		expect(passed.ok).toBe(true);
	});
});

describe('the API during a Redis outage', () => {
	it('serves a valid token and answers a refused one with a JSON 503, both within seconds', async () => {
		const org = await createOrganisation(db(), 'cjg');
		const beheerder = await createUser(db(), [{ organisationId: org.id, role: 'beheerder' }]);
		const actor: Actor = {
			userId: beheerder.id,
			tokenId: null,
			name: beheerder.name,
			organisationId: org.id,
			organisationName: org.name,
			organisationKind: 'cjg',
			roles: ['beheerder'],
			ip: null,
			userAgent: null
		};
		const { token } = await createApiToken({ sql: db(), clock }, actor, { name: 'Registratiesysteem', scopes: ['handovers:read'] });
		const ip = uniqueIp();
		const call = (bearer: string) =>
			timed(() =>
				listHandoversEndpoint(
					{ sql: db(), clock },
					{ request: new Request('http://localhost/api/v1/handovers', { headers: { authorization: `Bearer ${bearer}` } }), ip }
				)
			);

		await outage(async () => {
			const served = await call(token);
			expect(served.value.status).toBe(200);
			expect(served.ms, 'a valid token is served within 3 s').toBeLessThan(FAST_MS);
			expect((await served.value.json()).handovers).toEqual([]);

			const refused = await call('kt_' + 'a'.repeat(52));
			expect(refused.value.status).toBe(503);
			expect(refused.ms, 'a refused token is answered within 3 s').toBeLessThan(FAST_MS);
			expect(refused.value.headers.get('content-type')).toContain('application/json');
			expect(Number(refused.value.headers.get('retry-after'))).toBeGreaterThan(0);
			const body = await refused.value.json();
			expect(body.error.code).toBe('service_unavailable');
			expect(body.error.message).toContain('storing');
		});

		const answer = await waitFor(
			async () => {
				const { value } = await call('kt_' + 'b'.repeat(52));
				return value.status === 503 ? false : value.status;
			},
			'the API to count refusals again',
			15_000
		);
		expect(answer).toBe(401);
	});
});
