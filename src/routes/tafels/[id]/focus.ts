import { tick } from 'svelte';
import type { SubmitFunction } from '@sveltejs/kit';

/**
 * use:enhance for tafel forms whose button disappears after success (open, next item, decide):
 * after the page updated, focus moves to the element `target(sent form data)` names (a heading with
 * tabindex -1), so keyboard and screen-reader users keep their place.
 */
export function thenFocus(target: (sent: FormData) => string | null | undefined): SubmitFunction {
	return ({ formData }) =>
		async ({ update, result }) => {
			await update();
			if (result.type !== 'success') return;
			await tick();
			const id = target(formData);
			if (id) document.getElementById(id)?.focus();
		};
}
