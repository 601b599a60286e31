import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { completeCase, demoActor, useE2eServices, closeE2eServices } from '../support/e2e-services.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { ensureCheckins } from '../../src/lib/server/checkins/schedule.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';

let browser: Browser;
let reference: string;

beforeAll(async () => {
	const deps = { ...useE2eServices(), enqueueTimers: false };
	const vt = await demoActor('vt.medewerker@ketentafel.test', 'vt', ['medewerker']);
	const day = (daysAgo: number) => amsterdamDay(new Date(Date.now() - daysAgo * 86_400_000));
	const caseId = await createCase(deps, vt, completeCase(day(30)));
	[{ reference }] = await deps.sql<{ reference: string }[]>`select reference from cases where id = ${caseId}`;
	// a family waiting for a consortium for 16 days: its first check-in was due two days ago
	await deps.sql`
		insert into wait_entries (case_id, consortium_id, care_type_id, subregion_id, responsible_user_id, waiting_since, created_at)
		select c.id, (select id from organisations where kind = 'consortium' order by name limit 1), 'ihub', m.subregion_id, ${vt.userId}, ${day(16)}, now()
		from cases c join municipalities m on m.id = c.municipality_id where c.id = ${caseId}`;
	await ensureCheckins(deps);
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await closeE2eServices();
});

describe('safety check-ins while a family waits', () => {
	it('the medewerker records an escalatie; the coordinator’s team list and bell update live', async () => {
		const coordinatorContext = await browser.newContext();
		const coordinator = await coordinatorContext.newPage();
		await signIn(coordinator, 'vt.coordinator@ketentafel.test');
		await coordinator.getByText('Live', { exact: true }).waitFor();
		await coordinator.goto(`${baseUrl()}/veiligheidschecks`);
		const teamRow = coordinator.getByTestId('team').getByTestId('checkin-row').filter({ hasText: reference });
		await teamRow.waitFor();
		expect(await teamRow.getByTestId('checkin-status').textContent()).toBe('Te laat: 2 dagen');
		let coordinatorLoads = 0;
		coordinator.on('load', () => coordinatorLoads++);

		const workerContext = await browser.newContext();
		const worker = await workerContext.newPage();
		await signIn(worker, 'vt.medewerker@ketentafel.test');
		await worker.getByRole('link', { name: 'Veiligheidschecks' }).first().click();
		const mine = worker.getByTestId('mine').getByTestId('checkin-row').filter({ hasText: reference });
		await mine.getByRole('link', { name: `Vastleggen voor ${reference}` }).click();
		await worker.getByRole('heading', { name: `Veiligheidscheck ${reference}` }).waitFor();

		// refused with field messages; the error summary takes the focus and links to each wrong field
		await worker.getByRole('button', { name: 'Uitkomst vastleggen' }).click();
		await worker.getByText('Kies de uitkomst: veilig, zorgen of escalatie.', { exact: true }).waitFor();
		await worker.getByText('Vul in met wie en hoe u contact had.', { exact: true }).waitFor();
		const focused = () => worker.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
		await expect.poll(focused).toBe('error-summary');
		await worker
			.getByTestId('error-summary')
			.getByRole('link', { name: /Met wie en hoe/ })
			.click();
		await expect.poll(() => worker.evaluate(() => document.activeElement?.id)).toBe('contactWith');

		await worker.getByLabel('Escalatie').check();
		await worker.getByLabel('Met wie en hoe').fill('Huisbezoek bij moeder en de kinderen');
		await worker.getByRole('button', { name: 'Uitkomst vastleggen' }).click();
		await worker
			.getByTestId('error-summary')
			.getByText(/verplicht bij zorgen en escalatie/)
			.waitFor();
		await expect.poll(focused).toBe('error-summary');
		await worker.getByLabel('Toelichting').fill('Vader slaapt ondanks de afspraak weer thuis; de kinderen zijn bang.');
		await worker.getByRole('button', { name: 'Uitkomst vastleggen' }).click();
		await worker.getByText('De veiligheidscheck is vastgelegd en de teamcoördinatoren zijn ingelicht.').waitFor();
		// the confirmation takes the focus, not the page's body
		await expect.poll(focused).toBe('confirmation');
		expect(await worker.getByTestId('history').textContent()).toContain('Escalatie');
		await worker.getByTestId('next').waitFor();

		// the coordinator sees the next check-in (in 14 days) and the escalatie without reloading, and a notification
		await expect.poll(() => teamRow.getByTestId('checkin-status').textContent(), { timeout: 10_000 }).toBe('Over 14 dagen');
		expect(await teamRow.textContent()).toContain('Escalatie');
		await coordinator.getByTestId('notification-count').waitFor({ timeout: 10_000 });
		expect(coordinatorLoads).toBe(0);
		await workerContext.close();
		await coordinatorContext.close();
	});

	it('is not there for partners: 403', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, 'cjg.medewerker@ketentafel.test');
		await page.getByText('Live', { exact: true }).waitFor();
		expect(await page.getByRole('link', { name: 'Veiligheidschecks' }).count()).toBe(0);
		const response = await page.goto(`${baseUrl()}/veiligheidschecks`);
		expect(response?.status()).toBe(403);
		await context.close();
	});
});
