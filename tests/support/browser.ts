import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const DEMO_PASSWORD = 'Ketentafel-demo-2026';

/** The system Chromium, headless, with the flags this closed network needs. */
export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
	});
}

/** The portal under test. */
export function baseUrl(): string {
	return inject('baseUrl');
}

/** Signs in through the form and waits for the page after it. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto(`${baseUrl()}/inloggen`);
	await page.getByLabel('E-mailadres').fill(email);
	await page.getByLabel('Wachtwoord').fill(password);
	await page.getByRole('button', { name: 'Inloggen' }).click();
}
