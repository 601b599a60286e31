import { afterAll, describe, expect, it } from 'vitest';
import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { createSession, setActiveOrganisation, validateSessionToken, type AuthContext } from '../../src/lib/server/auth/session.ts';
import { requireActive, requireRole, requireSession, requireUser } from '../../src/lib/server/auth/guards.ts';
import { ROLES, type OrganisationKind, type Role } from '../../src/lib/server/auth/roles.ts';
import { audit } from '../../src/lib/server/audit/log.ts';
import { auditScope, listAudit } from '../../src/lib/server/audit/queries.ts';
import { actorOf } from '../../src/lib/server/auth/service.ts';
import { createOrganisation, createUser } from '../support/fixtures.ts';

const TTL = 8 * 3600_000;
const clock = new ManualClock();

afterAll(closeDb);

function event(auth: AuthContext | null, path = '/beheer/audit'): RequestEvent {
	return {
		locals: { auth },
		url: new URL(`http://localhost${path}`),
		getClientAddress: () => '127.0.0.1',
		request: new Request('http://localhost/')
	} as unknown as RequestEvent;
}

/** A real session through validateSessionToken. */
async function authFor(userId: string, opts: { totp?: boolean; verified?: boolean } = {}): Promise<AuthContext> {
	if (opts.totp) await db()`update users set totp_enabled_at = now() where id = ${userId}`;
	const { token } = await createSession(db(), { userId, twoFactorVerified: opts.verified ?? false, ip: null, userAgent: null }, TTL, clock);
	const result = await validateSessionToken(db(), token, TTL, clock);
	if (!result) throw new Error('session does not validate');
	return result.auth;
}

async function member(role: Role, kind: OrganisationKind = 'cjg') {
	const org = await createOrganisation(db(), kind);
	const user = await createUser(db(), [{ organisationId: org.id, role }]);
	return { org, user };
}

/** What a guard threw: a redirect, an HTTP error, or nothing. */
function outcome(run: () => unknown): { redirect: string } | { status: number } | 'passed' {
	try {
		run();
		return 'passed';
	} catch (e) {
		if (isRedirect(e)) {
			expect(e.status).toBe(303);
			return { redirect: e.location };
		}
		if (isHttpError(e)) return { status: e.status };
		throw e;
	}
}

describe('guards', () => {
	it('sends a visitor without a session to the sign-in page with the way back', () => {
		expect(outcome(() => requireUser(event(null)))).toEqual({ redirect: '/inloggen?terug=%2Fbeheer%2Faudit' });
		expect(outcome(() => requireSession(event(null)))).toEqual({ redirect: '/inloggen?terug=%2Fbeheer%2Faudit' });
		expect(outcome(() => requireRole(event(null, '/'), ['beheerder']))).toEqual({ redirect: '/inloggen' });
	});

	it('sends a session that owes its second factor to the code page', async () => {
		const { user } = await member('medewerker');
		const auth = await authFor(user.id, { totp: true });
		expect(auth.stage).toBe('needs_2fa');
		expect(outcome(() => requireUser(event(auth)))).toEqual({ redirect: '/inloggen/tweestapsverificatie' });
		expect(outcome(() => requireRole(event(auth), ['medewerker']))).toEqual({ redirect: '/inloggen/tweestapsverificatie' });
		expect(requireSession(event(auth))).toBe(auth);
	});

	it('sends a beheerder without TOTP to set it up', async () => {
		const { user } = await member('beheerder');
		const auth = await authFor(user.id);
		expect(outcome(() => requireRole(event(auth), ['beheerder']))).toEqual({ redirect: '/account/tweestapsverificatie' });
	});

	it('refuses a medewerker a beheerder page and lets a verified beheerder in', async () => {
		const { user: medewerker } = await member('medewerker');
		const medewerkerAuth = await authFor(medewerker.id);
		expect(outcome(() => requireRole(event(medewerkerAuth), ['beheerder']))).toEqual({ status: 403 });

		const { org, user: beheerder } = await member('beheerder');
		const auth = await authFor(beheerder.id, { totp: true, verified: true });
		const passed = requireRole(event(auth), ['beheerder']);
		expect(passed.active.organisationId).toBe(org.id);
	});

	it('refuses requireActive for a user without memberships', async () => {
		const user = await createUser(db());
		const auth = await authFor(user.id);
		expect(auth.active).toBeNull();
		expect(outcome(() => requireUser(event(auth)))).toBe('passed');
		expect(outcome(() => requireActive(event(auth)))).toEqual({ status: 403 });
	});

	it.each(ROLES)('lets only beheerder through requireRole([beheerder]): %s', async (role) => {
		const { user } = await member(role, role === 'gemeente' ? 'gemeente' : role === 'stuurgroep' ? 'stuurgroep' : 'cjg');
		const auth = await authFor(user.id, { totp: true, verified: true });
		expect(auth.stage).toBe('complete');
		expect(outcome(() => requireRole(event(auth), ['beheerder']))).toEqual(role === 'beheerder' ? 'passed' : { status: 403 });
		expect(outcome(() => requireRole(event(auth), [role]))).toBe('passed');
	});

	it('looks at the role in the active organisation only', async () => {
		const own = await createOrganisation(db());
		const other = await createOrganisation(db(), 'wijkteam');
		const user = await createUser(db(), [
			{ organisationId: own.id, role: 'beheerder' },
			{ organisationId: other.id, role: 'medewerker' }
		]);
		await db()`update users set totp_enabled_at = now() where id = ${user.id}`;
		const { token, id } = await createSession(db(), { userId: user.id, twoFactorVerified: true, ip: null, userAgent: null }, TTL, clock);
		expect(await setActiveOrganisation(db(), id, user.id, other.id)).toBe(true);
		const switched = (await validateSessionToken(db(), token, TTL, clock))!.auth;
		expect(switched.active?.organisationId).toBe(other.id);
		expect(outcome(() => requireRole(event(switched), ['beheerder']))).toEqual({ status: 403 });
		expect(await setActiveOrganisation(db(), id, user.id, own.id)).toBe(true);
		const back = (await validateSessionToken(db(), token, TTL, clock))!.auth;
		expect(requireRole(event(back), ['beheerder']).active.organisationId).toBe(own.id);
	});
});

describe('audit scope', () => {
	it('shows a beheerder of a partner only its own rows, and VT everything', async () => {
		const { org: orgA, user: beheerderA } = await member('beheerder', 'cjg');
		const { org: orgB, user: userB } = await member('medewerker', 'wijkteam');
		const { user: vtBeheerder } = await member('beheerder', 'vt');
		const authA = await authFor(beheerderA.id, { totp: true, verified: true });
		const authB = await authFor(userB.id);
		const authVt = await authFor(vtBeheerder.id, { totp: true, verified: true });
		const origin = { ip: '192.0.2.7', userAgent: 'vitest' };
		await audit(db(), actorOf(authA, origin), 'audit.viewed');
		await audit(db(), actorOf(authA, origin), 'session.organisation_switched', { type: 'organisation', id: orgA.id });
		await audit(db(), actorOf(authB, origin), 'audit.viewed');

		const scopeA = auditScope(requireRole(event(authA), ['beheerder']).active);
		expect(scopeA).toBe(orgA.id);
		const seenByA = await listAudit(db(), { scopeOrganisationId: scopeA, limit: 100 });
		expect(seenByA.rows.map((r) => r.action).sort()).toEqual(['audit.viewed', 'session.organisation_switched']);
		expect(seenByA.rows.every((r) => r.actorEmail === beheerderA.email)).toBe(true);
		expect((await listAudit(db(), { scopeOrganisationId: scopeA, userId: userB.id, limit: 100 })).rows).toEqual([]);
		expect((await listAudit(db(), { scopeOrganisationId: orgB.id, userId: beheerderA.id, limit: 100 })).rows).toEqual([]);

		const scopeVt = auditScope(requireRole(event(authVt), ['beheerder']).active);
		expect(scopeVt).toBeNull();
		const vtSeesA = await listAudit(db(), { scopeOrganisationId: scopeVt, userId: beheerderA.id, limit: 100 });
		const vtSeesB = await listAudit(db(), { scopeOrganisationId: scopeVt, userId: userB.id, limit: 100 });
		expect(vtSeesA.rows).toHaveLength(2);
		expect(vtSeesB.rows).toHaveLength(1);
		expect(vtSeesB.rows[0]).toMatchObject({
			action: 'audit.viewed',
			organisationName: orgB.name,
			actorRoles: ['medewerker'],
			ip: '192.0.2.7'
		});

		const paged = await listAudit(db(), { scopeOrganisationId: scopeA, limit: 1 });
		expect(paged.more).toBe(true);
		const rest = await listAudit(db(), { scopeOrganisationId: scopeA, limit: 1, before: paged.rows[0].id });
		expect(rest.more).toBe(false);
		expect(rest.rows[0].id).toBeLessThan(paged.rows[0].id);
	});

	it('does not show a partner beheerder what a shared member did for another organisation', async () => {
		const orgA = await createOrganisation(db(), 'cjg');
		const orgB = await createOrganisation(db(), 'jeugdhulp');
		const beheerderA = await createUser(db(), [{ organisationId: orgA.id, role: 'beheerder' }]);
		const shared = await createUser(db(), [
			{ organisationId: orgA.id, role: 'medewerker' },
			{ organisationId: orgB.id, role: 'medewerker' }
		]);
		const authA = await authFor(beheerderA.id, { totp: true, verified: true });
		const { token, id } = await createSession(db(), { userId: shared.id, twoFactorVerified: false, ip: null, userAgent: null }, TTL, clock);
		await setActiveOrganisation(db(), id, shared.id, orgB.id);
		const forB = (await validateSessionToken(db(), token, TTL, clock))!.auth;
		expect(forB.active?.organisationId).toBe(orgB.id);
		await audit(db(), actorOf(forB, { ip: null, userAgent: null }), 'audit.viewed', { type: 'case', id: 'case-of-b' });

		const scope = auditScope(requireRole(event(authA), ['beheerder']).active);
		const seen = await listAudit(db(), { scopeOrganisationId: scope, userId: shared.id, limit: 100 });
		expect(
			seen.rows.map((r) => [r.organisationName, r.recordId]),
			'rows acted on behalf of another organisation'
		).toEqual([]);
	});
});
