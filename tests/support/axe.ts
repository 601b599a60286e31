import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeResult {
	violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/**
 * The WCAG 2.1 A/AA violations axe-core finds on the page as it is now, one line each
 * ("impact rule: help (selectors)"). axe-core is injected with addScriptTag (@axe-core/playwright
 * needs a newer Node than ours).
 */
export async function axeViolations(page: Page): Promise<string[]> {
	if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
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

/** How many CSS pixels the page is wider than the window: 0 when nothing scrolls sideways (WCAG 1.4.10). */
export function horizontalOverflow(page: Page): Promise<number> {
	return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth));
}
