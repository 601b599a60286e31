import { describe, expect, it } from 'vitest';
import { throttleAddress } from '../../src/lib/server/auth/address.ts';
import { DEVICE_TRUST_DAYS, issueDeviceCookie, trustedDeviceId } from '../../src/lib/server/auth/device.ts';
import { refusalMessage, refusalStatus, retryAfterHeader } from '../../src/lib/server/auth/throttle.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { parseEnv } from '../../src/lib/server/env.ts';

const USER = '0b5b4a4e-8d0c-4a8e-9a7e-3f1f6c2d9e11';
const OTHER = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

describe('throttleAddress', () => {
	it.each([
		['192.0.2.7', '192.0.2.7'],
		['::ffff:192.0.2.7', '192.0.2.7'],
		['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
		['2001:db8:1:2::9', '2001:db8:1:2::/64'],
		['2001:DB8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
		['2001:db8::1', '2001:db8:0:0::/64'],
		['::1', '0:0:0:0::/64'],
		['fe80::1%eth0', 'fe80:0:0:0::/64'],
		['unknown', 'unknown']
	])('counts %s as %s', (ip, expected) => {
		expect(throttleAddress(ip)).toBe(expected);
	});
});

describe('device cookies', () => {
	it('are trusted only for the user they were issued to, untampered and not too old', () => {
		const clock = new ManualClock();
		const cookie = issueDeviceCookie(USER, clock);
		expect(cookie.expiresAt.getTime()).toBe(Math.floor(clock.now().getTime() / 1000) * 1000 + DEVICE_TRUST_DAYS * 86_400_000);
		const id = trustedDeviceId(cookie.value, USER, clock);
		expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(trustedDeviceId(issueDeviceCookie(USER, clock).value, USER, clock)).not.toBe(id);

		expect(trustedDeviceId(cookie.value, OTHER, clock)).toBeNull();
		expect(trustedDeviceId(cookie.value, null, clock)).toBeNull();
		expect(trustedDeviceId(null, USER, clock)).toBeNull();
		const parts = cookie.value.split('.');
		const forged = [parts[0], OTHER, ...parts.slice(2)].join('.');
		expect(trustedDeviceId(forged, OTHER, clock), 'another user id under the same signature').toBeNull();
		const flipped = [...parts.slice(0, 4), (parts[4][0] === 'A' ? 'B' : 'A') + parts[4].slice(1)].join('.');
		expect(trustedDeviceId(flipped, USER, clock)).toBeNull();
		expect(trustedDeviceId(`${cookie.value}.x`, USER, clock)).toBeNull();
		expect(trustedDeviceId('d1.' + 'x'.repeat(300), USER, clock)).toBeNull();

		clock.advance(DEVICE_TRUST_DAYS * 86_400_000 - 60_000);
		expect(trustedDeviceId(cookie.value, USER, clock)).toBe(id);
		clock.advance(60_000);
		expect(trustedDeviceId(cookie.value, USER, clock)).toBeNull();
	});
});

describe('refusals', () => {
	it('say in Dutch why and for how long, with the right status', () => {
		const throttled = { ok: false as const, reason: 'throttled' as const, retryAfterSeconds: 180 };
		const unavailable = { ok: false as const, reason: 'unavailable' as const };
		expect(refusalMessage(throttled, 'sign_in')).toBe('Te veel mislukte inlogpogingen. Probeer het over 3 minuten opnieuw.');
		expect(refusalMessage(throttled, 'code')).toBe('Te veel onjuiste codes. Probeer het over 3 minuten opnieuw.');
		expect(refusalMessage(unavailable, 'sign_in')).toBe(
			'Inloggen lukt nu even niet door een storing bij Ketentafel. Probeer het over een paar minuten opnieuw.'
		);
		expect(refusalMessage(unavailable, 'code')).toMatch(/^Uw code controleren lukt nu even niet door een storing/);
		expect([refusalStatus(throttled), refusalStatus(unavailable)]).toEqual([429, 503]);
		expect(retryAfterHeader(throttled)).toEqual({ 'retry-after': '180' });
	});
});

describe('SESSION_MAX_HOURS', () => {
	it('defaults to one working day and must be positive', () => {
		expect(parseEnv({}).SESSION_MAX_HOURS).toBe(10);
		expect(parseEnv({ SESSION_MAX_HOURS: '12' }).SESSION_MAX_HOURS).toBe(12);
		expect(() => parseEnv({ SESSION_MAX_HOURS: '0' })).toThrow(/^SESSION_MAX_HOURS must be greater than 0/);
	});
});
