import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { completeCase, demoActor, useE2eServices, closeE2eServices } from '../support/e2e-services.ts';
import { axeViolations, horizontalOverflow, overflowCulprits } from '../support/axe.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { reportWaitingTimes } from '../../src/lib/server/waiting/service.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';

let browser: Browser;
let closeId: string;
let offerId: string;
let consortiumId: string;
const day = (offset: number) => amsterdamDay(new Date(Date.now() + offset * 86_400_000));
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';

/** Screenshots at 1280 and 320 px (looked at by hand), no sideways scrolling at 320 px. */
async function shots(page: Page, name: string) {
	for (const width of [1280, 320]) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
		if (width === 320) {
			const wide = await overflowCulprits(page);
			expect({ overflow: await horizontalOverflow(page), wide }).toEqual({ overflow: 0, wide: [] });
		}
	}
	await page.setViewportSize({ width: 1280, height: 900 });
}

beforeAll(async () => {
	const deps = useE2eServices();
	const vt = await demoActor('vt.medewerker@ketentafel.test', 'vt', ['medewerker']);
	closeId = await createCase(deps, vt, completeCase(day(-3)));
	offerId = await createCase(deps, vt, completeCase(day(-2)));
	const consortium = await demoActor('consortium.medewerker@ketentafel.test', 'consortium', ['medewerker']);
	consortiumId = consortium.organisationId;
	// IHUB in Zuid-Kennemerland is far over its norm
	await reportWaitingTimes(deps, consortium, [{ careType: 'ihub', subregion: 'zuid-kennemerland', waitingDays: 210 }]);
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await closeE2eServices();
});

describe('the afsluitbrief', () => {
	it('VT closes a case, edits the drafted letter, prints it (only the letter, A4) and records that the melder was informed', async () => {
		const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		const vt = await context.newPage();
		await signIn(vt, 'vt.medewerker@ketentafel.test');
		await vt.goto(`${baseUrl()}/zaken/${closeId}`);
		await vt.getByText('Zaak afsluiten…', { exact: true }).click();
		await vt.getByLabel('Samenvatting voor de afsluitbrief').fill('Onderzoek afgerond; MARKERINTERN de school ziet toe op de afspraken.');
		expect(await vt.getByLabel('Nog niet: Ketentafel stelt de afsluitbrief op').isChecked()).toBe(true);
		await vt.getByLabel('Wanneer', { exact: true }).fill(day(7));
		await vt.getByLabel('Gezinsleden', { exact: true }).check();
		await vt.getByLabel('Welke hulpverlener en/of gezinsleden').fill('moeder');
		await vt.getByRole('button', { name: 'Zaak afsluiten en monitoring plannen' }).click();

		// on to the drafted letter
		await vt.getByRole('heading', { name: 'Afsluitbrief aan de melder' }).waitFor();
		// the confirmation of the closing has the focus, not the body
		await expect.poll(() => vt.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('confirmation');
		const sheet = vt.getByTestId('letter-text');
		await expect.poll(() => sheet.textContent()).toContain('Geachte melder,');
		expect(await sheet.textContent()).not.toContain('MARKERINTERN');
		expect(await sheet.textContent()).not.toContain('spanningen thuis');
		expect(await axeViolations(vt)).toEqual([]);
		await shots(vt, 'afsluitbrief');

		// an edit shows on the sheet at once and is saved; a phone number is refused
		const body = vt.getByLabel('Tekst van de brief');
		const drafted = await body.inputValue();
		await body.fill(`${drafted}\n\nBel gerust 06-12345678.`);
		await vt.getByRole('button', { name: 'Brief opslaan' }).click();
		await vt
			.locator('#body-error')
			.getByText(/De brief lijkt een telefoonnummer te bevatten/)
			.waitFor();
		await body.fill(`${drafted}\n\nPS Wij waarderen uw betrokkenheid.`);
		await expect.poll(() => sheet.textContent()).toContain('PS Wij waarderen uw betrokkenheid.');
		await vt.getByRole('button', { name: 'Brief opslaan' }).click();
		await vt.getByText('De brief is opgeslagen.').waitFor();
		await vt.reload();
		expect(await vt.getByLabel('Tekst van de brief').inputValue()).toContain('PS Wij waarderen uw betrokkenheid.');

		// on paper: only the letter, no app chrome
		await vt.emulateMedia({ media: 'print' });
		expect(await vt.locator('header.kt-header').isVisible()).toBe(false);
		expect(await vt.locator('footer.kt-footer').isVisible()).toBe(false);
		expect(await vt.getByRole('button', { name: 'Brief opslaan' }).isVisible()).toBe(false);
		expect(await vt.getByTestId('letter-sheet').isVisible()).toBe(true);
		const pdf = await vt.pdf({ preferCSSPageSize: true });
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		await vt.screenshot({ path: `${SHOTS}/afsluitbrief-print.png`, fullPage: true });
		await vt.emulateMedia({ media: 'screen' });

		// recorded: per brief, today; then the letter is final
		await vt.getByLabel('per brief').check();
		await vt.getByRole('button', { name: 'Vastleggen' }).click();
		await vt.getByTestId('informed-state').waitFor();
		expect(await vt.getByTestId('informed-state').textContent()).toContain('per brief');
		expect(await vt.getByLabel('Tekst van de brief').count()).toBe(0);
		await vt.goto(`${baseUrl()}/zaken/${closeId}`);
		await vt.getByTestId('melder-informed').waitFor();
		expect(await vt.getByTestId('melder-informed').textContent()).toMatch(/per brief\s+over de uitkomst/);
		await expect.poll(() => vt.locator('body').textContent()).toMatch(/legt vast dat de melder per brief over de uitkomst is geïnformeerd/);
		await context.close();
	});
});

describe('partner capacity on the offer form', () => {
	it('shows per partner the open offers and median acceptance, the consortium waits, and asks to confirm a choice over the norm', async () => {
		const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		const vt = await context.newPage();
		await signIn(vt, 'vt.medewerker@ketentafel.test');
		await vt.goto(`${baseUrl()}/zaken/${offerId}`);
		await vt.getByTestId('partner-capacity').waitFor();
		expect(await vt.getByTestId('partner-capacity').getByRole('row').count()).toBeGreaterThan(3);

		await vt.getByLabel('Ketenpartner', { exact: true }).selectOption(consortiumId);
		await vt.getByLabel('Zorgvorm', { exact: true }).selectOption('ihub');
		const wait = vt.getByTestId(`wait-${consortiumId}-ihub`);
		await wait.waitFor();
		expect(await wait.textContent()).toContain('boven de norm');
		expect(await wait.textContent()).toContain('210 dagen');
		await vt.getByTestId('confirm-over-norm').waitFor();
		expect(await axeViolations(vt)).toEqual([]);
		await shots(vt, 'aanbieden-capaciteit');

		await vt.getByLabel('Bericht aan de ketenpartner').fill('Graag IHUB voor dit gezin.');
		await vt.getByRole('button', { name: 'Aanbieden', exact: true }).click();
		await vt
			.getByTestId('error-summary')
			.getByText(/langer dan de norm van 28 dagen\. Bevestig dat u toch aan/)
			.waitFor();
		await vt.getByLabel('Ja, ik bied bewust aan boven de norm').check();
		await vt.getByRole('button', { name: 'Aanbieden', exact: true }).click();
		await vt.getByTestId('over-norm-note').waitFor();
		expect(await vt.getByTestId('handover-status').textContent()).toContain('wachttijd 210 dagen');
		await context.close();
	});
});
