import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { closeE2eServices, completeCase, demoActor, useE2eServices } from '../support/e2e-services.ts';
import type { Actor } from '../../src/lib/server/actor.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, confirmWarmHandover, offerHandover, planWarmHandover } from '../../src/lib/server/handovers/service.ts';
import { addCondition, addDays, openTrajectory } from '../../src/lib/server/trajectories/service.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';

let browser: Browser;
let deps: ReturnType<typeof useE2eServices> & { enqueueTimers: false };
let vtActor: Actor, cjgActor: Actor;
let trajectoryId: string, handoverId: string, reference: string;
const condition = 'Moeder belt het CJG bij nieuwe spanningen thuis.';

beforeAll(async () => {
	deps = { ...useE2eServices(), enqueueTimers: false };
	vtActor = await demoActor('vt.medewerker2@ketentafel.test', 'vt', ['medewerker']);
	cjgActor = await demoActor('cjg.coordinator@ketentafel.test', 'cjg', ['coordinator']);
	const caseId = await createCase(deps, vtActor, completeCase(amsterdamDay(new Date(Date.now() - 2 * 86_400_000))));
	[{ reference }] = await deps.sql<{ reference: string }[]>`select reference from cases where id = ${caseId}`;
	handoverId = await offerHandover(deps, vtActor, caseId, { toOrgId: cjgActor.organisationId, message: 'Graag samen een V&V-traject.' });
	await answerHandover(deps, cjgActor, handoverId, { answer: 'accept' });
	trajectoryId = await openTrajectory(deps, vtActor, caseId, { partnerOrgId: cjgActor.organisationId, vtResponsibleId: vtActor.userId! });
	await addCondition(deps, vtActor, trajectoryId, {
		description: condition,
		ownerSide: 'partner',
		dueOn: addDays(amsterdamDay(new Date()), 14)
	});
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await closeE2eServices();
});

async function openAs(email: string): Promise<{ page: Page; loads: () => number; close: () => Promise<void> }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, email);
	await page.getByText('Live', { exact: true }).waitFor();
	await page.goto(`${baseUrl()}/trajecten/${trajectoryId}`);
	await page.getByRole('heading', { name: `V&V-traject ${reference}` }).waitFor();
	let loads = 0;
	page.on('load', () => loads++);
	return { page, loads: () => loads, close: () => context.close() };
}

const blockers = (page: Page) => page.getByTestId('close-blockers').locator('li').allTextContents();

describe('rule 5 on both screens', () => {
	it('VT sees which rules keep it from closing; the partner edits and settles them, VT sees each change live', async () => {
		const vt = await openAs('vt.medewerker2@ketentafel.test');
		const cjg = await openAs('cjg.coordinator@ketentafel.test');
		try {
			// VT tries to close: refused, naming every rule that blocks
			await vt.page.getByRole('button', { name: 'Deel van Veilig Thuis afsluiten' }).click();
			const refusal = vt.page.getByRole('alert').filter({ hasText: 'Veilig Thuis kan zijn deel nog niet afsluiten.' });
			await refusal.waitFor();
			const said = await refusal.textContent();
			expect(said).toContain('1 veiligheidsvoorwaarde staat nog open.');
			expect(said).toContain('De warme overdracht met CJG Kennemerland is nog niet afgerond');
			expect(said).toContain('CJG Kennemerland heeft nog niet bevestigd dat het de ondersteuning voortzet.');
			expect(await blockers(cjg.page)).toHaveLength(3); // the partner sees the same

			// the partner edits the condition: a due date in the past is refused in Dutch, a later one saved
			await cjg.page.getByText('Voorwaarde wijzigen').click();
			const edit = cjg.page.locator('details[open]').filter({ has: cjg.page.getByRole('button', { name: /Wijzigingen opslaan/ }) });
			await edit.getByLabel('Uiterlijk').fill(addDays(amsterdamDay(new Date()), -1));
			await edit.getByRole('button', { name: /Wijzigingen opslaan/ }).click();
			await cjg.page.getByText('De uiterste datum ligt in het verleden. Kies vandaag of een latere datum.').waitFor();
			const changed = 'Moeder belt het CJG of het wijkteam bij nieuwe spanningen thuis.';
			await edit.getByLabel('Omschrijving').fill(changed);
			await edit.getByLabel('Uiterlijk').fill(addDays(amsterdamDay(new Date()), 21));
			await edit.getByRole('button', { name: /Wijzigingen opslaan/ }).click();
			await cjg.page.getByText('De veiligheidsvoorwaarde is gewijzigd.').waitFor();
			await expect.poll(() => vt.page.getByTestId('condition-description').first().textContent(), { timeout: 10_000 }).toBe(changed);

			// the partner settles the condition and confirms it continues: VT's list shrinks live
			const settled = cjg.page.getByTestId('condition').filter({ hasText: changed });
			await settled.getByTestId('condition-status').selectOption('nagekomen');
			await settled.getByRole('button', { name: 'Opslaan' }).click();
			await cjg.page.getByText('De status is opgeslagen.').waitFor();
			await expect.poll(() => blockers(vt.page), { timeout: 10_000 }).toHaveLength(2);
			await cjg.page.getByLabel('Wie is bij u verantwoordelijk?').selectOption({ label: 'Ilse Brouwer-Tan' });
			await cjg.page.getByRole('button', { name: 'Vastleggen' }).click();
			await cjg.page.getByRole('button', { name: 'Wij zetten de ondersteuning voort' }).click();
			await cjg.page.getByText('U heeft bevestigd dat u de ondersteuning voortzet.').waitFor();
			await expect
				.poll(() => blockers(vt.page), { timeout: 10_000 })
				.toEqual([
					'De warme overdracht met CJG Kennemerland is nog niet afgerond: beide kanten bevestigen eerst dat het gezamenlijke contactmoment heeft plaatsgevonden.'
				]);

			// confirming continuation does not let VT close before the warm handover
			await vt.page.getByRole('button', { name: 'Deel van Veilig Thuis afsluiten' }).click();
			await expect
				.poll(async () => (await vt.page.getByRole('alert').filter({ hasText: 'nog niet afsluiten' }).textContent())?.trim(), {
					timeout: 10_000
				})
				.toBe(
					'Veilig Thuis kan zijn deel nog niet afsluiten. De warme overdracht met CJG Kennemerland is nog niet afgerond: beide kanten bevestigen eerst dat het gezamenlijke contactmoment heeft plaatsgevonden.'
				);

			// both sides confirm the contact moment (on the handover pages): nothing blocks any more, live
			const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', dateStyle: 'short', timeStyle: 'short' })
				.format(new Date(Date.now() - 3_600_000))
				.replace(' ', 'T');
			await planWarmHandover(deps, vtActor, handoverId, {
				plannedAt: local,
				form: 'gesprek',
				vtAttendees: 'VT-medewerker',
				partnerAttendees: 'CJG-medewerker',
				confirmUnusual: true
			});
			await confirmWarmHandover(deps, vtActor, handoverId);
			await confirmWarmHandover(deps, cjgActor, handoverId);
			await vt.page.getByText('Niets houdt het afsluiten nog tegen').waitFor({ timeout: 10_000 });
			await vt.page.getByRole('button', { name: 'Deel van Veilig Thuis afsluiten' }).click();
			await vt.page.getByText('Het deel van Veilig Thuis is afgesloten.').waitFor();
			await cjg.page.getByText(/^\s*Afgesloten door /).waitFor({ timeout: 10_000 });
			expect(vt.loads()).toBe(0);
			expect(cjg.loads()).toBe(0);
		} finally {
			await vt.close();
			await cjg.close();
		}
	});
});
