import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { completeCase, demoActor, useE2eServices } from '../support/e2e-services.ts';
import { closeDb } from '../../src/lib/server/db/client.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { addAgendaItem, createTable } from '../../src/lib/server/tables/service.ts';
import { addWorkingDays, amsterdamDay, DEFAULT_WORKDAY_POLICY } from '../../src/lib/server/workdays.ts';
import { formatHeld } from '../../src/routes/tafels/format.ts';

let browser: Browser;
let tableId: string;
let references: string[];

beforeAll(async () => {
	const deps = useE2eServices();
	const coordinator = await demoActor('vt.coordinator@ketentafel.test', 'vt', ['coordinator']);
	const medewerker = await demoActor('vt.medewerker@ketentafel.test', 'vt', ['medewerker']);
	const partners = await deps.sql<{ id: string }[]>`
		select id from organisations where name in ('CJG Kennemerland', 'Sociaal Wijkteam Haarlem') order by name`;
	const reportDate = amsterdamDay(new Date(Date.now() - 2 * 86_400_000));
	const cases = [
		await createCase(deps, medewerker, completeCase(reportDate, 'GM0392')),
		await createCase(deps, medewerker, completeCase(reportDate, 'GM0397'))
	];
	references = (
		await deps.sql<
			{ reference: string }[]
		>`select reference from cases where id = any(${cases}::uuid[]) order by array_position(${cases}::uuid[], id)`
	).map((r) => r.reference);
	tableId = await createTable(deps, coordinator, {
		subregionId: 'zuid-kennemerland',
		date: addWorkingDays(amsterdamDay(new Date()), 1, DEFAULT_WORKDAY_POLICY),
		time: '10:00',
		participantIds: partners.map((p) => p.id)
	});
	for (const caseId of cases) await addAgendaItem(deps, medewerker, tableId, caseId);
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
});

async function atTable(email: string): Promise<{ page: Page; close: () => Promise<void> }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, email);
	await page.getByText('Live', { exact: true }).waitFor();
	await page.goto(`${baseUrl()}/tafels/${tableId}`);
	await page.getByRole('heading', { name: 'Overdrachtstafel Zuid-Kennemerland' }).waitFor();
	return { page, close: () => context.close() };
}

const presence = (page: Page) => page.getByTestId('table-presence');
const currentItem = (page: Page) => page.locator('article[aria-current="step"]');

describe('an overdrachtstafel run live on several screens', () => {
	it('the chair opens the tafel and moves through the agenda; CJG sees it live, proposes, and sees the offer arrive', async () => {
		const chair = await atTable('vt.coordinator@ketentafel.test');
		const cjg = await atTable('cjg.medewerker@ketentafel.test');
		let cjgLoads = 0;
		cjg.page.on('load', () => cjgLoads++);

		// presence: both see each other without reloading
		await expect.poll(() => presence(cjg.page).textContent(), { timeout: 10_000 }).toContain('Marieke Zwanenburg');
		await expect.poll(() => presence(chair.page).textContent(), { timeout: 10_000 }).toContain('Femke Dijkhuis');
		expect(await cjg.page.getByTestId('table-status').textContent()).toBe('Gepland');
		expect(await currentItem(cjg.page).count()).toBe(0);
		// the partner sees the cases on the agenda, but no chair controls
		expect(await cjg.page.locator('main').textContent()).toContain(references[0]);
		expect(await cjg.page.getByRole('button', { name: 'Tafel openen' }).count()).toBe(0);

		await chair.page.getByRole('button', { name: 'Tafel openen' }).click();
		await expect.poll(() => cjg.page.getByTestId('table-status').textContent(), { timeout: 10_000 }).toBe('Bezig');
		await expect.poll(() => currentItem(cjg.page).getByRole('heading', { level: 3 }).textContent()).toContain(references[0]);

		// a proposal from CJG reaches the chair
		await cjg.page.getByLabel('Welke ketenpartner zet de hulp voort?').selectOption({ label: 'CJG Kennemerland' });
		await cjg.page.getByRole('button', { name: 'Voorstel doen' }).click();
		await expect
			.poll(() => currentItem(chair.page).getByTestId('proposals').textContent(), { timeout: 10_000 })
			.toContain('voorgesteld door Femke Dijkhuis');

		// the chair moves on: CJG sees the current item change
		await chair.page.getByRole('button', { name: 'Volgend agendapunt (2)' }).click();
		await expect
			.poll(() => currentItem(cjg.page).getByRole('heading', { level: 3 }).textContent(), { timeout: 10_000 })
			.toContain(references[1]);

		// a late joiner sees the current state at once
		const wijkteam = await atTable('wijkteam.haarlem@ketentafel.test');
		expect(await currentItem(wijkteam.page).getByRole('heading', { level: 3 }).textContent()).toContain(references[1]);
		expect(await wijkteam.page.getByTestId('table-status').textContent()).toBe('Bezig');
		expect(await presence(wijkteam.page).textContent()).toContain('Marieke Zwanenburg');
		await expect.poll(() => presence(cjg.page).textContent(), { timeout: 10_000 }).toContain('Lotte van Dam');

		// the chair decides: an offer to CJG; CJG sees the outcome live and answers at the table
		await currentItem(chair.page).getByLabel('Ketenpartner', { exact: true }).selectOption({ label: 'CJG Kennemerland' });
		await currentItem(chair.page).getByRole('button', { name: 'Aanbieden' }).click();
		const outcome = cjg.page.getByTestId('agenda-item').nth(1).getByTestId('item-outcome');
		await expect
			.poll(() => outcome.textContent().catch(() => ''), { timeout: 10_000 })
			.toContain('Uitkomst: aangeboden aan CJG Kennemerland');
		expect(await outcome.textContent()).toContain('Aangeboden, wacht op antwoord');
		await cjg.page.getByRole('button', { name: 'Aanbod accepteren' }).click();
		await expect
			.poll(() => chair.page.getByTestId('agenda-item').nth(1).getByTestId('item-outcome').textContent(), { timeout: 10_000 })
			.toContain('Geaccepteerd');
		expect(cjgLoads).toBe(0);

		// leaving the tafel takes you off the presence list
		await wijkteam.close();
		await expect.poll(() => presence(chair.page).textContent(), { timeout: 10_000 }).not.toContain('Lotte van Dam');

		// closing: read-only for everyone, with a summary
		await chair.page.getByRole('button', { name: 'Tafel sluiten' }).click();
		await expect.poll(() => cjg.page.getByTestId('table-status').textContent(), { timeout: 10_000 }).toBe('Gesloten');
		expect(await cjg.page.getByRole('button', { name: 'Voorstel doen' }).count()).toBe(0);
		await cjg.page.getByRole('link', { name: 'Bekijk de samenvatting' }).click();
		await cjg.page.getByRole('heading', { name: 'Samenvatting overdrachtstafel Zuid-Kennemerland' }).waitFor();
		const summary = await cjg.page.locator('main').textContent();
		expect(summary).toContain('Aangeboden aan CJG Kennemerland');
		expect(summary).toContain(references[1]); // handed to CJG: still visible
		expect(summary).not.toContain(references[0]); // not handed to CJG: no longer visible
		// when it was held (not the planned day: it was planned for the next working day) and who attended, per organisation
		const [held] = await useE2eServices().sql<{ openedAt: Date; closedAt: Date; scheduledAt: Date }[]>`
			select opened_at, closed_at, scheduled_at from handover_tables where id = ${tableId}`;
		expect(await cjg.page.getByTestId('table-held').textContent()).toContain(formatHeld(held.openedAt, held.closedAt));
		expect(formatHeld(held.openedAt, held.closedAt)).not.toContain(formatHeld(held.scheduledAt, held.scheduledAt).split(',')[0]);
		const attendance = (await cjg.page.getByTestId('table-attendance').textContent())?.replace(/\s+/g, ' ');
		expect(attendance).toContain('Veilig Thuis Kennemerland: Marieke Zwanenburg');
		expect(attendance).toContain('CJG Kennemerland: Femke Dijkhuis'); // present before the tafel opened: recorded when it did
		expect(attendance).toContain('Sociaal Wijkteam Haarlem: Lotte van Dam'); // joined late, left before the end
		await cjg.close();
		await chair.close();
	});

	it('is not there for gemeente users', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, 'gemeente.haarlem@ketentafel.test');
		await page.getByText('Live', { exact: true }).waitFor();
		expect(await page.getByRole('link', { name: 'Overdrachtstafels' }).count()).toBe(0);
		const response = await page.goto(`${baseUrl()}/tafels/${tableId}`);
		expect(response?.status()).toBe(403);
		expect(await page.locator('main').textContent()).not.toContain(references[0]);
		await context.close();
	});
});
