import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '../../src/lib/server/auth/guards.ts';
import { readCookie } from '../../src/lib/server/auth/cookie.ts';
import { homePanels, scopeLabel } from '../../src/lib/home.ts';
import { dutchWait } from '../../src/lib/server/auth/throttle.ts';
import { generateSessionToken, sessionIdFromToken } from '../../src/lib/server/auth/session.ts';

describe('safeReturnPath', () => {
	it.each([
		['/account', '/account'],
		['/beheer/audit?actie=auth.sign_in', '/beheer/audit?actie=auth.sign_in'],
		['//evil.example', '/'],
		['/\\evil.example', '/'],
		['https://evil.example/', '/'],
		['javascript:alert(1)', '/'],
		[null, '/'],
		['', '/']
	])('%s → %s', (input, expected) => {
		expect(safeReturnPath(input)).toBe(expected);
	});
});

describe('readCookie', () => {
	it('finds a cookie among others and decodes it', () => {
		expect(readCookie('a=1; kt_session=abc%3D; b=2', 'kt_session')).toBe('abc=');
		expect(readCookie('xkt_session=1', 'kt_session')).toBeNull();
		expect(readCookie(undefined, 'kt_session')).toBeNull();
		expect(readCookie('kt_session=%E0%A4%A', 'kt_session')).toBeNull();
	});
});

describe('session tokens', () => {
	it('are 32 base32 characters and stored only as their SHA-256', () => {
		const token = generateSessionToken();
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		expect(generateSessionToken()).not.toBe(token);
		expect(sessionIdFromToken(token)).toMatch(/^[0-9a-f]{64}$/);
		expect(sessionIdFromToken(token)).not.toContain(token);
	});
});

describe('home panels', () => {
	it('gives VT medewerkers their work queue and coordinators the tafels as well', () => {
		expect(homePanels('vt', ['medewerker'], 'VT').map((p) => p.id)).toEqual([
			'mijnzaken',
			'werkvoorraad',
			'overdrachten',
			'veiligheidschecks',
			'monitoring'
		]);
		expect(homePanels('vt', ['coordinator'], 'VT').map((p) => p.id)).toContain('tafels');
	});

	it('gives partners their offered handovers, consortia their waiting families', () => {
		expect(homePanels('cjg', ['medewerker'], 'CJG Kennemerland')[0].empty).toContain('CJG Kennemerland');
		expect(homePanels('consortium', ['medewerker'], 'C').map((p) => p.id)).toContain('wachtlijst');
	});

	it('gives gemeenten only aggregate panels', () => {
		const panels = homePanels('gemeente', ['gemeente'], 'Gemeente Velsen');
		expect(panels.map((p) => p.title)).toEqual(['Doorstroom Velsen']);
	});

	it('adds the beheer panel for beheerders only', () => {
		expect(homePanels('cjg', ['beheerder'], 'CJG').map((p) => p.id)).toEqual(['beheer']);
		expect(homePanels('cjg', ['medewerker'], 'CJG').map((p) => p.id)).not.toContain('beheer');
	});

	it("puts the coordinator's escalations first and counts the team's check-ins and monitoring; a medewerker's are her own", () => {
		const coordinatorPanels = homePanels('vt', ['coordinator'], 'VT');
		expect(coordinatorPanels.map((p) => [p.id, scopeLabel(p.scope, 'vt')])).toEqual([
			['escalaties', 'Van uw team'],
			['mijnzaken', 'Van u'],
			['werkvoorraad', 'Van uw team'],
			['overdrachten', 'Van uw team'],
			['veiligheidschecks', 'Van uw team'],
			['monitoring', 'Van uw team'],
			['tafels', null]
		]);
		// "Mijn zaken" and the running handovers of a medewerker are those of her own cases (rule 6)
		expect(homePanels('vt', ['medewerker'], 'VT').map((p) => [p.id, scopeLabel(p.scope, 'vt')])).toEqual([
			['mijnzaken', 'Van u'],
			['werkvoorraad', 'Van uw team'],
			['overdrachten', 'Van u'],
			['veiligheidschecks', 'Van u'],
			['monitoring', 'Van u']
		]);
		expect(homePanels('cjg', ['medewerker'], 'CJG').map((p) => scopeLabel(p.scope, 'cjg'))).toEqual([
			'Van uw organisatie',
			'Van uw organisatie',
			'Van uw organisatie'
		]);
		expect(coordinatorPanels[0].empty).toBe('Er zijn geen escalaties of achterstanden in uw team.');
	});
});

describe('dutchWait', () => {
	it('rounds up to whole minutes', () => {
		expect(dutchWait(30)).toBe('over een minuut');
		expect(dutchWait(61)).toBe('over 2 minuten');
		expect(dutchWait(900)).toBe('over 15 minuten');
	});
});

describe('audit labels', () => {
	it('describe records and details in Dutch', async () => {
		const { auditDetails, auditRecord } = await import('../../src/lib/audit-labels.ts');
		expect(auditRecord('user', 'abc')).toBe('gebruiker abc');
		expect(auditRecord(null, null)).toBe('–');
		expect(auditDetails({ reason: 'wrong_password', sessions: 2, from: null })).toBe('reden: onjuist wachtwoord, sessies: 2');
		expect(auditDetails({ action: 'auth.sign_in' })).toBe('actie: Ingelogd');
	});
});
