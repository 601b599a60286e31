import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isActionFailure } from '@sveltejs/kit';
import { failureFrom, formAction, formFields, formToObject, parseForm, sentValues } from '../../src/lib/server/forms.ts';
import { issuesToFields } from '../../src/lib/server/validation/issues.ts';
import { issuesToFields as apiIssuesToFields } from '../../src/lib/server/api/http.ts';
import { ConflictError, InputError } from '../../src/lib/server/errors.ts';
import { problemOf, sent, sentAll } from '../../src/lib/forms.ts';

function post(fields: [string, string][]): Request {
	const body = new URLSearchParams(fields);
	return new Request('http://localhost/x', { method: 'POST', body });
}

const noteSchema = z.object({
	note: z.string().min(3, { error: 'Schrijf minstens drie tekens.' }),
	password: z.string().min(1)
});

describe('form protocol', () => {
	it('answers invalid input with the one failure shape: form, message, fields, values without secrets', async () => {
		const result = await formAction(
			post([
				['note', 'x'],
				['password', 'geheim-wachtwoord'],
				['repeat', 'geheim']
			]),
			{
				form: 'notitie',
				schema: noteSchema,
				invalid: 'Controleer de notitie.',
				run: async () => 'never',
				done: 'Opgeslagen.'
			}
		);
		expect(isActionFailure(result)).toBe(true);
		if (!isActionFailure(result)) return;
		expect(result.status).toBe(400);
		expect(result.data).toEqual({
			form: 'notitie',
			message: 'Controleer de notitie.',
			fields: { note: 'Schrijf minstens drie tekens.' },
			values: { note: 'x' }
		});
		expect(JSON.stringify(result.data)).not.toContain('geheim');
	});

	it('uses the first field message when the action names no message', async () => {
		const parsed = await parseForm(post([]), { form: 'f', schema: z.object({ a: z.string({ error: 'Vul a in.' }) }) });
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.failure.data.message).toBe('Vul a in.');
	});

	it('gives zod messages in Dutch where the schema has none of its own', async () => {
		const parsed = await parseForm(post([['email', 'nee']]), { form: 'f', schema: z.object({ email: z.email(), count: z.number() }) });
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.failure.data.fields.email).toMatch(/^Ongeldig/);
		expect(parsed.failure.data.fields.count).toMatch(/^Ongeldige invoer/);
	});

	it('maps service errors: InputError 400 with its fields, ConflictError 409, others rethrown', () => {
		const input = failureFrom(new InputError('Kies een datum.', { dueOn: 'Te vroeg.' }), 'stap', { dueOn: '2020-01-01' });
		expect(input.status).toBe(400);
		expect(input.data).toEqual({
			form: 'stap',
			message: 'Kies een datum.',
			fields: { dueOn: 'Te vroeg.' },
			values: { dueOn: '2020-01-01' }
		});
		const conflict = failureFrom(new ConflictError('Iemand was u voor.'), 'stap');
		expect(conflict.status).toBe(409);
		expect(conflict.data.message).toBe('Iemand was u voor.');
		expect(() => failureFrom(new Error('boom'), 'stap')).toThrow('boom');
	});

	it('answers a service error with the values sent, and success with the one success shape', async () => {
		const failed = await formAction(
			post([
				['note', 'lang genoeg'],
				['password', 'x']
			]),
			{
				form: 'notitie',
				schema: noteSchema,
				run: async () => {
					throw new ConflictError('De notitie is al gewijzigd.');
				},
				done: 'Opgeslagen.'
			}
		);
		expect(failed).toMatchObject({ status: 409, data: { form: 'notitie', values: { note: 'lang genoeg' } } });

		const ok = await formAction(
			post([
				['note', 'lang genoeg'],
				['password', 'x']
			]),
			{
				form: 'notitie',
				schema: noteSchema,
				run: async (data) => data.note.length,
				done: (length) => ({ saved: `Opgeslagen (${length}).`, confirms: { handoverId: 'h', stamp: 's' } })
			}
		);
		expect(ok).toEqual({ form: 'notitie', saved: 'Opgeslagen (11).', confirms: { handoverId: 'h', stamp: 's' } });
	});

	it('treats a body that is not form data as a form with every field missing', async () => {
		const request = new Request('http://localhost/x', {
			method: 'POST',
			body: '{"note":1}',
			headers: { 'content-type': 'application/json' }
		});
		const parsed = await parseForm(request, { form: 'f', schema: noteSchema });
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.failure.status).toBe(400);
	});
});

describe('field mapping', () => {
	it('names a field by its full path, the root when there is none, and unknown keys one by one', () => {
		const schema = z.strictObject({ persons: z.array(z.object({ label: z.string({ error: 'Naam ontbreekt.' }) })) }).refine(() => false, {
			error: 'Alles klopt niet.'
		});
		const result = schema.safeParse({ persons: [{ label: 'a' }, {}], extra: 1 });
		expect(result.success).toBe(false);
		if (result.success) return;
		expect(issuesToFields(result.error.issues)).toEqual({ 'persons.1.label': 'Naam ontbreekt.', extra: 'Onbekend veld: laat het weg.' });
		const root = z
			.object({})
			.refine(() => false, { error: 'Alles klopt niet.' })
			.safeParse({});
		if (!root.success) {
			expect(issuesToFields(root.error.issues)).toEqual({ form: 'Alles klopt niet.' });
			expect(apiIssuesToFields(root.error.issues)).toEqual({ body: 'Alles klopt niet.' });
		}
	});

	it('puts an index into a repeated form field on the field itself', () => {
		const result = z.object({ roles: z.array(z.enum(['a'], { error: 'Kies een rol.' })) }).safeParse({ roles: ['a', 'b'] });
		if (!result.success) expect(formFields(result.error.issues)).toEqual({ roles: 'Kies een rol.' });
		else expect.unreachable();
	});

	it('reads lists, nested rows and sent values', () => {
		const form = new FormData();
		form.append('roles', 'a');
		form.append('roles', 'b');
		form.append('persons.1.label', 'Moeder');
		form.append('current', 'oud-wachtwoord');
		expect(formToObject(form, ['roles', 'empty'])).toEqual({
			roles: ['a', 'b'],
			empty: [],
			persons: [{}, { label: 'Moeder' }],
			current: 'oud-wachtwoord'
		});
		const values = sentValues(form);
		expect(values).toEqual({ roles: ['a', 'b'], 'persons.1.label': 'Moeder' });
		const problem = problemOf({ form: 'x', message: 'm', fields: {}, values }, 'x');
		expect(sent(problem, 'roles')).toBe('a');
		expect(sentAll(problem, 'roles')).toEqual(['a', 'b']);
		expect(problemOf({ form: 'y', message: 'm', fields: {}, values }, 'x')).toBeNull();
	});
});
