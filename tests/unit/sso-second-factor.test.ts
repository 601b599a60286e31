import { describe, expect, it } from 'vitest';
import { providerUsedSecondFactor } from '../../src/lib/server/sso/second-factor.ts';

describe('whether the identity provider used a second factor', () => {
	it('counts the amr values mfa, otp, hwk and swk, in any case', () => {
		for (const amr of [['pwd', 'mfa'], ['otp'], ['HWK'], ['pwd', 'swk']])
			expect(providerUsedSecondFactor({ amr }, []), amr.join()).toBe(true);
	});
	it('counts an acr value only when the organisation marked it as multi-factor', () => {
		expect(providerUsedSecondFactor({ acr: 'urn:x:mfa' }, ['urn:x:mfa'])).toBe(true);
		expect(providerUsedSecondFactor({ acr: 'urn:x:mfa' }, [])).toBe(false);
		expect(providerUsedSecondFactor({ acr: 'urn:x:pwd', amr: ['pwd'] }, ['urn:x:mfa'])).toBe(false);
	});
	it('says no to missing or malformed claims', () => {
		expect(providerUsedSecondFactor({}, ['urn:x:mfa'])).toBe(false);
		expect(providerUsedSecondFactor({ amr: 'otp' }, [])).toBe(false); // amr must be an array
		expect(providerUsedSecondFactor({ amr: [1, null, { otp: true }] }, [])).toBe(false);
		expect(providerUsedSecondFactor({ acr: ['urn:x:mfa'] }, ['urn:x:mfa'])).toBe(false);
	});
});
