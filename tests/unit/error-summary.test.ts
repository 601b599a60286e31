import { describe, expect, it } from 'vitest';
import { errorSummary } from '../../src/lib/error-summary.ts';

const problem = (message: string, fields: Record<string, string>) => ({ form: 'zaak nieuw', message, fields, values: {} });

describe('errorSummary', () => {
	it('gives a general title when the message only repeats a field message, and lists the fields in order', () => {
		const s = errorSummary(problem('Vul een e-mailadres in.', { email: 'Vul een e-mailadres in.', password: 'Vul uw wachtwoord in.' }));
		expect(s.title).toBe('Niet alles is goed ingevuld. Controleer:');
		expect(s.fields.map((f) => f.name)).toEqual(['email', 'password']);
		expect(s.key).toBe('fout-zaak-nieuw');
	});

	it('keeps a message of its own as the title', () => {
		const s = errorSummary(problem('Het token is niet aangemaakt.', { name: 'Vul een naam in.' }));
		expect(s.title).toBe('Het token is niet aangemaakt.');
		expect(s.fields).toEqual([{ name: 'name', message: 'Vul een naam in.' }]);
	});

	it('shows a refusal without fields as its title only, and does not repeat a form-wide message', () => {
		expect(errorSummary(problem('Deze overdracht is al beantwoord.', {}))).toMatchObject({
			title: 'Deze overdracht is al beantwoord.',
			fields: []
		});
		const s = errorSummary(problem('Kies een tijd in de toekomst.', { form: 'Kies een tijd in de toekomst.', at: 'Te vroeg.' }));
		expect(s.title).toBe('Kies een tijd in de toekomst.');
		expect(s.fields.map((f) => f.name)).toEqual(['at']);
		const general = errorSummary(problem('Vul een datum in.', { form: 'Het gezin is al in zorg.', on: 'Vul een datum in.' }));
		expect(general.fields.map((f) => f.name)).toEqual(['form', 'on']);
	});
});
