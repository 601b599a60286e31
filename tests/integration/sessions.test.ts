import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import {
	createSession,
	invalidateSession,
	invalidateUserSessions,
	rotateSession,
	sessionIdFromToken,
	setActiveOrganisation,
	validateSessionToken
} from '../../src/lib/server/auth/session.ts';
import type { Role } from '../../src/lib/server/auth/roles.ts';
import { createOrganisation, createUser } from '../support/fixtures.ts';

const HOUR = 3600_000;
const TTL = 8 * HOUR;
const MAX = 10 * HOUR; // SESSION_MAX_HOURS default
const NO_MAX = 1000 * HOUR; // for the tests of the sliding expiry alone

afterAll(closeDb);

async function userWith(role: Role | null = 'medewerker') {
	const org = await createOrganisation(db());
	const user = await createUser(db(), role ? [{ organisationId: org.id, role }] : []);
	return { org, user };
}

function open(userId: string, clock: ManualClock, twoFactorVerified = false) {
	return createSession(db(), { userId, twoFactorVerified, ip: '192.0.2.10', userAgent: 'vitest' }, TTL, clock);
}

async function sessionRow(id: string) {
	const [row] = await db()<{ expiresAt: Date; twoFactorVerified: boolean }[]>`
		select expires_at, two_factor_verified from sessions where id = ${id}`;
	return row;
}

describe('sessions', () => {
	it('stores only the SHA-256 of the token', async () => {
		const clock = new ManualClock();
		const { user } = await userWith();
		const { token, id } = await open(user.id, clock);

		expect(token).toMatch(/^[a-z2-7]{32}$/);
		expect(id).toBe(createHash('sha256').update(token).digest('hex'));
		expect(sessionIdFromToken(token)).toBe(id);
		const rows = await db()<{ json: string }[]>`select row_to_json(s)::text as json from sessions s where user_id = ${user.id}`;
		expect(rows).toHaveLength(1);
		expect(rows[0].json).toContain(id);
		expect(rows[0].json).not.toContain(token);

		const result = await validateSessionToken(db(), token, TTL, clock);
		expect(result?.auth.user.id).toBe(user.id);
		expect(result?.auth.session.id).toBe(id);
	});

	it('ends a session when it expires and deletes its row', async () => {
		const clock = new ManualClock();
		const { user } = await userWith();
		const { token, id } = await open(user.id, clock);

		clock.advance(TTL - 1000);
		expect(await validateSessionToken(db(), token, TTL, clock)).not.toBeNull(); // renews: now + TTL
		clock.advance(TTL + 1);
		expect(await validateSessionToken(db(), token, TTL, clock)).toBeNull();
		expect(await sessionRow(id)).toBeUndefined();
	});

	it('slides the expiry only once half the lifetime has passed', async () => {
		const clock = new ManualClock();
		const { user } = await userWith();
		const { token, id, expiresAt } = await createSession(
			db(),
			{ userId: user.id, twoFactorVerified: false, ip: null, userAgent: null },
			TTL,
			clock,
			NO_MAX
		);

		clock.advance(3 * HOUR);
		const early = await validateSessionToken(db(), token, TTL, clock, NO_MAX);
		expect(early?.renewed).toBe(false);
		expect(early?.auth.session.expiresAt.getTime()).toBe(expiresAt.getTime());
		expect((await sessionRow(id)).expiresAt.getTime()).toBe(expiresAt.getTime());

		clock.advance(2 * HOUR); // 5 h in: less than half the lifetime left
		const late = await validateSessionToken(db(), token, TTL, clock, NO_MAX);
		expect(late?.renewed).toBe(true);
		const expected = clock.now().getTime() + TTL;
		expect(late?.auth.session.expiresAt.getTime()).toBe(expected);
		expect((await sessionRow(id)).expiresAt.getTime()).toBe(expected);

		clock.advance(TTL - 1000); // would have expired without the renewal
		expect(await validateSessionToken(db(), token, TTL, clock, NO_MAX)).not.toBeNull();
	});

	it('ends a session at the absolute maximum from its sign-in, even while it keeps sliding', async () => {
		const clock = new ManualClock();
		const { user } = await userWith();
		const signedInAt = clock.now().getTime();
		const { token, id, expiresAt } = await open(user.id, clock);
		expect(expiresAt.getTime()).toBe(signedInAt + TTL);

		// used every half hour: the sliding expiry alone would keep it alive for ever
		let last = expiresAt.getTime();
		for (let at = 30 * 60_000; at < MAX; at += 30 * 60_000) {
			clock.set(new Date(signedInAt + at));
			const result = await validateSessionToken(db(), token, TTL, clock, MAX);
			expect(result, `still valid ${at / 60_000} minutes in`).not.toBeNull();
			const until = result!.auth.session.expiresAt.getTime();
			expect(until, 'the expiry (and so the cookie) never passes the maximum').toBeLessThanOrEqual(signedInAt + MAX);
			expect(until).toBeGreaterThanOrEqual(last);
			last = until;
		}
		expect(last).toBe(signedInAt + MAX);
		expect((await sessionRow(id)).expiresAt.getTime()).toBe(signedInAt + MAX);

		clock.set(new Date(signedInAt + MAX - 1000));
		expect(await validateSessionToken(db(), token, TTL, clock, MAX)).not.toBeNull();
		clock.set(new Date(signedInAt + MAX));
		expect(await validateSessionToken(db(), token, TTL, clock, MAX)).toBeNull();
		expect(await sessionRow(id)).toBeUndefined();
	});

	it('applies a lowered maximum to sessions that were already open', async () => {
		const clock = new ManualClock();
		const { user } = await userWith();
		const { token, id } = await open(user.id, clock);
		clock.advance(HOUR);
		const result = await validateSessionToken(db(), token, TTL, clock, 4 * HOUR);
		expect(result?.renewed).toBe(true);
		expect(result?.auth.session.expiresAt.getTime()).toBe(clock.now().getTime() + 3 * HOUR);
		clock.advance(3 * HOUR);
		expect(await validateSessionToken(db(), token, TTL, clock, 4 * HOUR)).toBeNull();
		expect(await sessionRow(id)).toBeUndefined();
	});

	it('rotates a session to a new token that keeps the sign-in moment, so the maximum still counts from the sign-in', async () => {
		const clock = new ManualClock();
		const { user } = await userWith();
		const signedInAt = clock.now().getTime();
		const old = await open(user.id, clock);
		clock.advance(6 * HOUR);
		const before = (await validateSessionToken(db(), old.token, TTL, clock, MAX))!.auth;
		const rotated = await rotateSession(db(), before.session, TTL, clock, MAX);
		expect(rotated).not.toBeNull();
		expect(rotated!.token).not.toBe(old.token);
		expect(rotated!.expiresAt.getTime()).toBe(signedInAt + MAX); // not now + TTL
		expect(await validateSessionToken(db(), old.token, TTL, clock, MAX)).toBeNull();
		expect(await sessionRow(old.id)).toBeUndefined();
		const after = (await validateSessionToken(db(), rotated!.token, TTL, clock, MAX))!.auth;
		expect(after.session).toMatchObject({ id: rotated!.id, twoFactorVerified: true, signedInAt: new Date(signedInAt) });
		expect(await rotateSession(db(), before.session, TTL, clock, MAX), 'the old session cannot be rotated twice').toBeNull();

		clock.set(new Date(signedInAt + MAX));
		expect(await validateSessionToken(db(), rotated!.token, TTL, clock, MAX)).toBeNull();
	});

	it('ends one session, or every session of one user and no one else', async () => {
		const clock = new ManualClock();
		const { org, user } = await userWith();
		const other = await createUser(db(), [{ organisationId: org.id, role: 'medewerker' }]);
		const a1 = await open(user.id, clock);
		const a2 = await open(user.id, clock);
		const a3 = await open(user.id, clock);
		const b = await open(other.id, clock);

		await invalidateSession(db(), a1.id);
		expect(await validateSessionToken(db(), a1.token, TTL, clock)).toBeNull();
		expect(await validateSessionToken(db(), a2.token, TTL, clock)).not.toBeNull();

		const ended = await invalidateUserSessions(db(), user.id);
		expect(ended.sort()).toEqual([a2.id, a3.id].sort());
		expect(await validateSessionToken(db(), a2.token, TTL, clock)).toBeNull();
		expect(await validateSessionToken(db(), a3.token, TTL, clock)).toBeNull();
		expect((await validateSessionToken(db(), b.token, TTL, clock))?.auth.user.id).toBe(other.id);
	});

	it('answers null for malformed and unknown tokens', async () => {
		const clock = new ManualClock();
		const { user } = await userWith();
		const { token } = await open(user.id, clock);
		const malformed = ['', 'abc', token.toUpperCase(), `${token}a`, token.slice(1), `${token.slice(0, 31)}1`, "' or 1=1 --", ` ${token}`];
		for (const bad of malformed) expect(await validateSessionToken(db(), bad, TTL, clock)).toBeNull();
		const unknown = token.split('').reverse().join('');
		expect(unknown).not.toBe(token);
		expect(await validateSessionToken(db(), unknown, TTL, clock)).toBeNull();
		expect(await validateSessionToken(db(), token, TTL, clock)).not.toBeNull();
	});

	it('puts a session in the right stage for the second factor', async () => {
		const clock = new ManualClock();
		const { user: medewerker } = await userWith('medewerker');
		const { user: beheerder } = await userWith('beheerder');
		const { user: withTotp } = await userWith('medewerker');
		await db()`update users set totp_enabled_at = now() where id = ${withTotp.id}`;

		const stage = async (userId: string, verified = false) =>
			(await validateSessionToken(db(), (await open(userId, clock, verified)).token, TTL, clock))?.auth.stage;

		expect(await stage(medewerker.id)).toBe('complete');
		expect(await stage(beheerder.id)).toBe('needs_2fa_setup');
		expect(await stage(withTotp.id)).toBe('needs_2fa');
		expect(await stage(withTotp.id, true)).toBe('complete');

		await db()`update users set totp_enabled_at = now() where id = ${beheerder.id}`;
		expect(await stage(beheerder.id)).toBe('needs_2fa');
		expect(await stage(beheerder.id, true)).toBe('complete');
	});

	it('switches the active organisation only to one the user belongs to', async () => {
		const clock = new ManualClock();
		const first = await createOrganisation(db());
		const second = await createOrganisation(db(), 'wijkteam');
		const foreign = await createOrganisation(db());
		const user = await createUser(db(), [
			{ organisationId: first.id, role: 'medewerker' },
			{ organisationId: second.id, role: 'coordinator' }
		]);
		const stranger = await createUser(db(), [{ organisationId: foreign.id, role: 'medewerker' }]);
		const { token, id } = await open(user.id, clock);
		const activeId = async () => (await validateSessionToken(db(), token, TTL, clock))?.auth.active?.organisationId;

		const initially = await activeId();
		expect([first.id, second.id]).toContain(initially);
		const target = initially === first.id ? second.id : first.id;

		expect(await setActiveOrganisation(db(), id, user.id, target)).toBe(true);
		expect(await activeId()).toBe(target);

		expect(await setActiveOrganisation(db(), id, user.id, foreign.id)).toBe(false);
		expect(await activeId()).toBe(target);
		// someone else's session cannot be switched through another user id
		expect(await setActiveOrganisation(db(), id, stranger.id, foreign.id)).toBe(false);
		expect(await activeId()).toBe(target);
	});

	it('refuses sessions of a disabled user', async () => {
		const clock = new ManualClock();
		const { user } = await userWith();
		const { token } = await open(user.id, clock);
		expect(await validateSessionToken(db(), token, TTL, clock)).not.toBeNull();
		await db()`update users set disabled_at = now() where id = ${user.id}`;
		expect(await validateSessionToken(db(), token, TTL, clock)).toBeNull();
	});
});
