import { flushSync } from 'svelte';

/**
 * Whether the page is being printed (or emulated as print). The charts draw at a fixed print width
 * then, so that their text keeps its size on paper (at least 9 pt) instead of being scaled down
 * from the width they had on a wide screen.
 */
let printing = $state(false);

if (typeof window !== 'undefined' && typeof window.matchMedia === 'function') {
	const query = window.matchMedia('print');
	printing = query.matches;
	const set = (value: boolean) => {
		if (printing === value) return;
		printing = value;
		flushSync(); // before the browser lays the page out for print
	};
	query.addEventListener('change', (e) => set(e.matches));
	window.addEventListener('beforeprint', () => set(true));
	window.addEventListener('afterprint', () => set(query.matches));
}

export const print = {
	get active() {
		return printing;
	}
};

/**
 * The width (in CSS px) charts are drawn at in print: the A4 text width is about 700 px, so a
 * chart's 12 px text prints at about 9,5 pt.
 */
export const PRINT_WIDTH = 660;
