import type { SubmitFunction } from '@sveltejs/kit';
import { focusSoon } from '$lib/focus';

/**
 * use:enhance for the tafel's forms. A failure leaves the form as typed and its ErrorSummary takes
 * the focus; after a success the focus moves to the changed section, the element `target(sent form
 * data)` names (a heading with tabindex -1), so keyboard and screen-reader users keep their place
 * while the confirmation is announced in the page's live region. `reset` clears the form after a
 * success (forms that add something); forms whose button disappears keep it.
 */
export function thenFocus(target: (sent: FormData) => string | null | undefined, reset = false): SubmitFunction {
	return ({ formData }) =>
		async ({ update, result }) => {
			await update({ reset });
			if (result.type !== 'success') return;
			const id = target(formData);
			if (id) focusSoon(id);
		};
}
