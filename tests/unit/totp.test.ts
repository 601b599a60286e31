import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lib/server/clock.ts';
import {
	generateRecoveryCodes,
	generateTotpKey,
	hashRecoveryCode,
	matchTotp,
	totpCode,
	totpEnrolment,
	totpStep
} from '../../src/lib/server/auth/totp.ts';

describe('TOTP', () => {
	// RFC 6238 appendix B, SHA-1 key "12345678901234567890", 8 digits 94287082 at 59 s → 6 digits 287082
	it('matches the RFC 6238 test vector', () => {
		const key = new TextEncoder().encode('12345678901234567890');
		expect(totpCode(key, new Date(59_000))).toBe('287082');
		expect(totpCode(key, new Date(1_111_111_109_000))).toBe('081804');
	});

	it('accepts the current step and one either side, and returns the step', () => {
		const clock = new ManualClock('2026-11-23T10:00:10Z');
		const key = generateTotpKey();
		const now = totpStep(clock.now());
		expect(matchTotp(key, totpCode(key, clock.now()), clock, null)).toBe(now);
		expect(matchTotp(key, totpCode(key, new Date(clock.now().getTime() - 30_000)), clock, null)).toBe(now - 1n);
		expect(matchTotp(key, totpCode(key, new Date(clock.now().getTime() + 30_000)), clock, null)).toBe(now + 1n);
		expect(matchTotp(key, totpCode(key, new Date(clock.now().getTime() + 90_000)), clock, null)).toBeNull();
	});

	it('refuses a code from a step already used (no replay)', () => {
		const clock = new ManualClock('2026-11-23T10:00:10Z');
		const key = generateTotpKey();
		const code = totpCode(key, clock.now());
		const step = matchTotp(key, code, clock, null)!;
		expect(matchTotp(key, code, clock, step)).toBeNull();
		clock.advance(30_000);
		expect(matchTotp(key, totpCode(key, clock.now()), clock, step)).toBe(step + 1n);
	});

	it('ignores spaces and refuses anything that is not six digits', () => {
		const clock = new ManualClock();
		const key = generateTotpKey();
		const code = totpCode(key, clock.now());
		expect(matchTotp(key, `${code.slice(0, 3)} ${code.slice(3)}`, clock, null)).not.toBeNull();
		expect(matchTotp(key, 'abcdef', clock, null)).toBeNull();
		expect(matchTotp(key, code + '1', clock, null)).toBeNull();
	});

	it('renders an enrolment QR code and a readable key', () => {
		const key = new Uint8Array(20).fill(1);
		const { qrSvg, manualKey } = totpEnrolment(key, 'a@b.test');
		expect(qrSvg.startsWith('<svg')).toBe(true);
		expect(manualKey).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
	});
});

describe('recovery codes', () => {
	it('are ten distinct, readable codes', () => {
		const codes = generateRecoveryCodes();
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size).toBe(10);
		for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
	});

	it('hash the same however they are typed', () => {
		expect(hashRecoveryCode('ab2c-de3f-gh4j')).toBe(hashRecoveryCode(' AB2C DE3F GH4J '));
		expect(hashRecoveryCode('ab2c-de3f-gh4j')).not.toBe(hashRecoveryCode('ab2c-de3f-gh4k'));
	});
});
