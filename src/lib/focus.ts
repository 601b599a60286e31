import { tick } from 'svelte';

/** Moves focus to the element with this id once the page has updated (after a submit, to its result or first error). */
export function focusSoon(id: string): void {
	void tick().then(() => document.getElementById(id)?.focus());
}
