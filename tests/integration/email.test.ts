import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis, redis } from '../../src/lib/server/redis.ts';
import { closeQueues, queue } from '../../src/lib/server/queues.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { env } from '../../src/lib/server/env.ts';
import { Presence } from '../../src/lib/server/realtime/presence.ts';
import { insertNotifications, type NotificationKind } from '../../src/lib/server/notifications/service.ts';
import { NOTIFICATION_KINDS } from '../../src/lib/server/notifications/texts.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { offerHandover } from '../../src/lib/server/handovers/service.ts';
import { recordDelivery, sendJobId } from '../../src/lib/server/email/deliveries.ts';
import { planDigests } from '../../src/lib/server/email/digest.ts';
import { MailSendError, sendDelivery, type SendDeps } from '../../src/lib/server/email/send.ts';
import { smtpSender, type MailSender } from '../../src/lib/server/email/transport.ts';
import { completeCase, ensureRegion, expectError, organisation, person, unique, type Org, type Person } from '../support/it-cases.ts';
import { setEnv } from '../support/it-helpers.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../support/smtp.ts';

const clock = new ManualClock('2026-11-23T09:00:00+01:00');
let smtp: TestSmtp;
let sender: MailSender;
let restoreEnv: () => void;
let vt: Org, cjg: Org;
let vtMedewerker: Person;

const sendDeps = (presence: Presence | null = null): SendDeps => ({ sql: db(), clock, sender, presence });
const preference = (p: Person, choice: 'off' | 'immediate' | 'digest') =>
	db()`update users set notification_email = ${choice} where id = ${p.user.id}`;

async function deliveries(userId: string) {
	return db()<{ id: string; kind: string; state: string; result: string | null; attempts: number }[]>`
		select id::text, kind::text, state::text, result, attempts from email_deliveries where user_id = ${userId} order by id`;
}

/** Sends every pending delivery of these people, as the workers would. */
async function sendFor(people: Person[], presence: Presence | null = null): Promise<void> {
	for (const p of people)
		for (const d of await deliveries(p.user.id)) if (d.state === 'pending') await sendDelivery(sendDeps(presence), d.id, true);
}

async function notify(p: Person, kind: NotificationKind, title: string, body = 'Open de zaak voor meer.'): Promise<void> {
	await db().begin((tx) =>
		insertNotifications(tx, [p.user.id], { kind, title, body, href: '/meldingen', dedupeKey: `test:${unique()}` }, clock.now())
	);
}

/** Every free text and name of a case that an e-mail must never carry. */
function caseWords(c: ReturnType<typeof completeCase>, reference: string, message: string): string[] {
	return [reference, c.summary, c.safetyAgreements, c.monitoringBy, message, ...c.persons.map((p) => p.label)]
		.filter((w): w is string => !!w)
		.flatMap((w) => [w, ...w.split(/[;,.]\s*/).filter((part) => part.length > 12)]);
}

function expectNoneOf(mail: ReceivedMail, words: string[]): void {
	for (const word of words) {
		expect(mail.text, `the e-mail names "${word}"`).not.toContain(word);
		expect(mail.subject).not.toContain(word);
		expect(mail.raw).not.toContain(word);
	}
}

beforeAll(async () => {
	smtp = await startTestSmtp();
	restoreEnv = setEnv({ SMTP_URL: smtp.url, MAIL_FROM: 'Ketentafel <noreply@ketentafel.test>' });
	sender = smtpSender();
	await ensureRegion();
	[vt, cjg] = await Promise.all([organisation('vt'), organisation('cjg')]);
	vtMedewerker = await person(vt, 'medewerker', clock);
});

afterAll(async () => {
	sender?.close();
	await closeQueues();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
	restoreEnv?.();
	await smtp?.stop();
});

describe('notification e-mail', () => {
	it('tells a partner medewerker who is not signed in that an offer waits, without a word about the family', async () => {
		const [atOnce, daily, none] = [
			await person(cjg, 'medewerker', clock),
			await person(cjg, 'medewerker', clock),
			await person(cjg, 'coordinator', clock)
		];
		await preference(daily, 'digest');
		await preference(none, 'off');
		const input = completeCase({ summary: 'Vader dreigde de buurvrouw na een ruzie over de kinderen; school maakt zich zorgen.' });
		const caseId = await createCase({ sql: db(), clock }, vtMedewerker.actor, input);
		const message = 'Graag een warme overdracht; moeder werkt op dinsdag niet.';
		const handoverId = await offerHandover({ sql: db(), clock }, vtMedewerker.actor, caseId, { toOrgId: cjg.id, message });
		const [{ reference }] = await db()<
			{ reference: string }[]
		>`select c.reference from handovers h join cases c on c.id = h.case_id where h.id = ${handoverId}`;

		// the offer itself tells the partner's people (handover.offered)
		const [pending] = await deliveries(atOnce.user.id);
		expect(pending).toMatchObject({ kind: 'notification', state: 'pending' });
		expect(await deliveries(daily.user.id)).toEqual([]);
		expect(await deliveries(none.user.id)).toEqual([]);
		// queued after commit, with nothing in the job but the delivery's id
		await expect
			.poll(async () => (await queue('email').getJob(sendJobId(pending.id)))?.data, { timeout: 5000 })
			.toEqual({ deliveryId: pending.id });

		await sendFor([atOnce]);
		const [mail] = smtp.to(atOnce.user.email);
		expect(mail.subject).toBe('Ketentafel: 1 overdracht wacht op antwoord van uw organisatie');
		expect(mail.text).toContain(`${env().ORIGIN}/meldingen`);
		expect(mail.from).toBe('noreply@ketentafel.test');
		expectNoneOf(mail, caseWords(input, reference, message));
		expect(mail.text).not.toContain(cjg.name);
		expect(await deliveries(atOnce.user.id)).toEqual([expect.objectContaining({ state: 'sent', result: null, attempts: 1 })]);
		const [record] = await db()`select * from email_deliveries where id = ${pending.id}`;
		expect(JSON.stringify(record)).not.toContain(atOnce.user.email); // the record holds no address or content
	});

	it('never carries a notification’s own words, whatever its kind (new kinds too)', async () => {
		const someone = await person(cjg, 'medewerker', clock);
		const reference = `VT-2026-${unique()}`;
		const kinds = [...new Set([...NOTIFICATION_KINDS, 'handover.offered', 'some.future_kind'])] as NotificationKind[];
		for (const kind of kinds)
			await notify(someone, kind, `Melding over ${reference} (${kind})`, `Het gezin van ${reference} wacht; zie de zaak.`);
		await sendFor([someone]);
		const [mail] = smtp.to(someone.user.email);
		expect(mail.subject).toBe(`Ketentafel: er wacht iets op u (${kinds.length} meldingen)`);
		expect(mail.text).toMatch(/- 3 overdrachten wachten op antwoord van uw organisatie/);
		expect(mail.text).toMatch(/- 1 andere melding\n/);
		expectNoneOf(mail, [reference, 'gezin van', 'Melding over']);
	});

	it('leaves out whoever has Ketentafel open or already read it, and mails what is still unread afterwards', async () => {
		const someone = await person(cjg, 'medewerker', clock);
		const presence = new Presence(redis(), env().REDIS_PREFIX, clock);
		await presence.touch(cjg.id, someone.user.id, 'socket-1');
		await notify(someone, 'sla.breached', 'Termijn verstreken: VT-1');
		await sendFor([someone], presence);
		expect((await deliveries(someone.user.id)).map((d) => [d.state, d.result])).toEqual([['skipped', 'online']]);

		await presence.leave(cjg.id, someone.user.id, 'socket-1');
		await notify(someone, 'vv.escalated', 'Escalatie V&V: VT-2');
		await sendFor([someone], presence);
		const [mail] = smtp.to(someone.user.email);
		expect(mail.text).toContain('- 1 termijn is verstreken\n- 1 escalatie vraagt uw aandacht');

		await notify(someone, 'checkin.due', 'Veiligheidscheck VT-3');
		await db()`update notifications set read_at = now() where user_id = ${someone.user.id}`;
		await sendFor([someone], presence);
		expect((await deliveries(someone.user.id)).at(-1)).toMatchObject({ state: 'skipped', result: 'nothing_waiting' });
		expect(smtp.to(someone.user.email)).toHaveLength(1);
	});

	it('sends the daily digest at 08:00 on working days only, once a day, with what came since the last one', async () => {
		const someone = await person(cjg, 'medewerker', clock);
		await preference(someone, 'digest');
		await notify(someone, 'sla.reminder_50', 'Overdracht VT-4 wacht op uw antwoord');
		await notify(someone, 'monitoring.due', 'Monitoring vandaag: VT-5');
		const planned = (at: string) => planDigests({ sql: db(), clock: new ManualClock(at) });

		expect(await planned('2026-11-28T08:00:00+01:00')).toEqual({ day: '2026-11-28', skipped: 'not_a_working_day' }); // a Saturday
		expect(await planned('2026-12-25T08:00:00+01:00')).toEqual({ day: '2026-12-25', skipped: 'not_a_working_day' }); // Christmas, a Friday
		const monday = await planned('2026-11-30T08:00:00+01:00');
		const mine = async () => (await deliveries(someone.user.id)).filter((d) => d.kind === 'digest');
		expect((await mine()).map((d) => d.state)).toEqual(['pending']);
		expect('planned' in monday && monday.planned).toContain((await mine())[0].id);
		const again = await planned('2026-11-30T08:00:05+01:00');
		expect('planned' in again && again.planned).not.toContain((await mine())[0].id);
		expect(await mine()).toHaveLength(1);

		await sendFor([someone]);
		const [mail] = smtp.to(someone.user.email);
		expect(mail.subject).toBe('Ketentafel: uw dagoverzicht (2 meldingen)');
		expect(mail.text).toContain('- 1 overdracht wacht op antwoord van uw organisatie\n- 1 herinnering aan iets dat u moet doen');
		expect(mail.text).toContain('een dagelijks overzicht');
		await planned('2026-12-01T08:00:00+01:00');
		expect(await mine()).toHaveLength(1); // nothing new since Monday's digest
	});
});

describe('delivery', () => {
	it('retries when the SMTP server refuses for a while and records the final failure', async () => {
		const someone = await person(cjg, 'medewerker', clock);
		const { id } = await db().begin((tx) => recordDelivery(tx, someone.user.id, 'password_reset', clock.now()));
		smtp.refuseNext(1);
		await expectError(sendDelivery(sendDeps(), id, false), MailSendError);
		expect(await deliveries(someone.user.id)).toEqual([expect.objectContaining({ state: 'pending', result: '451', attempts: 1 })]);
		await sendDelivery(sendDeps(), id, false);
		expect(await deliveries(someone.user.id)).toEqual([expect.objectContaining({ state: 'sent', result: null, attempts: 2 })]);
		expect(smtp.to(someone.user.email)).toHaveLength(1);

		const second = await db().begin((tx) => recordDelivery(tx, someone.user.id, 'password_reset', clock.now()));
		smtp.refuseNext(1);
		expect(await sendDelivery(sendDeps(), second.id, true)).toEqual({ outcome: 'failed', result: '451' });
		expect(await sendDelivery(sendDeps(), second.id, true)).toEqual({ outcome: 'done' }); // finished: left alone
	});

	it('skips e-mail for a deactivated account, and without SMTP_URL records invitations and resets as skipped and notes no notification e-mail', async () => {
		const gone = await person(cjg, 'medewerker', clock);
		const { id } = await db().begin((tx) => recordDelivery(tx, gone.user.id, 'password_reset', clock.now()));
		await db()`update users set disabled_at = now() where id = ${gone.user.id}`;
		expect(await sendDelivery(sendDeps(), id, true)).toEqual({ outcome: 'skipped', result: 'account_disabled' });

		const someone = await person(cjg, 'medewerker', clock);
		const restore = setEnv({ SMTP_URL: undefined });
		try {
			expect((await db().begin((tx) => recordDelivery(tx, someone.user.id, 'invitation', clock.now()))).state).toBe('skipped');
			await notify(someone, 'sla.breached', 'Termijn verstreken: VT-6');
			expect(await planDigests({ sql: db(), clock })).toMatchObject({ skipped: 'smtp_off' });
		} finally {
			restore();
		}
		expect((await deliveries(someone.user.id)).map((d) => [d.kind, d.state, d.result])).toEqual([['invitation', 'skipped', 'smtp_off']]);
		const pending = await db().begin((tx) => recordDelivery(tx, someone.user.id, 'password_reset', clock.now()));
		expect(await sendDelivery({ ...sendDeps(), sender: null }, pending.id, true)).toEqual({ outcome: 'skipped', result: 'smtp_off' });
	});
});
