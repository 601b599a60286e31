import type { SubmitFunction } from '@sveltejs/kit';

/**
 * use:enhance for the traject's forms. A failure leaves the form as typed and its ErrorSummary takes
 * the focus; after a success the confirmation (an Alert with `focus`, shown in the changed section)
 * takes it by itself. A quick change in a row (a status, a step done) shows no such confirmation: the focus
 * stays on the control that changed. `reset` clears the form after a success (forms that add
 * something); `done` runs after a success (an edit form closes its details).
 */
export function submitted({ reset = false, done }: { reset?: boolean; done?: (form: HTMLFormElement) => void } = {}): SubmitFunction {
	return ({ formElement }) =>
		async ({ update, result }) => {
			await update({ reset });
			if (result.type !== 'success') return;
			done?.(formElement);
		};
}
