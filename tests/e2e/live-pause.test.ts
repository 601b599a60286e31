import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, launchBrowser } from '../support/browser.ts';
import { closeE2eServices, completeCase, demoActor } from '../support/e2e-services.ts';
import { createTestResources, dropTestResources, type TestResources } from '../support/testdb.ts';
import { startOwnRedis, type OwnRedis } from '../support/own-redis.ts';
import { freePort, startProcess, waitForHttp, type Started } from '../support/processes.ts';
import { connect, db } from '../../src/lib/server/db/client.ts';
import { resetEnv } from '../../src/lib/server/env.ts';
import { systemClock } from '../../src/lib/server/clock.ts';
import { seed } from '../../src/lib/server/seed/seed.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { offerHandover } from '../../src/lib/server/handovers/service.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';

// A portal of this test's own, on a Redis of its own that goes away and comes back. The offers are
// made in this process, whose events go out through another Redis: the portal never hears of them
// live, so what the page shows afterwards comes from its catch-up from the event log.

let browser: Browser;
let resources: TestResources;
let redis: OwnRedis;
let portal: Started;
let baseUrl: string;

beforeAll(async () => {
	resources = await createTestResources('e2e_pause');
	const sql = connect(resources.databaseUrl, 1);
	await seed(sql, 'test');
	await sql.end();
	redis = await startOwnRedis();
	const port = await freePort();
	baseUrl = `http://localhost:${port}`;
	portal = startProcess('server.ts', {
		NODE_ENV: 'test',
		PORT: String(port),
		ORIGIN: baseUrl,
		DATABASE_URL: resources.databaseUrl,
		REDIS_URL: redis.url,
		REDIS_PREFIX: resources.redisPrefix,
		LOG_LEVEL: 'info'
	});
	await waitForHttp(`${baseUrl}/healthz`, portal);
	process.env.DATABASE_URL = resources.databaseUrl;
	process.env.REDIS_PREFIX = `${resources.redisPrefix}elsewhere:`;
	process.env.LOG_LEVEL = 'silent';
	resetEnv();
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await closeE2eServices();
	await portal?.stop();
	await redis?.stop();
	if (resources) await dropTestResources(resources);
});

describe('the live badge during a Redis outage', () => {
	it('says live updates are paused, and when Redis is back the inbox catches up without a reload', async () => {
		const deps = { sql: db(), clock: systemClock, enqueueTimers: false };
		const vt = await demoActor('vt.medewerker2@ketentafel.test', 'vt', ['medewerker']);
		const partner = await demoActor('wijkteam.haarlem@ketentafel.test', 'wijkteam', ['medewerker']);

		const page = await browser.newPage();
		await page.goto(`${baseUrl}/inloggen`);
		await page.getByLabel('E-mailadres').fill('wijkteam.haarlem@ketentafel.test');
		await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Inloggen' }).click();
		await page.getByText('Live', { exact: true }).waitFor();
		await page.goto(`${baseUrl}/overdrachten`);
		await page.getByText('Live', { exact: true }).waitFor();
		let loads = 0;
		page.on('load', () => loads++);

		const lines = () => portal.output().split('\n');
		const count = (text: string) => lines().filter((l) => l.includes(text)).length;
		await redis.down();
		await page.getByText('Live-updates gepauzeerd').waitFor({ timeout: 10_000 });
		const references: string[] = [];
		for (let i = 0; i < 2; i++) {
			const caseId = await createCase(deps, vt, completeCase(amsterdamDay(new Date()), 'GM0392'));
			await offerHandover(deps, vt, caseId, { toOrgId: partner.organisationId, message: `Aanbod ${i + 1} tijdens de storing.` });
			const [{ reference }] = await db()<{ reference: string }[]>`select reference from cases where id = ${caseId}`;
			references.push(reference);
		}

		// an outage longer than the clients' first reconnect attempt (a blip that short is not logged)
		await expect.poll(() => count('redis unreachable'), { timeout: 10_000 }).toBe(1);
		await redis.up();
		await page.getByText('Live', { exact: true }).waitFor({ timeout: 15_000 });
		for (const reference of references) {
			await page.getByTestId('inbox-open').getByRole('link', { name: reference }).waitFor({ timeout: 10_000 });
		}
		expect(loads).toBe(0);
		await page.close();

		// every Redis client has an error handler: the outage is one line when it starts and one when it ends
		// (the logger writes asynchronously: wait for its lines to reach the output)
		await expect.poll(() => count('redis reachable again'), { timeout: 15_000 }).toBe(1);
		expect(count('redis unreachable')).toBe(1);
		expect(lines().filter((l) => /Unhandled error|ECONNREFUSED/.test(l) && !l.includes('redis unreachable'))).toEqual([]);
	});
});
