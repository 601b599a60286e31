import { amsterdamDay } from '../workdays.ts';
import type { RetentionReport } from './run.ts';

const moment = (at: Date) =>
	new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', dateStyle: 'short', timeStyle: 'short' }).format(at);

/** A run as a plain-text table for the command line: per kind what is (or would be) done, how many, since when. */
export function formatRetentionReport(report: RetentionReport): string {
	const heading = report.dryRun
		? `retention dry run at ${moment(report.at)} (Europe/Amsterdam): nothing was changed; a run now would do this`
		: `retention applied at ${moment(report.at)} (Europe/Amsterdam)`;
	const verb = (effect: string) => (report.dryRun ? (effect === 'deleted' ? 'delete' : 'pseudonymise') : effect);
	const rows = [
		['kind', report.dryRun ? 'would' : 'done', 'rows', 'period started before', 'oldest'],
		...report.kinds.map((k) => [k.kind, verb(k.effect), String(k.count), moment(k.before), k.oldest ? amsterdamDay(k.oldest) : '–'])
	];
	const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
	const line = (r: string[]) =>
		r
			.map((cell, i) => (i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
			.join('  ')
			.trimEnd();
	return [heading, '', ...rows.map(line)].join('\n');
}
