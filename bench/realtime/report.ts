import os from 'node:os';
import type { RunOptions, RunReport, SizeResult } from './run.ts';
import { formatTable, ms, triple } from './stats.ts';

/** The issue's targets: p95 under 50 ms at 1000 clients and at most 1.5× the bare broadcast. */
export const TARGET = { clients: 1000, p95Ms: 50, ratio: 1.5 };

const ratioOf = (r: SizeResult) => r.ketentafel.p95 / r.bare.p95;

/** The 1, 5 and 15 minute load averages as "a b c". */
export function loadAverage(): string {
	return os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');
}

/** Cores, CPU model, memory, Node and OS: the machine the figures belong to. */
export function machineLine(): string {
	const cpus = os.cpus();
	return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()} ${os.arch()}`;
}

function targetLines(results: SizeResult[]): string[] {
	const at = results.find((r) => r.clients === TARGET.clients);
	if (!at) return [`Targets apply at ${TARGET.clients} clients, which this run did not measure.`];
	const p95Met = at.ketentafel.p95 < TARGET.p95Ms;
	const ratioMet = ratioOf(at) <= TARGET.ratio;
	return [
		`Targets at ${TARGET.clients} clients:`,
		`  p95 < ${TARGET.p95Ms} ms              ${ms(at.ketentafel.p95)} ms   ${p95Met ? 'MET' : 'NOT MET'}`,
		`  p95 <= ${TARGET.ratio}x bare p95      ${ratioOf(at).toFixed(2)}x      ${ratioMet ? 'MET' : 'NOT MET'}`
	];
}

/** The printed result: setup, the latency table, a breakdown, and whether the targets are met. */
export function formatReport(report: RunReport, options: RunOptions, loadAtStart: string): string {
	const main = formatTable(
		['clients', 'ketentafel p50 / p95 / p99 (ms)', 'bare p50 / p95 / p99 (ms)', 'ratio p95'],
		report.results.map((r) => [String(r.clients), triple(r.ketentafel), triple(r.bare), ratioOf(r).toFixed(2)])
	);
	const breakdown = formatTable(
		[
			'clients',
			'accept call p50 / p95 / p99 (ms)',
			'fan-out after it p50 / p95 / p99 (ms)',
			'presence msgs while connecting',
			'connect+settle (s)'
		],
		report.results.map((r) => [
			String(r.clients),
			triple(r.answer),
			triple(r.fanout),
			String(r.presenceMessages),
			r.connectSeconds.toFixed(1)
		])
	);
	const cpuNames = Object.keys(report.results[0]?.cpu.processes ?? {});
	const percent = (v: number | null) => (v === null ? '-' : v.toFixed(0));
	const rest = (r: SizeResult) => {
		const listed = Object.values(r.cpu.processes);
		if (r.cpu.machineBusy === null || listed.includes(null)) return null;
		return Math.max(0, r.cpu.machineBusy * os.cpus().length - listed.reduce((sum, v) => sum! + v!, 0)!);
	};
	const cpu = formatTable(
		['clients', ...cpuNames, 'rest (postgres, other work)', `machine busy (% of ${os.cpus().length} cores)`],
		report.results.map((r) => [
			String(r.clients),
			...cpuNames.map((n) => percent(r.cpu.processes[n])),
			percent(rest(r)),
			percent(r.cpu.machineBusy)
		])
	);
	const [a, b] = report.portals;
	return [
		'Realtime latency: accept -> every subscribed partner client has the event',
		'',
		`machine:  ${machineLine()}`,
		`load:     ${loadAtStart} at the start, ${loadAverage()} at the end (1/5/15 min; other work on the machine skews the figures)`,
		`services: PostgreSQL ${report.services.postgres}, Redis ${report.services.redis} (both local)`,
		`setup:    portal A ${a.url} and portal B ${b.url}: separate child processes, each the portal's attachRealtime`,
		`          (Redis adapter, session handshake, presence); bare Socket.IO server ${report.bare.url}: one child process,`,
		'          no adapter, no auth. Clients: socket.io-client (websocket only), all in the benchmark process,',
		'          Ketentafel clients split evenly over A and B, each with its own session of one of',
		`          ${options.users} CJG users. Accept = answerHandover(accept) called in the benchmark process`,
		'          (transaction, audit row, event row, then published through the Redis adapter to both portals).',
		'          Bare = io.emit of the same event object, triggered over IPC from the benchmark process.',
		`          Latency = performance.now() in the last client's handler minus t0 just before the call / IPC send.`,
		`rounds:   ${options.rounds} measured + ${options.warmup} warm-up per size, Ketentafel and bare alternating;`,
		`          nearest-rank percentiles${options.rounds < 100 ? ` (with ${options.rounds} rounds p99 is the slowest round)` : ''}.`,
		'',
		main,
		'',
		'Breakdown (Ketentafel): accept call = until answerHandover resolved (DB transaction + audit + publish call);',
		'fan-out = from then until the last client had the event.',
		'',
		breakdown,
		'',
		'CPU during the measured rounds (both kinds), % of one core; the benchmark process holds all clients.',
		'',
		cpu,
		'',
		...targetLines(report.results)
	].join('\n');
}
