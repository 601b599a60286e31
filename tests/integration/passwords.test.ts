import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis, redis } from '../../src/lib/server/redis.ts';
import { closeQueues } from '../../src/lib/server/queues.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { env } from '../../src/lib/server/env.ts';
import { makeAuthDeps, signIn } from '../../src/lib/server/auth/service.ts';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { changeOwnPassword, requestPasswordReset, resetPassword } from '../../src/lib/server/auth/passwords.ts';
import { PASSWORD_RESET_PER_ADDRESS, PASSWORD_RESET_PER_IP } from '../../src/lib/server/auth/throttle.ts';
import { sendDelivery } from '../../src/lib/server/email/send.ts';
import { smtpSender } from '../../src/lib/server/email/transport.ts';
import { FIXTURE_PASSWORD } from '../support/fixtures.ts';
import {
	connectLive,
	organisation,
	person,
	SESSION_TTL_MS,
	startInstance,
	stopAll,
	unique,
	type Instance,
	type Org
} from '../support/it-cases.ts';
import { setEnv, uniqueIp, waitFor } from '../support/it-helpers.ts';
import { linkIn, startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const clock = new ManualClock('2026-11-24T14:00:00+01:00');
const NEW_PASSWORD = 'Tulpenveld-Molen-Regenjas-8';
let smtp: TestSmtp;
let restoreEnv: () => void;
let instance: Instance;
let cjg: Org;

const authDeps = () => makeAuthDeps(db(), redis(), env().REDIS_PREFIX, clock, 8);
const from = (ip = uniqueIp()) => ({ ip, userAgent: 'vitest' });

async function deliveriesOf(userId: string) {
	return db()<
		{ id: string; kind: string; state: string }[]
	>`select id::text, kind::text, state::text from email_deliveries where user_id = ${userId} order by id`;
}

/** Sends the person's pending e-mails through the test's SMTP server and returns the token of the reset link. */
async function resetToken(userId: string, email: string): Promise<string> {
	const sender = smtpSender();
	try {
		for (const d of await deliveriesOf(userId))
			if (d.state === 'pending') await sendDelivery({ sql: db(), clock, sender, presence: null }, d.id, true);
	} finally {
		sender.close();
	}
	const mail = await waitFor(
		() =>
			smtp
				.to(email)
				.filter((m) => m.subject === 'Ketentafel: nieuw wachtwoord instellen')
				.at(-1),
		`reset mail to ${email}`
	);
	return linkIn(mail, '/wachtwoord-herstellen/').split('/wachtwoord-herstellen/')[1];
}

beforeAll(async () => {
	smtp = await startTestSmtp();
	restoreEnv = setEnv({ SMTP_URL: smtp.url, MAIL_FROM: 'noreply@ketentafel.test' });
	cjg = await organisation('cjg');
	instance = await startInstance(clock);
});

afterAll(async () => {
	await stopAll();
	await closeQueues();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
	restoreEnv?.();
	await smtp?.stop();
});

describe('wachtwoord vergeten', () => {
	it('answers the same whether or not the address has an account, and e-mails a link only to an existing one', async () => {
		const known = await person(cjg, 'medewerker', clock);
		const unknown = `niemand-${unique()}@ketentafel.test`;
		const answers = [
			await requestPasswordReset(authDeps(), { email: known.user.email.toUpperCase() }, from()),
			await requestPasswordReset(authDeps(), { email: unknown }, from())
		];
		expect(answers).toEqual([{ ok: true }, { ok: true }]);
		expect(await deliveriesOf(known.user.id)).toEqual([expect.objectContaining({ kind: 'password_reset', state: 'pending' })]);
		const token = await resetToken(known.user.id, known.user.email);
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(smtp.to(unknown)).toEqual([]);
		const audited = await db()<{ details: Record<string, string>; recordId: string | null }[]>`
			select details, record_id from audit_log where action = 'auth.password_reset_requested' and (record_id = ${known.user.id} or details->>'reason' = 'unknown_account') order by id desc limit 2`;
		expect(audited.map((a) => a.recordId).sort()).toEqual([known.user.id, null].sort());
		expect(JSON.stringify(audited)).not.toContain(unknown); // the address asked for is not kept
	});

	it('sets a new password once, before the hour is over, and ends every session and open page', async () => {
		const someone = await person(cjg, 'medewerker', clock);
		const live = await connectLive(instance, someone.token);
		await requestPasswordReset(authDeps(), { email: someone.user.email }, from());
		const token = await resetToken(someone.user.id, someone.user.email);

		expect(await resetPassword(authDeps(), token, 'kort', from())).toMatchObject({ ok: false, reason: 'invalid' });
		expect(await resetPassword(authDeps(), token, NEW_PASSWORD, from())).toEqual({ ok: true, userId: someone.user.id });
		await waitFor(() => live.signals.includes('session:ended'), 'the open page ends');
		expect(await validateSessionToken(db(), someone.token, SESSION_TTL_MS, clock)).toBeNull();
		expect(await resetPassword(authDeps(), token, 'Nog-een-Wachtwoord-Anders-3', from())).toEqual({ ok: false, reason: 'invalid_link' });
		expect((await signIn(authDeps(), { email: someone.user.email, password: FIXTURE_PASSWORD, ...from() })).ok).toBe(false);
		expect((await signIn(authDeps(), { email: someone.user.email, password: NEW_PASSWORD, ...from() })).ok).toBe(true);

		await requestPasswordReset(authDeps(), { email: someone.user.email }, from());
		const late = await resetToken(someone.user.id, someone.user.email);
		clock.advance(60 * 60_000 + 1000);
		try {
			expect(await resetPassword(authDeps(), late, 'Weer-een-Nieuw-Wachtwoord-5', from())).toEqual({ ok: false, reason: 'invalid_link' });
		} finally {
			clock.advance(-(60 * 60_000 + 1000));
		}
		const refused = await db()`select 1 from audit_log where action = 'auth.link_refused' and details->>'purpose' = 'password_reset'`;
		expect(refused.length).toBeGreaterThanOrEqual(2);
	});

	it('throttles requests per address and per client address, refusing the same way for unknown addresses', async () => {
		const someone = await person(cjg, 'medewerker', clock);
		for (const email of [someone.user.email, `niemand-${unique()}@ketentafel.test`]) {
			for (let i = 0; i < PASSWORD_RESET_PER_ADDRESS.limit; i++)
				expect((await requestPasswordReset(authDeps(), { email }, from())).ok).toBe(true);
			expect(await requestPasswordReset(authDeps(), { email }, from())).toMatchObject({ ok: false, reason: 'throttled' });
		}
		expect((await deliveriesOf(someone.user.id)).length).toBe(PASSWORD_RESET_PER_ADDRESS.limit);

		const ip = uniqueIp();
		for (let i = 0; i < PASSWORD_RESET_PER_IP.limit; i++) {
			expect((await requestPasswordReset(authDeps(), { email: `iemand-${unique()}@ketentafel.test` }, from(ip))).ok).toBe(true);
		}
		expect(await requestPasswordReset(authDeps(), { email: `iemand-${unique()}@ketentafel.test` }, from(ip))).toMatchObject({
			ok: false,
			reason: 'throttled'
		});
		expect((await requestPasswordReset(authDeps(), { email: `iemand-${unique()}@ketentafel.test` }, from())).ok).toBe(true);
		// an hour later the budget has refilled
		clock.advance(3600_000);
		try {
			expect((await requestPasswordReset(authDeps(), { email: someone.user.email }, from())).ok).toBe(true);
		} finally {
			clock.advance(-3600_000);
		}
	});
});

describe('changing one’s own password', () => {
	it('needs the current password, refuses a weak one, and ends the other sessions but not this one', async () => {
		const someone = await person(cjg, 'medewerker', clock);
		const other = await createSession(
			db(),
			{ userId: someone.user.id, twoFactorVerified: true, ip: null, userAgent: 'laptop' },
			SESSION_TTL_MS,
			clock
		);
		const [here, elsewhere] = [await connectLive(instance, someone.token), await connectLive(instance, other.token)];
		const auth = (await validateSessionToken(db(), someone.token, SESSION_TTL_MS, clock))!.auth;

		expect(await changeOwnPassword(authDeps(), auth, { current: 'fout', next: NEW_PASSWORD }, from())).toEqual({
			ok: false,
			reason: 'invalid',
			fields: { current: 'Dit wachtwoord klopt niet.' }
		});
		expect(await changeOwnPassword(authDeps(), auth, { current: FIXTURE_PASSWORD, next: 'password1234' }, from())).toMatchObject({
			ok: false,
			fields: { next: expect.any(String) }
		});
		expect(await changeOwnPassword(authDeps(), auth, { current: FIXTURE_PASSWORD, next: NEW_PASSWORD }, from())).toEqual({
			ok: true,
			endedSessions: 1
		});
		await waitFor(() => elsewhere.signals.includes('session:ended'), 'the other session’s page ends');
		expect(await validateSessionToken(db(), other.token, SESSION_TTL_MS, clock)).toBeNull();
		expect(await validateSessionToken(db(), someone.token, SESSION_TTL_MS, clock)).not.toBeNull();
		expect(here.signals).toEqual([]);
		expect(here.socket.connected).toBe(true);
		const actions = await db()<
			{ action: string }[]
		>`select action from audit_log where record_id = ${someone.user.id} and action like 'auth.password%' order by id`;
		expect(actions.map((a) => a.action)).toEqual(['auth.password_change_failed', 'auth.password_changed']);
	});
});
