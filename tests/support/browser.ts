import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const DEMO_PASSWORD = 'Ketentafel-demo-2026';

/**
 * After `page.goto` to one of the portal's pages, waits until the page is hydrated (the root layout
 * marks `<html data-hydrated>`): on a loaded machine a test can otherwise type into a form before
 * Svelte takes it over, and lose what it typed, or click before the click is handled.
 */
function waitsForHydration(page: Page): Page {
	const goto = page.goto.bind(page);
	page.goto = async (url, options) => {
		const response = await goto(url, options);
		if (response?.ok() && (response.headers()['content-type'] ?? '').includes('text/html'))
			await page.waitForSelector('html[data-hydrated]', { state: 'attached', timeout: 30_000 });
		return response;
	};
	return page;
}

/** The system Chromium, headless, with the flags this closed network needs; its pages wait for hydration after goto. */
export async function launchBrowser(): Promise<Browser> {
	const browser = await launchChromium();
	const newContext = browser.newContext.bind(browser);
	browser.newContext = async (options) => {
		const context = await newContext(options);
		const newPage = context.newPage.bind(context);
		context.newPage = async () => waitsForHydration(await newPage());
		return context;
	};
	const newPage = browser.newPage.bind(browser);
	browser.newPage = async (options) => waitsForHydration(await newPage(options));
	return browser;
}

function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}

/** The portal under test. */
export function baseUrl(): string {
	return inject('baseUrl');
}

/**
 * Signs in through the form and waits for its outcome: the page after it, or the form's message.
 * On a heavily loaded machine the throttle store can miss its deadline (1.5 s); the page then says
 * sign-in is briefly unavailable, and the helper tries again as a person would (at most three times).
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	for (let attempt = 1; attempt <= 3; attempt++) {
		await page.goto(`${baseUrl()}/inloggen`);
		await page.getByLabel('E-mailadres').fill(email);
		await page.getByLabel('Wachtwoord').fill(password);
		await page.getByRole('button', { name: 'Inloggen' }).click();
		const settled = <T>(wait: Promise<unknown>, outcome: T) =>
			wait.then(
				() => outcome,
				() => 'unknown' as const
			);
		const outcome = await Promise.race([
			settled(
				page.waitForURL((url) => url.pathname !== '/inloggen', { timeout: 20_000 }),
				'left' as const
			),
			settled(page.getByText(/storing bij Ketentafel/).waitFor({ timeout: 20_000 }), 'unavailable' as const),
			settled(
				page
					.getByText(/klopt niet|Probeer het over|Vul /)
					.first()
					.waitFor({ timeout: 20_000 }),
				'refused' as const
			)
		]);
		if (outcome !== 'unavailable') return;
	}
}
