import type { FormProblem } from './forms.ts';

/** One line of the error summary once the page knows the field: the control's id (null when absent) and the text. */
export interface SummaryLink {
	id: string | null;
	text: string;
}

/** What the error summary shows for a failed form: a title and each field's message, in the form's order. */
export interface ErrorSummaryContent {
	key: string;
	title: string;
	fields: { name: string; message: string }[];
}

/**
 * The content of the error summary: the failure's message as its title, unless that message only
 * repeats a field's own message (the default when the input does not parse); then a general title.
 * A message for the form as a whole (field "form") is listed without a link.
 */
export function errorSummary(problem: FormProblem): ErrorSummaryContent {
	const fields = Object.entries(problem.fields)
		.filter(([, message]) => message)
		.map(([name, message]) => ({ name, message }));
	const repeats = fields.some((f) => f.name !== 'form' && f.message === problem.message);
	const title = repeats ? 'Niet alles is goed ingevuld. Controleer:' : problem.message;
	return {
		key: `fout-${problem.form.replace(/[^\w-]/g, '-')}`,
		title,
		fields: fields.filter((f) => !(f.name === 'form' && f.message === title))
	};
}
