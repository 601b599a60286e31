import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startOwnPortal, type OwnPortal } from '../support/own-portal.ts';
import { linkIn, startTestSmtp, type ReceivedMail, type TestSmtp } from '../support/smtp.ts';
import { completeCase, demoActor } from '../support/e2e-services.ts';
import { DEMO_PASSWORD } from '../../src/lib/server/seed/region.ts';
import { ManualClock, systemClock } from '../../src/lib/server/clock.ts';
import { amsterdamDay, addWorkingDays } from '../../src/lib/server/workdays.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { offerHandover } from '../../src/lib/server/handovers/service.ts';
import { planDigests } from '../../src/lib/server/email/digest.ts';
import { enqueueDeliveries } from '../../src/lib/server/email/deliveries.ts';
import { setEnv } from '../support/it-helpers.ts';

const COLLEAGUE = { name: 'Jesse Hoogland', email: 'j.hoogland@cjg-kennemerland.test' };
const FIRST_PASSWORD = 'Spaarne-Zeilboot-Lantaarn-61';
const SECOND_PASSWORD = 'Duinpad-Kievit-Schelp-Zomerregen-3';
const NOT_SIGNED_IN = 'cjg.medewerker2@ketentafel.test';
const DIGEST_READER = 'cjg.coordinator@ketentafel.test';

let smtp: TestSmtp;
let own: OwnPortal;
let browser: Browser;
let beheerder: BrowserContext;
let colleague: BrowserContext;
let colleaguePage: Page;
let restoreMailEnv: (() => void) | undefined;

/** A browser context signed in as a seeded demo account (second factor done). */
async function signedInContext(email: string): Promise<BrowserContext> {
	const context = await browser.newContext();
	const cookie = (await own.cookieFor(email)).split('=');
	await context.addCookies([{ name: cookie[0], value: cookie[1], url: own.baseUrl }]);
	return context;
}

/** Signs in through the form on a fresh page. */
async function signInWith(page: Page, email: string, password: string): Promise<void> {
	await page.getByLabel('E-mailadres').fill(email);
	await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Inloggen' }).click();
}

/** What an e-mail must never carry: the case's reference and every free text of it. */
function expectNoCaseData(mail: ReceivedMail, words: string[]): void {
	for (const word of words) expect(`${mail.subject}\n${mail.text}`, `the e-mail names "${word}"`).not.toContain(word);
}

beforeAll(async () => {
	smtp = await startTestSmtp();
	const mail = { SMTP_URL: smtp.url, MAIL_FROM: 'Ketentafel <noreply@ketentafel.test>' };
	own = await startOwnPortal('mail', { ...mail, SLA_RECONCILE_SECONDS: '2' }, { workers: true });
	// this process fires the reminder and plans the digest through the services, as the workers would
	restoreMailEnv = setEnv(mail);
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	restoreMailEnv?.();
	await own?.stop();
	await smtp?.stop();
});

describe('a new partner colleague, from invitation to e-mail about offers', () => {
	it('is invited by the CJG’s beheerder, follows the e-mailed link, sets a password and sees the offers waiting for the CJG', async () => {
		beheerder = await signedInContext('cjg.beheerder@ketentafel.test');
		const page = await beheerder.newPage();
		await page.goto(`${own.baseUrl}/beheer/gebruikers`);
		await page.getByRole('heading', { name: 'Gebruikers van CJG Kennemerland' }).waitFor();
		await expect
			.poll(() =>
				page
					.getByTestId('accounts')
					.getByRole('row', { name: /Sem de Wit/ })
					.textContent()
			)
			.toContain('Uitgenodigd'); // the seeded invitation
		await page.getByLabel('Naam').fill(COLLEAGUE.name);
		await page.getByLabel('E-mailadres').fill(COLLEAGUE.email);
		expect(await page.getByLabel('medewerker', { exact: true }).isChecked()).toBe(true);
		await page.getByRole('button', { name: 'Uitnodigen' }).click();
		await page.getByRole('heading', { name: `${COLLEAGUE.name} is uitgenodigd` }).waitFor();
		expect(await page.getByTestId('invited').textContent()).toContain(COLLEAGUE.email);

		const invitation = await smtp.waitFor((m) => m.to.includes(COLLEAGUE.email), 'the invitation', 30_000);
		expect(invitation.subject).toBe('Uitnodiging voor Ketentafel');
		expect(invitation.text).toContain('CJG Kennemerland');
		const link = linkIn(invitation, '/uitnodiging/');
		expect(link.startsWith(`${own.baseUrl}/uitnodiging/`)).toBe(true);

		colleague = await browser.newContext();
		colleaguePage = await colleague.newPage();
		await colleaguePage.goto(link);
		await colleaguePage.getByRole('heading', { name: 'Welkom bij Ketentafel' }).waitFor();
		expect(new URL(colleaguePage.url()).pathname).toBe('/uitnodiging'); // the token left the address bar at once
		await colleaguePage.getByLabel('Nieuw wachtwoord').fill('welkom123456');
		await colleaguePage.getByLabel('Herhaal het nieuwe wachtwoord').fill('welkom123456');
		await colleaguePage.getByRole('button', { name: 'Wachtwoord instellen en inloggen' }).click();
		await colleaguePage.locator('#password-error').waitFor();
		expect(await colleaguePage.locator('#password-error').textContent()).toMatch(/veelgebruikte wachtwoorden/);
		// the error summary takes the focus and links to the field
		await expect.poll(() => colleaguePage.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');
		expect(await colleaguePage.getByTestId('error-summary').getByRole('link').getAttribute('href')).toBe('#password');
		await colleaguePage.getByLabel('Nieuw wachtwoord').fill(FIRST_PASSWORD);
		await colleaguePage.getByLabel('Herhaal het nieuwe wachtwoord').fill(FIRST_PASSWORD);
		await colleaguePage.getByRole('button', { name: 'Wachtwoord instellen en inloggen' }).click();

		const [{ open }] = await own.sql<{ open: number }[]>`
			select count(*)::int as open from handovers h join organisations o on o.id = h.to_org_id where o.name = 'CJG Kennemerland' and h.status = 'open'`;
		expect(open).toBeGreaterThan(0);
		const panel = colleaguePage.getByTestId('panel-aangeboden');
		await panel.waitFor();
		expect(await panel.textContent()).toContain(`${open} ${open === 1 ? 'overdracht wacht' : 'overdrachten wachten'} op uw antwoord`);
		expect(await colleaguePage.getByText(COLLEAGUE.name).first().isVisible()).toBe(true);
		await colleaguePage.getByRole('link', { name: 'Overdrachten', exact: true }).click();
		await colleaguePage.getByTestId('inbox-open').waitFor();
		expect(await colleaguePage.getByTestId('inbox-open').getByRole('listitem').count()).toBe(open);
		await colleaguePage.getByText('Live', { exact: true }).waitFor(); // connected: counts as having Ketentafel open

		// the link works once
		const again = await browser.newContext();
		const reuse = await again.newPage();
		await reuse.goto(link);
		await reuse.getByRole('heading', { name: 'Deze link werkt niet meer' }).waitFor();
		await again.close();
	});

	it('e-mails a colleague who is not signed in that an offer waits, without a word about the family, and not the one who has Ketentafel open', async () => {
		await own.sql`update users set notification_email = 'digest' where email = ${DIGEST_READER}`;
		const vt = await demoActor('vt.medewerker@ketentafel.test', 'vt', ['medewerker']);
		const deps = { sql: own.sql, clock: systemClock };
		const input = completeCase(amsterdamDay(new Date(Date.now() - 2 * 86_400_000)));
		input.summary = 'Oudste dochter vertelde haar mentor over harde ruzies thuis; moeder wil hulp.';
		const caseId = await createCase(deps, vt, input);
		const [cjg] = await own.sql<{ id: string }[]>`select id from organisations where name = 'CJG Kennemerland'`;
		const message = 'Graag een warme overdracht, bij voorkeur na schooltijd.';
		const sentBefore = smtp.to(NOT_SIGNED_IN).length;
		const handoverId = await offerHandover(deps, vt, caseId, { toOrgId: cjg.id, message });
		const [{ reference }] = await own.sql<
			{ reference: string }[]
		>`select c.reference from handovers h join cases c on c.id = h.case_id where h.id = ${handoverId}`;

		// the offer itself tells CJG's people that it waits for their answer (handover.offered)
		// one kind waiting names it; several (other notifications still unread) are counted together
		const offerWaits =
			/^Ketentafel: ((1 overdracht wacht|\d+ overdrachten wachten) op antwoord van uw organisatie|er wacht iets op u \(\d+ meldingen\))$/;
		const mail = await smtp.waitFor(
			(m) => m.to.includes(NOT_SIGNED_IN) && offerWaits.test(m.subject) && smtp.to(NOT_SIGNED_IN).indexOf(m) >= sentBefore,
			'the offer-waits e-mail',
			30_000
		);
		expect(mail.text).toContain(`${own.baseUrl}/meldingen`);
		expectNoCaseData(mail, [
			reference,
			input.summary,
			input.safetyAgreements,
			input.monitoringBy,
			message,
			...input.persons.map((p) => p.label)
		]);

		// the colleague with Ketentafel open sees it in the bell, live; no e-mail for them
		await expect
			.poll(
				async () =>
					(
						await own.sql<{ result: string }[]>`
				select d.result from email_deliveries d join users u on u.id = d.user_id where u.email = ${COLLEAGUE.email} and d.kind = 'notification'`
					).map((r) => r.result),
				{ timeout: 30_000 }
			)
			.toEqual(['online']);
		expect(smtp.to(COLLEAGUE.email).filter((m) => m.subject !== 'Uitnodiging voor Ketentafel')).toEqual([]);
	});

	it('sends the daily overview at 08:00 on a working day; its link leads to the notifications after signing in', async () => {
		const nextWorkday = addWorkingDays(amsterdamDay(new Date()), 1);
		const plan = await planDigests({ sql: own.sql, clock: new ManualClock(`${nextWorkday}T08:00:00+01:00`) });
		if (!('planned' in plan)) throw new Error(`no digests planned: ${JSON.stringify(plan)}`);
		await enqueueDeliveries(plan.planned);
		const digest = await smtp.waitFor(
			(m) => m.to.includes(DIGEST_READER) && m.subject.startsWith('Ketentafel: uw dagoverzicht'),
			'the digest',
			30_000
		);
		expect(digest.subject).toMatch(/^Ketentafel: uw dagoverzicht \((1 melding|\d+ meldingen)\)$/);
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(linkIn(digest, '/meldingen'));
		await page.getByRole('heading', { name: 'Inloggen' }).waitFor();
		await signInWith(page, DIGEST_READER, DEMO_PASSWORD);
		await page.waitForURL(`${own.baseUrl}/meldingen`);
		await page
			.getByTestId('notifications')
			.getByText(/Nieuwe overdracht: /)
			.first()
			.waitFor();
		await context.close();
	});

	it('resets a forgotten password by e-mail (every open page ends), and a deactivated colleague’s open page ends at once', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(`${own.baseUrl}/inloggen`);
		await page.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
		await page.getByRole('heading', { name: 'Wachtwoord vergeten' }).waitFor();
		await page.getByLabel('E-mailadres').fill(COLLEAGUE.email);
		await page.getByRole('button', { name: 'Stuur mij een link' }).click();
		await page.getByText('Als er een account bij dit e-mailadres hoort').waitFor();
		// the confirmation takes the focus, not the page's body
		await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('confirmation');
		const reset = await smtp.waitFor(
			(m) => m.to.includes(COLLEAGUE.email) && m.subject === 'Ketentafel: nieuw wachtwoord instellen',
			'the reset link',
			30_000
		);
		await page.goto(linkIn(reset, '/wachtwoord-herstellen/'));
		await page.getByRole('heading', { name: 'Nieuw wachtwoord instellen' }).waitFor();
		await page.getByLabel('Nieuw wachtwoord').fill(SECOND_PASSWORD);
		await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(SECOND_PASSWORD);
		await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
		await page.getByText('Uw nieuwe wachtwoord is opgeslagen').waitFor();
		await colleaguePage.waitForURL(/\/inloggen/, { timeout: 10_000 }); // the first browser's page ended with the reset
		await signInWith(page, COLLEAGUE.email, SECOND_PASSWORD);
		await page.getByTestId('panel-aangeboden').waitFor();
		await page.getByText('Live', { exact: true }).waitFor();

		const admin = await beheerder.newPage();
		await admin.goto(`${own.baseUrl}/beheer/gebruikers`);
		await admin.getByRole('link', { name: COLLEAGUE.name }).click();
		await admin.getByText('Account deactiveren').click();
		await admin.getByRole('button', { name: 'Ja, deactiveren' }).click();
		await admin.getByText(`Het account van ${COLLEAGUE.name} is gedeactiveerd`).waitFor();
		await page.waitForURL(/\/inloggen\?afgemeld=1/, { timeout: 10_000 });
		await signInWith(page, COLLEAGUE.email, SECOND_PASSWORD);
		await page.getByText('Deze combinatie van e-mailadres en wachtwoord klopt niet.').waitFor();
		await context.close();
		await colleague.close();
		await beheerder.close();
	});
});
