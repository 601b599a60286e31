import { env } from './env.ts';

/** The security headers every response of the portal carries (pages, API and the queue board). */
export function securityHeaders(): Record<string, string> {
	return {
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'same-origin',
		'x-frame-options': 'DENY',
		'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
		'cross-origin-opener-policy': 'same-origin',
		...(env().production ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {})
	};
}
