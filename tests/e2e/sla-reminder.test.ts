import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { completeCase, demoActor, useE2eServices, closeE2eServices } from '../support/e2e-services.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { offerHandover } from '../../src/lib/server/handovers/service.ts';
import { fireFollowup } from '../../src/lib/server/followups/runner.ts';
import { slaFollowup } from '../../src/lib/server/sla/followups.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await closeE2eServices();
});

describe('SLA reminders in the browser', () => {
	it('a partner sees the 50% reminder arrive live in the bell, and marks it read', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, 'cjg.medewerker@ketentafel.test');
		await page.getByText('Live', { exact: true }).waitFor();
		const bell = page.getByTestId('notification-bell');
		await bell.waitFor();
		const countNow = async () =>
			Number((await page.getByTestId('notification-count').count()) ? await page.getByTestId('notification-count').textContent() : 0);
		const beforeOffer = await countNow();
		let loads = 0;
		page.on('load', () => loads++);

		const deps = useE2eServices();
		const vt = await demoActor('vt.medewerker@ketentafel.test', 'vt', ['medewerker']);
		const caseId = await createCase(deps, vt, completeCase(amsterdamDay(new Date(Date.now() - 2 * 86_400_000))));
		const [cjg] = await deps.sql<{ id: string }[]>`select id from organisations where name = 'CJG Kennemerland'`;
		const handoverId = await offerHandover(deps, vt, caseId, { toOrgId: cjg.id, message: 'Graag een warme overdracht.' });
		const [{ reference, remind50Due }] = await deps.sql<{ reference: string; remind50Due: Date }[]>`
			select c.reference, h.remind_50_due from handovers h join cases c on c.id = h.case_id where h.id = ${handoverId}`;
		// the new offer is told first
		await expect.poll(countNow, { timeout: 10_000 }).toBe(beforeOffer + 1);
		const before = beforeOffer + 1;

		// move the clock to the 50% point and fire the reminder through the service (no waiting)
		const later = new ManualClock(remind50Due);
		expect((await fireFollowup({ sql: deps.sql, clock: later }, slaFollowup, 'remind-50', handoverId)).outcome).toBe('fired');

		await expect.poll(countNow, { timeout: 10_000 }).toBe(before + 1);
		expect(await bell.getAttribute('aria-label')).toMatch(/ongelezen/);
		await bell.click();
		const panel = page.getByRole('region', { name: 'Meldingen' });
		await panel.getByRole('link', { name: `Overdracht ${reference} wacht op uw antwoord` }).waitFor();
		await panel
			.getByRole('listitem')
			.filter({ hasText: `Overdracht ${reference} wacht op uw antwoord` })
			.getByRole('button', { name: /Markeer als gelezen/ })
			.click();
		await expect.poll(countNow, { timeout: 10_000 }).toBe(before);
		expect(loads).toBe(0);

		await page.goto(`${baseUrl()}/meldingen`);
		await page
			.getByTestId('notifications')
			.getByRole('link', { name: `Overdracht ${reference} wacht op uw antwoord` })
			.waitFor();
		await context.close();
	});
});
