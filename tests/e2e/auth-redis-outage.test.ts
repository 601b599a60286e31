import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { connect, type Sql } from '../../src/lib/server/db/client.ts';
import { apiTokenHash, generateApiToken } from '../../src/lib/server/api/tokens.ts';
import { launchBrowser } from '../support/browser.ts';
import { createOrganisation, createUser, FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { freePort, startProcess, waitForHttp, type Started } from '../support/processes.ts';
import { startOwnRedis, type OwnRedis } from '../support/own-redis.ts';
import { waitFor } from '../support/it-helpers.ts';

// A portal of this file's own on a Redis of its own, which the test stops: sign-in and the API
// answer within seconds with a Dutch message or a JSON 503, and work again once Redis is back.
const FAST_MS = 3000;
const UNAVAILABLE = 'Inloggen lukt nu even niet door een storing bij Ketentafel.';

let sql: Sql;
let redisServer: OwnRedis;
let redisPort: number;
let portal: Started;
let base: string;
let browser: Browser;
let email: string;
let token: string;

beforeAll(async () => {
	sql = connect(inject('e2eDatabaseUrl'), 2);
	const org = await createOrganisation(sql, 'ggd');
	email = (await createUser(sql, [{ organisationId: org.id, role: 'medewerker' }])).email;
	token = generateApiToken();
	await sql`insert into api_tokens (organisation_id, name, token_hash, scopes) values (${org.id}, 'Uitvaltest', ${apiTokenHash(token)}, ${['handovers:read']})`;

	redisServer = await startOwnRedis();
	redisPort = Number(new URL(redisServer.url).port);
	const port = await freePort();
	base = `http://localhost:${port}`;
	portal = startProcess('server.ts', {
		NODE_ENV: 'test',
		PORT: String(port),
		ORIGIN: base,
		DATABASE_URL: inject('e2eDatabaseUrl'),
		REDIS_URL: redisServer.url,
		REDIS_PREFIX: `${inject('e2eRedisPrefix')}outage:`,
		LOG_LEVEL: 'error'
	});
	await waitForHttp(`${base}/healthz`, portal);
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await portal?.stop();
	await redisServer?.stop();
	await sql?.end();
});

const postSignIn = (password: string) =>
	fetch(`${base}/inloggen`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: base }, // as a browser without JavaScript
		body: new URLSearchParams({ email, password }).toString(),
		redirect: 'manual'
	});

const callApi = (bearer: string) => fetch(`${base}/api/v1/handovers`, { headers: { authorization: `Bearer ${bearer}` } });

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
	const start = Date.now();
	const value = await work();
	return { value, ms: Date.now() - start };
}

describe('sign-in and the API during a Redis outage', () => {
	it('answers 503 with a Dutch message on the sign-in page and JSON on the API, within seconds, and recovers', async () => {
		await redisServer.stop();
		try {
			const form = await timed(() => postSignIn(FIXTURE_PASSWORD));
			expect(form.value.status).toBe(503);
			expect(form.ms, 'the sign-in form answered within 3 s').toBeLessThan(FAST_MS);
			expect(await form.value.text()).toContain(UNAVAILABLE);
			expect(form.value.headers.get('set-cookie') ?? '', 'no session without the throttle').not.toContain('kt_session=');

			const page = await browser.newPage();
			await page.goto(`${base}/inloggen`);
			await page.getByLabel('E-mailadres').fill(email);
			await page.getByLabel('Wachtwoord').fill(FIXTURE_PASSWORD);
			const started = Date.now();
			await page.getByRole('button', { name: 'Inloggen' }).click();
			await expect.poll(() => page.getByRole('alert').textContent(), { timeout: FAST_MS }).toContain(UNAVAILABLE);
			expect(Date.now() - started).toBeLessThan(FAST_MS);
			expect(new URL(page.url()).pathname).toBe('/inloggen');
			await page.close();

			const served = await timed(() => callApi(token));
			expect(served.value.status, 'a valid token needs no Redis').toBe(200);
			expect(served.ms).toBeLessThan(FAST_MS);
			const refused = await timed(() => callApi(generateApiToken()));
			expect(refused.value.status).toBe(503);
			expect(refused.ms).toBeLessThan(FAST_MS);
			expect(refused.value.headers.get('content-type')).toContain('application/json');
			expect((await refused.value.json()).error.code).toBe('service_unavailable');
		} finally {
			redisServer = await startOwnRedis(redisPort);
		}

		const back = await waitFor(
			async () => {
				const response = await postSignIn(FIXTURE_PASSWORD);
				return response.status === 503 ? false : response;
			},
			'sign-in to work again after Redis came back',
			20_000
		);
		expect(back.status).toBe(303);
		expect(back.headers.get('set-cookie')).toContain('kt_session=');
		expect((await callApi(generateApiToken())).status).toBe(401);
	});
});
