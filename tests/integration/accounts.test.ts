import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis, redis } from '../../src/lib/server/redis.ts';
import { closeQueues } from '../../src/lib/server/queues.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { env } from '../../src/lib/server/env.ts';
import { makeAuthDeps, signIn } from '../../src/lib/server/auth/service.ts';
import { validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { acceptInvitation } from '../../src/lib/server/auth/passwords.ts';
import {
	changeRoles,
	deactivatePerson,
	invitePerson,
	reactivatePerson,
	resendInvitation,
	resetSecondFactor
} from '../../src/lib/server/accounts/service.ts';
import { accountDetail, listAccounts, memberByEmail } from '../../src/lib/server/accounts/queries.ts';
import { inviteSchema } from '../../src/lib/server/accounts/schema.ts';
import { sendDelivery } from '../../src/lib/server/email/send.ts';
import { smtpSender } from '../../src/lib/server/email/transport.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { offerHandover } from '../../src/lib/server/handovers/service.ts';
import { ConflictError, ForbiddenError, InputError } from '../../src/lib/server/errors.ts';
import {
	completeCase,
	connectLive,
	ensureRegion,
	expectError,
	organisation,
	person,
	SESSION_TTL_MS,
	startInstance,
	stopAll,
	unique,
	type Instance,
	type Org,
	type Person
} from '../support/it-cases.ts';
import { setEnv, uniqueIp, waitFor } from '../support/it-helpers.ts';
import { linkIn, startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const clock = new ManualClock('2026-11-23T10:00:00+01:00');
const GOOD_PASSWORD = 'Stroopwafel-Kanaal-Fiets-42';
let smtp: TestSmtp;
let restoreEnv: () => void;
let instance: Instance;
let vt: Org, cjg: Org, wijkteam: Org;
let vtBeheerder: Person, cjgBeheerder: Person;

const deps = () => ({ sql: db(), clock });
const authDeps = () => makeAuthDeps(db(), redis(), env().REDIS_PREFIX, clock, 8);
const origin = () => ({ ip: uniqueIp(), userAgent: 'vitest' });
const invite = (org: Org, roles: string[] = ['medewerker'], email = `collega-${unique()}@${org.kind}.test`) =>
	inviteSchema.parse({ organisationId: org.id, name: 'Anouk Verbeek', email, roles });

/** Sends every pending e-mail as the workers would, through the test's SMTP server. */
async function sendPending(): Promise<void> {
	const sender = smtpSender();
	try {
		const pending = await db()<{ id: string }[]>`select id::text from email_deliveries where state = 'pending' order by id`;
		for (const { id } of pending) await sendDelivery({ sql: db(), clock, sender, presence: null }, id, true);
	} finally {
		sender.close();
	}
}

/** The token of the invitation link e-mailed to an address. */
async function invitationToken(email: string): Promise<string> {
	await sendPending();
	const mail = await smtp.waitFor((m) => m.to.includes(email) && m.subject === 'Uitnodiging voor Ketentafel', `invitation to ${email}`);
	return linkIn(mail, '/uitnodiging/').split('/uitnodiging/')[1];
}

beforeAll(async () => {
	smtp = await startTestSmtp();
	restoreEnv = setEnv({ SMTP_URL: smtp.url, MAIL_FROM: 'Ketentafel <noreply@ketentafel.test>' });
	await ensureRegion();
	[vt, cjg, wijkteam] = await Promise.all([organisation('vt'), organisation('cjg'), organisation('wijkteam')]);
	vtBeheerder = await person(vt, 'beheerder', clock);
	cjgBeheerder = await person(cjg, 'beheerder', clock);
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

describe('inviting a colleague', () => {
	it('makes an account without a password, e-mails a one-time link, and signs the person in once they set a good password', async () => {
		const input = invite(cjg);
		const result = await invitePerson(deps(), cjgBeheerder.actor, input);
		expect(result).toMatchObject({ existing: false, sent: { via: 'email' } });
		const [user] = await db()<
			{ passwordHash: string | null; activatedAt: Date | null }[]
		>`select password_hash, activated_at from users where id = ${result.userId}`;
		expect(user).toEqual({ passwordHash: null, activatedAt: null });
		expect((await listAccounts(db(), cjgBeheerder.actor, cjg.id)).find((a) => a.id === result.userId)?.status).toBe('invited');
		// what single sign-on matches a person to: an invited account of that organisation, by address
		expect(await memberByEmail(db(), cjg.id, input.email.toUpperCase())).toMatchObject({ id: result.userId, activated: false });
		expect(await memberByEmail(db(), wijkteam.id, input.email)).toBeNull();
		// the job holds nothing but the delivery's id; the link is made by the worker, stored only as a hash
		const [delivery] = await db()<
			{ kind: string; state: string }[]
		>`select kind::text, state::text from email_deliveries where user_id = ${result.userId}`;
		expect(delivery).toEqual({ kind: 'invitation', state: 'pending' });
		expect(await db()`select 1 from account_tokens where user_id = ${result.userId}`).toHaveLength(0);

		const token = await invitationToken(input.email);
		const [stored] = await db()<{ tokenHash: string }[]>`select token_hash from account_tokens where user_id = ${result.userId}`;
		expect(stored.tokenHash).not.toContain(token);
		const weak = await acceptInvitation(authDeps(), token, 'welkom2026', origin());
		expect(weak).toMatchObject({ ok: false, reason: 'invalid', fields: { password: expect.stringMatching(/minstens 12 tekens/) } });
		const common = await acceptInvitation(authDeps(), token, 'Wachtwoord123!', origin());
		expect(common).toMatchObject({
			ok: false,
			reason: 'invalid',
			fields: { password: expect.stringMatching(/veelgebruikte wachtwoorden/) }
		});
		const own = await acceptInvitation(authDeps(), token, 'AnoukVerbeek2026', origin());
		expect(own).toMatchObject({ ok: false, reason: 'invalid', fields: { password: expect.stringMatching(/uw naam/) } });

		const accepted = await acceptInvitation(authDeps(), token, GOOD_PASSWORD, origin());
		if (!accepted.ok) throw new Error(`refused: ${JSON.stringify(accepted)}`);
		const session = await validateSessionToken(db(), accepted.session.token, SESSION_TTL_MS, clock);
		expect(session?.auth).toMatchObject({ stage: 'complete', active: { organisationId: cjg.id, roles: ['medewerker'] } });
		expect((await acceptInvitation(authDeps(), token, 'Nog-een-ander-Wachtwoord-7', origin())).ok).toBe(false); // once only
		const signedIn = await signIn(authDeps(), { email: input.email, password: GOOD_PASSWORD, ...origin() });
		expect(signedIn.ok).toBe(true);
		const rows = await db()<
			{ action: string }[]
		>`select action, details from audit_log where record_id = ${result.userId} or actor_user_id = ${result.userId} order by id`;
		expect(rows.map((a) => a.action)).toEqual(['account.invited', 'account.invitation_accepted', 'auth.sign_in']);
		expect(JSON.stringify(rows)).not.toContain(token);
	});

	it('lets an invitation link expire after three days, and a new invitation replaces the old link', async () => {
		const input = invite(cjg);
		await invitePerson(deps(), cjgBeheerder.actor, input);
		const first = await invitationToken(input.email);
		clock.advance(3 * 24 * 3600_000 + 60_000);
		try {
			expect(await acceptInvitation(authDeps(), first, GOOD_PASSWORD, origin())).toEqual({ ok: false, reason: 'invalid_link' });
		} finally {
			clock.advance(-(3 * 24 * 3600_000 + 60_000));
		}
		const [{ id }] = await db()<{ id: string }[]>`select id from users where email = ${input.email}`;
		expect(await resendInvitation(deps(), cjgBeheerder.actor, { organisationId: cjg.id, userId: id })).toEqual({ via: 'email' });
		smtp.received.length = 0;
		const second = await invitationToken(input.email);
		expect(second).not.toBe(first);
		expect((await acceptInvitation(authDeps(), first, GOOD_PASSWORD, origin())).ok).toBe(false);
		expect((await acceptInvitation(authDeps(), second, GOOD_PASSWORD, origin())).ok).toBe(true);
		await expectError(resendInvitation(deps(), cjgBeheerder.actor, { organisationId: cjg.id, userId: id }), ConflictError, /al aangenomen/);
	});

	it('adds roles to the one existing account of someone who works for two organisations', async () => {
		const wijkteamBeheerder = await person(wijkteam, 'beheerder', clock);
		const colleague = await person(cjg, 'medewerker', clock);
		const result = await invitePerson(deps(), wijkteamBeheerder.actor, invite(wijkteam, ['coordinator'], colleague.user.email));
		expect(result).toEqual({ userId: colleague.user.id, existing: true, sent: { via: 'none' } });
		const roles = await db()<
			{ organisationId: string; role: string }[]
		>`select organisation_id, role::text from memberships where user_id = ${colleague.user.id} order by role`;
		expect(roles).toEqual([
			{ organisationId: wijkteam.id, role: 'coordinator' },
			{ organisationId: cjg.id, role: 'medewerker' }
		]);
		expect(await db()`select 1 from email_deliveries where user_id = ${colleague.user.id}`).toHaveLength(0);
		await expectError(
			invitePerson(deps(), wijkteamBeheerder.actor, invite(wijkteam, ['medewerker'], colleague.user.email)),
			InputError,
			'Al lid'
		);
	});

	it('lets a beheerder manage only their own organisation, with the roles of its kind; Veilig Thuis manages every one', async () => {
		await expectError(invitePerson(deps(), cjgBeheerder.actor, invite(wijkteam)), ForbiddenError);
		await expectError(invitePerson(deps(), cjgBeheerder.actor, invite(cjg, ['gemeente'])), InputError, 'Rol past niet');
		const medewerker = await person(cjg, 'medewerker', clock);
		await expectError(invitePerson(deps(), medewerker.actor, invite(cjg)), ForbiddenError);
		const byVt = await invitePerson(deps(), vtBeheerder.actor, invite(wijkteam, ['beheerder']));
		expect(byVt.existing).toBe(false);
		await expectError(listAccounts(db(), cjgBeheerder.actor, wijkteam.id), ForbiddenError);
		expect((await listAccounts(db(), vtBeheerder.actor, wijkteam.id)).some((a) => a.id === byVt.userId)).toBe(true);
	});

	it('has an invited beheerder set up the second factor right after setting the password', async () => {
		const input = invite(cjg, ['beheerder']);
		await invitePerson(deps(), cjgBeheerder.actor, input);
		const accepted = await acceptInvitation(authDeps(), await invitationToken(input.email), GOOD_PASSWORD, origin());
		if (!accepted.ok) throw new Error('refused');
		expect((await validateSessionToken(db(), accepted.session.token, SESSION_TTL_MS, clock))?.auth.stage).toBe('needs_2fa_setup');
	});
});

describe('changing and ending access', () => {
	it('deactivates an account: sessions and sockets end at once, the history stays, and the open items are listed for reassignment', async () => {
		const leaver = await person(vt, 'medewerker', clock);
		const caseId = await createCase(deps(), leaver.actor, completeCase());
		const handoverId = await offerHandover(deps(), leaver.actor, caseId, { toOrgId: cjg.id, message: 'Graag een warme overdracht.' });
		const live = await connectLive(instance, leaver.token);
		const detail = await accountDetail(db(), vtBeheerder.actor, vt.id, leaver.user.id);
		// the case they registered is theirs (rule 6), and so is the offer they made
		expect(detail?.openItems).toHaveLength(2);
		expect(detail?.openItems).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ kind: 'case', id: caseId, caseId }),
				expect.objectContaining({ kind: 'offer', id: handoverId, caseId })
			])
		);
		const [viewed] = await db()<{ details: { ids: string[] } }[]>`
			select details from audit_log where action = 'account.viewed' and record_id = ${leaver.user.id} order by id desc limit 1`;
		expect(viewed.details.ids).toEqual([caseId]);

		expect(await deactivatePerson(deps(), vtBeheerder.actor, { organisationId: vt.id, userId: leaver.user.id })).toEqual({
			outcome: 'deactivated'
		});
		await waitFor(() => live.signals.includes('session:ended'), 'the open page is told its session ended');
		expect(await validateSessionToken(db(), leaver.token, SESSION_TTL_MS, clock)).toBeNull();
		expect((await signIn(authDeps(), { email: leaver.user.email, password: 'Correct-paard-batterij-9', ...origin() })).ok).toBe(false);
		const [offered] = await db()<{ offeredBy: string }[]>`select offered_by from handovers where id = ${handoverId}`;
		expect(offered.offeredBy).toBe(leaver.user.id);

		await reactivatePerson(deps(), vtBeheerder.actor, { organisationId: vt.id, userId: leaver.user.id });
		expect((await signIn(authDeps(), { email: leaver.user.email, password: 'Correct-paard-batterij-9', ...origin() })).ok).toBe(true);
		const actions = await db()<
			{ action: string }[]
		>`select action from audit_log where record_id = ${leaver.user.id} and action like 'account.%' order by id`;
		expect(actions.map((a) => a.action)).toEqual(['account.viewed', 'account.deactivated', 'account.reactivated']);
	});

	it('only ends the membership of someone who also works elsewhere, when a partner beheerder takes them out', async () => {
		const both = await person(cjg, 'medewerker', clock);
		await db()`insert into memberships (user_id, organisation_id, role) values (${both.user.id}, ${wijkteam.id}, 'medewerker')`;
		expect(await deactivatePerson(deps(), cjgBeheerder.actor, { organisationId: cjg.id, userId: both.user.id })).toEqual({
			outcome: 'removed'
		});
		const [user] = await db()<{ disabledAt: Date | null }[]>`select disabled_at from users where id = ${both.user.id}`;
		expect(user.disabledAt).toBeNull();
		expect(await db()`select 1 from memberships where user_id = ${both.user.id} and organisation_id = ${cjg.id}`).toHaveLength(0);
	});

	it('changes roles live (the open page reloads with the new menu) and never leaves an organisation without a beheerder', async () => {
		const colleague = await person(cjg, 'medewerker', clock);
		const live = await connectLive(instance, colleague.token);
		expect(
			await changeRoles(deps(), cjgBeheerder.actor, { organisationId: cjg.id, userId: colleague.user.id, roles: ['coordinator'] })
		).toEqual({
			added: ['coordinator'],
			removed: ['medewerker']
		});
		await waitFor(() => live.signals.includes('session:changed'), 'the open page is told to reload');
		expect((await validateSessionToken(db(), colleague.token, SESSION_TTL_MS, clock))?.auth.active?.roles).toEqual(['coordinator']);

		// an organisation always keeps a beheerder: nobody takes their own role or account
		await expectError(
			changeRoles(deps(), cjgBeheerder.actor, { organisationId: cjg.id, userId: cjgBeheerder.user.id, roles: ['medewerker'] }),
			ConflictError,
			/eigen beheerdersrol/
		);
		await expectError(
			deactivatePerson(deps(), cjgBeheerder.actor, { organisationId: cjg.id, userId: cjgBeheerder.user.id }),
			ConflictError,
			/eigen account/
		);
	});

	it('resets a second factor: signed out everywhere, and the next sign-in asks to set it up again', async () => {
		const colleague = await person(cjg, 'medewerker', clock);
		await db()`update users set totp_key = '\\x00'::bytea, totp_enabled_at = now() where id = ${colleague.user.id}`;
		await db()`insert into recovery_codes (user_id, code_hash) values (${colleague.user.id}, 'x')`;
		const live = await connectLive(instance, colleague.token);
		await resetSecondFactor(deps(), cjgBeheerder.actor, { organisationId: cjg.id, userId: colleague.user.id });
		await waitFor(() => live.signals.includes('session:ended'), 'the open page ends');
		expect(await db()`select 1 from recovery_codes where user_id = ${colleague.user.id}`).toHaveLength(0);
		const again = await signIn(authDeps(), { email: colleague.user.email, password: 'Correct-paard-batterij-9', ...origin() });
		if (!again.ok) throw new Error('sign-in refused');
		expect((await validateSessionToken(db(), again.token, SESSION_TTL_MS, clock))?.auth.stage).toBe('needs_2fa_setup');
	});
});
