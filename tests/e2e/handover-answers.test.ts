import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { closeE2eServices, completeCase, demoActor, useE2eServices } from '../support/e2e-services.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover, withdrawHandover } from '../../src/lib/server/handovers/service.ts';
import { fireFollowup } from '../../src/lib/server/followups/runner.ts';
import { slaFollowup } from '../../src/lib/server/sla/followups.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';

// Every answer reaches whoever waits for it, live: VT (Sanne Verhoef offers) and CJG Kennemerland
// in two browsers. The deadline is passed by firing the SLA's breach stage with a clock moved to it.

let browser: Browser;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await Promise.allSettled(contexts.map((c) => c.close()));
	await browser?.close();
	await closeE2eServices();
});

const pages = new Map<string, Page>();

/**
 * A page of this account (signed in once per file: sign-ins are throttled) opened at `path` with the
 * live channel up, counting full page loads after this point.
 */
async function signedIn(email: string, path: string): Promise<{ page: Page; loads: () => number }> {
	let page = pages.get(email);
	if (!page) {
		const context = await browser.newContext();
		contexts.push(context);
		page = await context.newPage();
		await signIn(page, email);
		// signing in hashes a password: slow on a loaded machine
		await page.getByText('Live', { exact: true }).waitFor({ timeout: 60_000 });
		pages.set(email, page);
	}
	await page.goto(`${baseUrl()}${path}`);
	await page.getByText('Live', { exact: true }).waitFor();
	let loads = 0;
	page.on('load', () => loads++);
	const shown = page;
	return { page: shown, loads: () => loads };
}

/** A complete case offered to CJG Kennemerland by Sanne Verhoef (through the service, as the form does). */
async function offeredCase(): Promise<{ caseId: string; handoverId: string; reference: string }> {
	const deps = useE2eServices();
	const vt = await demoActor('vt.medewerker@ketentafel.test', 'vt', ['medewerker']);
	const caseId = await createCase(deps, vt, completeCase(amsterdamDay(new Date(Date.now() - 2 * 86_400_000))));
	const [cjg] = await deps.sql<{ id: string }[]>`select id from organisations where name = 'CJG Kennemerland'`;
	const handoverId = await offerHandover(deps, vt, caseId, {
		toOrgId: cjg.id,
		message: 'Graag een warme overdracht; de veiligheidsafspraken lopen.'
	});
	const [{ reference }] = await deps.sql<{ reference: string }[]>`select reference from cases where id = ${caseId}`;
	return { caseId, handoverId, reference };
}

/** The werkvoorraad row of a case: its handover cell. */
const stateCell = (page: Page, reference: string) =>
	page
		.getByRole('row')
		.filter({ has: page.getByRole('link', { name: reference, exact: true }) })
		.getByTestId('handover-state');

/** Opens the bell and finds the notification with this title (a link). */
async function inBell(page: Page, title: string): Promise<void> {
	await page.getByTestId('notification-bell').click();
	await page.getByRole('region', { name: 'Meldingen' }).getByRole('link', { name: title }).waitFor();
	await page.getByTestId('notification-bell').click();
}

describe('answers reach VT live, and the partner lands where it expects', () => {
	it('a partner who declines lands on its inbox with the confirmation; the offering medewerker is told live', async () => {
		const { caseId, handoverId, reference } = await offeredCase();
		const vt = await signedIn('vt.medewerker@ketentafel.test', '/zaken');
		await stateCell(vt.page, reference).getByText('Aangeboden, wacht op antwoord').waitFor();

		const cjg = await signedIn('cjg.medewerker@ketentafel.test', `/overdrachten/${handoverId}`);
		await cjg.page.getByRole('heading', { name: 'Uw antwoord' }).waitFor();
		// anything that shows "Geen toegang" on the way, however briefly, is seen
		await cjg.page.evaluate(() => {
			const w = window as unknown as { sawNoAccess: boolean };
			w.sawNoAccess = false;
			new MutationObserver(() => {
				if (document.querySelector('main h1')?.textContent?.includes('Geen toegang')) w.sawNoAccess = true;
			}).observe(document.body, { subtree: true, childList: true, characterData: true });
		});

		// the inbox loads slowly (a slow network): the live refresh the decline triggers on this page
		// must not overtake the landing (it did: the page then showed "Geen toegang")
		await cjg.page.route(/\/overdrachten\/__data\.json/, async (route) => {
			await new Promise((resolve) => setTimeout(resolve, 500));
			await route.continue();
		});

		await cjg.page.getByLabel('Nee, wij wijzen af').check();
		await cjg.page.getByLabel('Reden').selectOption({ label: 'Geen capaciteit' });
		await cjg.page.getByRole('button', { name: 'Afwijzen' }).click();
		await cjg.page.waitForURL((url) => url.pathname === '/overdrachten' && url.searchParams.has('afgewezen'), { timeout: 10_000 });
		await cjg.page.getByRole('status').getByText('U heeft de overdracht afgewezen').waitFor();
		await cjg.page.getByRole('heading', { name: 'Overdrachten aan CJG Kennemerland' }).waitFor();
		await cjg.page.unrouteAll();

		// VT: a live notice, a bell entry, and the werkvoorraad says who declined and why, without a reload
		const title = `CJG Kennemerland wijst ${reference} af`;
		await vt.page.getByTestId('toast').filter({ hasText: title }).getByText('Reden: geen capaciteit').waitFor({ timeout: 10_000 });
		await inBell(vt.page, title);
		const cell = stateCell(vt.page, reference);
		await cell.getByText('Afgewezen door CJG Kennemerland (geen capaciteit)').waitFor({ timeout: 10_000 });
		expect(await cell.textContent()).not.toContain('Nog niet aangeboden');
		expect(vt.loads()).toBe(0);

		// meanwhile the partner stayed where it landed: no late refresh undid it, no error page on the way
		expect(new URL(cjg.page.url()).pathname).toBe('/overdrachten');
		expect(await cjg.page.evaluate(() => (window as unknown as { sawNoAccess: boolean }).sawNoAccess)).toBe(false);
		expect(cjg.loads()).toBe(0);

		// "opnieuw aanbieden" leads to the offer form on the case page, which says how the last offer ended
		await cell.getByRole('link', { name: `Opnieuw aanbieden: ${reference}` }).click();
		await vt.page.waitForURL((url) => url.pathname === `/zaken/${caseId}`);
		await vt.page.getByRole('heading', { name: 'Opnieuw aanbieden aan een ketenpartner' }).waitFor();
		expect(await vt.page.getByTestId('handover-status').textContent()).toContain('Afgewezen door CJG Kennemerland (geen capaciteit)');
	});

	it('after a colleague withdraws, the partner sees who withdrew, when and why, and nothing of the case', async () => {
		const { handoverId, reference } = await offeredCase();
		const vt = await signedIn('vt.medewerker@ketentafel.test', '/');
		const cjg = await signedIn('cjg.medewerker2@ketentafel.test', `/overdrachten/${handoverId}`);
		await cjg.page.getByRole('heading', { name: 'Uw antwoord' }).waitFor();

		const colleague = await demoActor('vt.medewerker2@ketentafel.test', 'vt', ['medewerker']);
		const why = 'De moeder heeft zelf hulp gezocht bij de huisarts; wij bieden opnieuw aan als dat nodig blijkt.';
		await withdrawHandover(useE2eServices(), colleague, handoverId, why);

		// live on the open page: how the offer ended instead of an error page
		const ended = cjg.page.getByTestId('handover-ended');
		await ended.getByRole('heading', { name: 'Veilig Thuis heeft dit aanbod ingetrokken' }).waitFor({ timeout: 10_000 });
		expect(await ended.textContent()).toContain(why);
		expect(await ended.textContent()).toContain('Youssef El Amrani');
		const shown = await cjg.page.locator('main').textContent();
		expect(shown).toContain(reference);
		for (const caseText of [
			'Melding van school',
			'Geen geweld waar de kinderen bij zijn',
			'Graag een warme overdracht',
			'Kind 1 (8 jaar)',
			'Haarlem'
		])
			expect(shown).not.toContain(caseText);
		expect(cjg.loads()).toBe(0);
		// and the same when opened afresh
		const response = await cjg.page.goto(`${baseUrl()}/overdrachten/${handoverId}`);
		expect(response?.status()).toBe(200);
		await ended.getByText(why).waitFor();

		// the medewerker who offered it hears of the colleague's withdrawal
		await vt.page
			.getByTestId('toast')
			.filter({ hasText: `Aanbod ingetrokken: ${reference}` })
			.waitFor({ timeout: 10_000 });
		expect(vt.loads()).toBe(0);
	});

	it('a success message goes once the state it confirmed moved on', async () => {
		const deps = useE2eServices();
		const sanne = await demoActor('vt.medewerker@ketentafel.test', 'vt', ['medewerker']);
		const caseId = await createCase(deps, sanne, completeCase(amsterdamDay(new Date(Date.now() - 2 * 86_400_000))));
		const vt = await signedIn('vt.medewerker@ketentafel.test', `/zaken/${caseId}`);
		await vt.page.getByLabel('Ketenpartner', { exact: true }).selectOption({ label: 'CJG Kennemerland' });
		await vt.page.getByLabel('Bericht aan de ketenpartner').fill('Graag een warme overdracht; de veiligheidsafspraken lopen.');
		await vt.page.getByRole('button', { name: 'Aanbieden' }).click();
		const sent = vt.page.getByRole('status').filter({ hasText: 'Het aanbod is verstuurd.' });
		await sent.waitFor();

		const [{ id }] = await deps.sql<{ id: string }[]>`select id from handovers where case_id = ${caseId} and status = 'open'`;
		const cjgWorker = await demoActor('cjg.medewerker2@ketentafel.test', 'cjg', ['medewerker']);
		await answerHandover(deps, cjgWorker, id, { answer: 'accept' });
		await vt.page.getByTestId('handover-status').getByText('Geaccepteerd').waitFor({ timeout: 10_000 });
		expect(await sent.count()).toBe(0);
		expect(vt.loads()).toBe(0);
	});

	it('the offering medewerker is told live when the partner lets the deadline pass', async () => {
		const { handoverId, reference } = await offeredCase();
		const vt = await signedIn('vt.medewerker@ketentafel.test', '/zaken');
		await stateCell(vt.page, reference).getByText('Aangeboden, wacht op antwoord').waitFor();

		// move the clock to the deadline and fire the breach, as the workers would
		const deps = useE2eServices();
		const [{ respondBefore }] = await deps.sql<{ respondBefore: Date }[]>`select respond_before from handovers where id = ${handoverId}`;
		expect((await fireFollowup({ sql: deps.sql, clock: new ManualClock(respondBefore) }, slaFollowup, 'breach', handoverId)).outcome).toBe(
			'fired'
		);

		const title = `Termijn verstreken: ${reference}`;
		await vt.page.getByTestId('toast').filter({ hasText: title }).waitFor({ timeout: 10_000 });
		await inBell(vt.page, title);
		const cell = stateCell(vt.page, reference);
		await cell.getByText(/^Termijn verstreken sinds .+: CJG Kennemerland heeft nog niet geantwoord$/).waitFor({ timeout: 10_000 });
		expect(await cell.textContent()).not.toContain('wacht op antwoord');
		expect(vt.loads()).toBe(0);
	});
});
