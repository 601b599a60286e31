import { env } from '../env.ts';
import { runOrExit } from '../startup.ts';
import { closeDb, db, useStatementTimeout } from '../db/client.ts';
import { scanFreeText, type ScanFinding } from '../validation/scan.ts';

/**
 * `npm run privacy:scan [-- --json]`: lists the stored free texts and person labels that the
 * free-text validator would now refuse: table, record id, column, the kinds of data found and
 * where (index+length), never the text itself. Reads only; exits 0 whatever it finds.
 */
await runOrExit('privacy:scan', async () => {
	useStatementTimeout(env().WORKER_STATEMENT_TIMEOUT_SECONDS);
	const json = process.argv.includes('--json');
	const line = (f: ScanFinding) =>
		json
			? JSON.stringify(f)
			: `${f.table}\t${f.id}\t${f.column}\t${f.kinds.join(',')}\t${f.spans.map((s) => `${s.kind}@${s.index}+${s.length}`).join(' ')}\t(${f.length} chars)`;
	if (!json) console.log('table\tid\tcolumn\tkinds\twhere (kind@index+length)\tlength');
	const started = Date.now();
	const summary = await scanFreeText(db(), (f) => console.log(line(f)));
	await closeDb();
	const text = `${summary.findings} of ${summary.rows} stored texts would now be refused (${summary.columns} columns, ${((Date.now() - started) / 1000).toFixed(1)} s); nothing was changed`;
	if (json) console.error(text);
	else console.log(text);
});
