import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
	violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/**
 * The WCAG 2.1 A/AA violations axe-core finds on the page as it is now, one line each
 * ("impact rule: help (selectors)"). axe-core is injected by the test (@axe-core/playwright
 * needs a newer Node than ours).
 */
export async function axeViolations(page: Page): Promise<string[]> {
	// evaluated through the DevTools protocol, which the portal's Content-Security-Policy does not govern
	// (addScriptTag would be an inline script the policy refuses)
	if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
	const result = (await page.evaluate(() =>
		(window as unknown as { axe: { run(ctx: Document, opts: object): Promise<unknown> } }).axe.run(document, {
			runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
			resultTypes: ['violations']
		})
	)) as AxeResult;
	return result.violations.map(
		(v) =>
			`${v.impact ?? 'unknown'} ${v.id}: ${v.help} (${v.nodes
				.map((n) => n.target.join(' '))
				.slice(0, 3)
				.join(', ')})`
	);
}

/**
 * How many CSS pixels the page is wider than the window: 0 when nothing scrolls sideways (WCAG 1.4.10).
 * One pixel is sub-pixel rounding of the layout, not content out of reach.
 */
export function horizontalOverflow(page: Page): Promise<number> {
	return page.evaluate(() => {
		const over = document.documentElement.scrollWidth - document.documentElement.clientWidth;
		return over > 1 ? over : 0;
	});
}

/** The innermost elements that stick out past the window's right edge (for a failure message). */
export function overflowCulprits(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const width = document.documentElement.clientWidth;
		const out: string[] = [];
		for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
			const box = el.getBoundingClientRect();
			if (box.right <= width + 1 || box.width === 0) continue;
			if (Array.from(el.children).some((c) => c.getBoundingClientRect().right > width + 1)) continue;
			let hidden = false;
			for (let p = el.parentElement; p; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') hidden = true;
			if (hidden) continue;
			const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).slice(0, 2).join('.')}` : '';
			out.push(`${el.tagName.toLowerCase()}${cls} (${Math.round(box.right)} px: "${(el.textContent ?? '').trim().slice(0, 30)}")`);
			if (out.length >= 3) break;
		}
		return out;
	});
}
