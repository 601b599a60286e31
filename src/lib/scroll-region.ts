/**
 * Svelte action for a box that scrolls sideways when its content (a table, code) is wider than the
 * screen: while it overflows it is a named region in the tab order, so keyboard users can scroll it
 * (WCAG 2.1.1, axe's scrollable-region-focusable); when everything fits it is a plain box again, so
 * narrow and wide screens do not get needless tab stops or landmarks.
 */
export function scrollRegion(node: HTMLElement, label?: string) {
	let name = label;
	/** Its own label, else its table's caption, else the heading of its section. */
	const nameOf = () =>
		name ??
		node.querySelector('caption')?.textContent?.trim() ??
		node.closest('section')?.querySelector('h1, h2, h3, h4')?.textContent?.trim() ??
		'Tabel';
	const update = () => {
		if (node.scrollWidth > node.clientWidth + 1) {
			node.setAttribute('role', 'region');
			node.setAttribute('aria-label', `${nameOf()} (schuif horizontaal)`);
			node.tabIndex = 0;
		} else {
			node.removeAttribute('role');
			node.removeAttribute('aria-label');
			node.removeAttribute('tabindex');
		}
	};
	const observer = new ResizeObserver(update);
	observer.observe(node);
	if (node.firstElementChild) observer.observe(node.firstElementChild);
	update();
	return {
		update(next?: string) {
			name = next;
			update();
		},
		destroy() {
			observer.disconnect();
		}
	};
}
