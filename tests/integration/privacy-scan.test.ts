import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Sql } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeQueues } from '../../src/lib/server/queues.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { seed } from '../../src/lib/server/seed/seed.ts';
import { seedDemoCases } from '../../src/lib/server/seed/demo.ts';
import { seedHistory } from '../../src/lib/server/seed/history.ts';
import { FREE_TEXT_COLUMNS, scanFreeText, type ScanFinding } from '../../src/lib/server/validation/scan.ts';
import { createTestResources, dropTestResources, type TestResources } from '../support/testdb.ts';
import { setEnv } from '../support/it-helpers.ts';

// A database of its own with the whole demo (the services' seeds and some weeks of generated
// history): its texts must all pass the validator. Then rows with identifying data are written
// straight into every free-text column, and the scan must list exactly those, without the text.

let own: TestResources;
let sql: Sql;
let restoreEnv: () => void;

beforeAll(async () => {
	own = await createTestResources('privacy_scan');
	restoreEnv = setEnv({ DATABASE_URL: own.databaseUrl, REDIS_PREFIX: own.redisPrefix });
	sql = connect(own.databaseUrl, 4);
	await seed(sql, 'test');
	await seedDemoCases(sql);
	await seedHistory(sql, new Date(), { weeks: 8 });
}, 180_000);

afterAll(async () => {
	await Promise.allSettled([closeQueues(), closeDetachedRealtime(), closeRedis(), sql?.end()]);
	restoreEnv?.();
	if (own) await dropTestResources(own);
});

async function scan(): Promise<ScanFinding[]> {
	const found: ScanFinding[] = [];
	await scanFreeText(sql, (f) => found.push(f), 250);
	return found;
}

/** A fingerprint of every free-text value, to show the scan changed nothing. */
async function fingerprint(): Promise<string> {
	const parts = await Promise.all(
		FREE_TEXT_COLUMNS.map(async (c) => {
			const [row] = await sql.unsafe<{ md5: string | null }[]>(
				`select md5(string_agg(coalesce(${c.column}, '∅'), '|' order by ctid)) as md5 from ${c.table}`
			);
			return `${c.table}.${c.column}:${row.md5}`;
		})
	);
	return parts.join('\n');
}

/** Runs the CLI against the test database; resolves with its exit code and output. */
function runCli(args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'src/lib/server/cli/privacy-scan.ts', ...args], {
			env: { ...process.env, DATABASE_URL: own.databaseUrl, REDIS_PREFIX: own.redisPrefix, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
		child.on('error', reject);
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

describe('privacy:scan', () => {
	it('finds nothing in the demo: every seeded text and person label passes the new rules', async () => {
		const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from cases`;
		expect(n).toBeGreaterThan(100);
		expect(await scan()).toEqual([]);
	});

	it('lists rows written straight into the database with each kind of identifying data, only those, and changes nothing', async () => {
		const one = async (query: Promise<{ id: string }[]>, what: string) => {
			const [row] = await query;
			if (!row) throw new Error(`the demo has no ${what}`);
			return row.id;
		};
		// rows the demo does not have: a proposal at the tafel, a reopening, an API token
		const [vtUser] = await sql<{ id: string; orgId: string }[]>`
			select u.id, m.organisation_id as org_id from users u join memberships m on m.user_id = u.id where u.email = 'vt.coordinator@ketentafel.test' limit 1`;
		const itemId = await one(sql`select id from table_items limit 1`, 'agenda item');
		const caseId = await one(sql`select id from cases where closed_at is not null limit 1`, 'closed case');
		const [proposal] = await sql<{ id: string }[]>`
			insert into table_proposals (item_id, proposed_by, proposer_org_id, partner_id, note) values (${itemId}, ${vtUser.id}, ${vtUser.orgId}, ${vtUser.orgId}, 'Graag CJG.') returning id`;
		const [reopening] = await sql<{ id: string }[]>`
			insert into case_reopenings (case_id, reopened_by, reopened_at, reason, closed_at, closed_by, closing_summary, melder_anonymous)
			values (${caseId}, ${vtUser.id}, now(), 'Nieuwe zorgen.', now(), ${vtUser.id}, 'Afgesloten.', true) returning id`;
		const [token] = await sql<{ id: string }[]>`
			insert into api_tokens (organisation_id, name, token_hash, scopes) values (${vtUser.orgId}, 'Registratiesysteem', ${randomBytes(16).toString('hex')}, '{handovers:read}') returning id`;
		// where each column gets its planted value: the record's id expression and a filter that finds a row allowed to hold it
		const rowOf: Record<string, { id: string; where: string }> = {
			cases: { id: 'id', where: 'closed_at is not null' },
			case_persons: { id: 'id', where: 'true' },
			handovers: { id: 'id', where: 'true' },
			warm_handovers: { id: 'handover_id', where: 'true' },
			table_proposals: { id: 'id', where: `id = '${proposal.id}'` },
			table_items: { id: 'id', where: 'true' },
			trajectory_conditions: { id: 'id', where: 'true' },
			trajectory_steps: { id: 'id', where: 'true' },
			safety_checkins: { id: 'id', where: 'recorded_at is not null' },
			monitoring_moments: { id: 'id', where: 'recorded_at is not null' },
			monitoring_person_outcomes: { id: "moment_id::text || '/' || position", where: 'true' },
			case_reopenings: { id: 'id', where: `id = '${reopening.id}'` },
			api_tokens: { id: 'id', where: `id = '${token.id}'` }
		};
		const samples: [string, ScanFinding['kinds'][number]][] = [
			['Moeder heeft BSN 123 456 782.', 'bsn'],
			['Bereikbaar op 06-1234 5678.', 'phone'],
			['Mail naar moeder@voorbeeld.nl.', 'email'],
			['Woont op 2011 AB 12.', 'address'],
			['Kind 1 is geboren op 12-03-2015.', 'birthdate']
		];
		const planted: { table: string; id: string; column: string; kind: string; text: string }[] = [];
		for (const [i, c] of FREE_TEXT_COLUMNS.entries()) {
			const [text, kind] = c.kind === 'label' ? (['Jan de Vries', 'label'] as const) : samples[i % samples.length];
			const { id, where } = rowOf[c.table];
			// a row not planted yet in this column (several columns of one table may share a row)
			const [{ n }] = await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${c.table} where ${where}`);
			const [row] = await sql.unsafe<{ id: string }[]>(
				`update ${c.table} set ${c.column} = $1 where ctid = (select ctid from ${c.table} where ${where} order by ${id} offset ${i % Math.max(1, Math.min(3, n))} limit 1) returning ${id}::text as id`,
				[text]
			);
			if (!row) throw new Error(`no row to plant in ${c.table}.${c.column}`);
			planted.push({ table: c.table, id: row.id, column: c.column, kind, text });
		}
		expect(new Set(planted.map((p) => p.kind))).toEqual(new Set(['bsn', 'phone', 'email', 'address', 'birthdate', 'label']));

		const before = await fingerprint();
		const found = await scan();
		expect(await fingerprint()).toBe(before);
		const key = (f: { table: string; id: string; column: string }) => `${f.table}/${f.column}/${f.id}`;
		expect(found.map((f) => `${key(f)}=${f.kinds.join(',')}`).sort()).toEqual(planted.map((p) => `${key(p)}=${p.kind}`).sort());
		for (const f of found) {
			const text = planted.find((p) => key(p) === key(f))!.text;
			expect(f.length).toBe(text.length);
			for (const s of f.spans) expect(s.index + s.length).toBeLessThanOrEqual(text.length);
		}

		// the command: same rows, kinds and positions, never the text, exit code 0
		const cli = await runCli();
		expect(cli.code, cli.stderr).toBe(0);
		for (const p of planted) {
			expect(cli.stdout).toContain(`${p.table}\t${p.id}\t${p.column}\t${p.kind}\t`);
			expect(cli.stdout).not.toContain(p.text);
		}
		expect(cli.stdout).not.toMatch(/123 456 782|06-1234 5678|moeder@voorbeeld|2011 AB|12-03-2015|Jan de Vries/);
		expect(cli.stdout).toContain(`${planted.length} of `);
		const asJson = await runCli(['--json']);
		expect(asJson.code, asJson.stderr).toBe(0);
		const lines = asJson.stdout
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l) as ScanFinding);
		expect(lines.map(key).sort()).toEqual(planted.map(key).sort());
		expect(await fingerprint()).toBe(before);
	}, 120_000);
});
