import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const onlineList = (page: Page) => page.getByTestId('online-list');

describe('live presence', () => {
	it('shows a colleague come online and go offline without a reload', async () => {
		const sanneContext = await browser.newContext();
		const sanne = await sanneContext.newPage();
		await signIn(sanne, 'vt.medewerker@ketentafel.test');
		await sanne.getByText('Live', { exact: true }).waitFor();
		await expect.poll(() => onlineList(sanne).textContent()).not.toContain('Youssef El Amrani');
		let reloads = 0;
		sanne.on('load', () => reloads++);

		const youssefContext = await browser.newContext();
		const youssef = await youssefContext.newPage();
		await signIn(youssef, 'vt.medewerker2@ketentafel.test');
		await youssef.getByText('Live', { exact: true }).waitFor();
		await expect.poll(() => onlineList(youssef).textContent()).toContain('Sanne Verhoef');

		await expect.poll(() => onlineList(sanne).textContent(), { timeout: 20_000 }).toContain('Youssef El Amrani');

		await youssef.getByRole('button', { name: 'Uitloggen' }).click();
		await youssef.getByText('U bent uitgelogd.').waitFor();
		await expect.poll(() => onlineList(sanne).textContent(), { timeout: 20_000 }).not.toContain('Youssef El Amrani');
		expect(reloads).toBe(0);

		await youssefContext.close();
		await sanneContext.close();
	});

	it('does not show people of another organisation', async () => {
		const vtContext = await browser.newContext();
		const vt = await vtContext.newPage();
		await signIn(vt, 'vt.coordinator@ketentafel.test');
		await vt.getByText('Live', { exact: true }).waitFor();

		const cjgContext = await browser.newContext();
		const cjg = await cjgContext.newPage();
		await signIn(cjg, 'cjg.medewerker2@ketentafel.test');
		await cjg.getByText('Live', { exact: true }).waitFor();
		await expect.poll(() => onlineList(cjg).textContent()).not.toContain('Marieke Zwanenburg');
		expect(await onlineList(vt).textContent()).not.toContain('Daan Oosterveld');
		await cjgContext.close();
		await vtContext.close();
	});

	it('closes every tab of a session that signs out, sockets included', async () => {
		const context = await browser.newContext();
		const first = await context.newPage();
		await signIn(first, 'jeugdhulp.medewerker@ketentafel.test');
		await first.getByText('Live', { exact: true }).waitFor();
		const second = await context.newPage();
		await second.goto(`${baseUrl()}/account`);
		await second.getByText('Live', { exact: true }).waitFor();

		await first.getByRole('button', { name: 'Uitloggen' }).click();
		await first.getByText('U bent uitgelogd.').waitFor();
		await second.waitForURL(/\/inloggen\?afgemeld=1$/, { timeout: 20_000 });
		await context.close();
	});

	it('signs out everywhere: another browser of the same user is closed too', async () => {
		const laptop = await browser.newContext();
		const desktop = await browser.newContext();
		const onLaptop = await laptop.newPage();
		const onDesktop = await desktop.newPage();
		await signIn(onLaptop, 'consortium.medewerker@ketentafel.test');
		await onLaptop.getByText('Live', { exact: true }).waitFor();
		await signIn(onDesktop, 'consortium.medewerker@ketentafel.test');
		await onDesktop.getByText('Live', { exact: true }).waitFor();

		await onLaptop.goto(`${baseUrl()}/account`);
		await onLaptop.getByRole('button', { name: 'Overal uitloggen' }).click();
		await onLaptop.getByText('U bent uitgelogd.').waitFor();
		await onDesktop.waitForURL(/\/inloggen\?afgemeld=1$/, { timeout: 20_000 });
		await onDesktop.goto(`${baseUrl()}/`);
		expect(new URL(onDesktop.url()).pathname).toBe('/inloggen');
		await laptop.close();
		await desktop.close();
	});
});
