import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { completeCase, demoActor, useE2eServices } from '../support/e2e-services.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { offerHandover } from '../../src/lib/server/handovers/service.ts';
import { closeDb } from '../../src/lib/server/db/client.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import type { WebSocketRoute } from 'playwright-core';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await closeDetachedRealtime();
	await closeDb();
});

describe('after a lost connection', () => {
	it('catches up with exactly what happened meanwhile: the same inbox as a fresh page load', async () => {
		const deps = useE2eServices();
		const vt = await demoActor('vt.medewerker2@ketentafel.test', 'vt', ['medewerker']);
		const partner = await demoActor('wijkteam.haarlem@ketentafel.test', 'wijkteam', ['medewerker']);

		const context = await browser.newContext();
		let cut = false;
		const open = new Set<WebSocketRoute>();
		await context.routeWebSocket(/\/socket\.io\//, (ws) => {
			if (cut) return void ws.close();
			ws.connectToServer();
			open.add(ws);
		});
		const page = await context.newPage();
		await signIn(page, 'wijkteam.haarlem@ketentafel.test');
		await page.getByText('Live', { exact: true }).waitFor();
		await page.goto(`${baseUrl()}/overdrachten`);
		await page.getByText('Live', { exact: true }).waitFor();
		let loads = 0;
		page.on('load', () => loads++);

		cut = true; // the connection drops and reconnecting fails until it is restored
		for (const ws of open) await ws.close();
		open.clear();
		await page.getByText('Verbinding verbroken, opnieuw verbinden…').waitFor({ timeout: 10_000 });
		const references: string[] = [];
		for (let i = 0; i < 3; i++) {
			const caseId = await createCase(deps, vt, completeCase(amsterdamDay(new Date()), 'GM0392'));
			await offerHandover(deps, vt, caseId, { toOrgId: partner.organisationId, message: `Aanbod ${i + 1} terwijl de verbinding weg was.` });
			const [{ reference }] = await deps.sql<{ reference: string }[]>`select reference from cases where id = ${caseId}`;
			references.push(reference);
		}
		expect(
			await page.getByTestId('inbox-open').or(page.getByText('Er zijn op dit moment geen overdrachten')).first().textContent()
		).not.toContain(references[0]);

		cut = false;
		for (const reference of references) {
			await page.getByTestId('inbox-open').getByRole('link', { name: reference }).waitFor({ timeout: 30_000 });
		}
		const live = await page.getByTestId('inbox-open').locator('li a').allTextContents();

		const fresh = await context.newPage();
		await fresh.goto(`${baseUrl()}/overdrachten`);
		const reloaded = await fresh.getByTestId('inbox-open').locator('li a').allTextContents();
		expect(live).toEqual(reloaded);
		expect(loads).toBe(0);
		await context.close();
	});
});
