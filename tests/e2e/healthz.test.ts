import { describe, expect, it } from 'vitest';
import { baseUrl } from '../support/browser.ts';

describe('GET /healthz', () => {
	it('answers 200 with PostgreSQL and Redis ok, without a session', async () => {
		const response = await fetch(`${baseUrl()}/healthz`);
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(await response.json()).toEqual({ status: 'ok', postgres: 'ok', redis: 'ok', down: [] });
	});

	it('sends the security headers on every page', async () => {
		const response = await fetch(`${baseUrl()}/inloggen`);
		expect(response.headers.get('x-frame-options')).toBe('DENY');
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		const redirect = await fetch(`${baseUrl()}/`, { redirect: 'manual' });
		expect(redirect.status).toBe(303);
		expect(redirect.headers.get('location')).toBe('/inloggen');
		expect(redirect.headers.get('x-frame-options')).toBe('DENY');
	});
});
