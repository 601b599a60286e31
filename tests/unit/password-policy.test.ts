import { describe, expect, it } from 'vitest';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../src/lib/server/auth/password-policy.ts';

describe('the password policy', () => {
	it.each([
		['kort-1', /minstens 12 tekens/],
		['password1234', /veelgebruikte wachtwoorden/],
		['qwertyuiop123', /veelgebruikte wachtwoorden/],
		['Wachtwoord123!', /veelgebruikte wachtwoorden/],
		['Welkom2026welkom', /veelgebruikte wachtwoorden/],
		['Haarlem2026!!', /veelgebruikte wachtwoorden/],
		['aaaaaaaaaaaaaaaa', /veelgebruikte wachtwoorden/],
		['FemkeDijkhuis1990', /uw naam/],
		['f.dijkhuis-2026!', /uw naam/],
		['CJG-Kennemerland-2026', /uw naam, e-mailadres of organisatie/],
		['x'.repeat(201), /hoogstens 200/]
	])('refuses %s', async (password, message) => {
		expect(
			await passwordProblem(password, { name: 'Femke Dijkhuis', email: 'f.dijkhuis@cjg.test', organisation: 'CJG Kennemerland' })
		).toMatch(message);
	});

	it.each(['Stroopwafel-Kanaal-Fiets-42', 'fietsen langs het spaarne in de regen', 'Tulpenveld-Molen-Regenjas-8'])(
		'accepts %s',
		async (password) => {
			expect(
				await passwordProblem(password, { name: 'Femke Dijkhuis', email: 'f.dijkhuis@cjg.test', organisation: 'CJG Kennemerland' })
			).toBeNull();
		}
	);

	it('asks for at least twelve characters', () => {
		expect(MIN_PASSWORD_LENGTH).toBe(12);
	});
});
