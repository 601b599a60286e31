import { caseFormFromRaw, type CaseFormValues } from '../../case-form.ts';
import { formToObject, formFields } from '../validation/form-data.ts';
import { caseInputSchema, type CaseInput } from './schema.ts';

/** Parses the case form; always returns the values to show again, and the input or the field messages. */
export async function parseCaseForm(
	request: Request
): Promise<{ values: CaseFormValues } & ({ ok: true; input: CaseInput } | { ok: false; fields: Record<string, string> })> {
	const raw = formToObject(await request.formData());
	const values = caseFormFromRaw(raw);
	const parsed = caseInputSchema.safeParse(raw);
	if (parsed.success) return { ok: true, input: parsed.data, values };
	return { ok: false, values, fields: formFields(parsed.error.issues) };
}
