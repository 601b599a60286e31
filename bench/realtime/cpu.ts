import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** CPU use over an interval: per watched process in % of one core, and the whole machine's busy %. */
export interface CpuUse {
	processes: Record<string, number | null>;
	machineBusy: number | null;
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
	if (ticksPerSecond === undefined) {
		try {
			ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
		} catch {
			ticksPerSecond = 100;
		}
	}
	return ticksPerSecond;
}

/** User + system CPU seconds of a process from /proc (Linux); null elsewhere or once it is gone. */
function processSeconds(pid: number): number | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / clockTicks();
	} catch {
		return null;
	}
}

/** Busy and total jiffies of all cores from /proc/stat; null where there is none. */
function machineTicks(): { busy: number; total: number } | null {
	try {
		const [line] = readFileSync('/proc/stat', 'utf8').split('\n');
		const values = line.trim().split(/\s+/).slice(1).map(Number);
		const total = values.reduce((a, b) => a + b, 0);
		const idle = values[3] + (values[4] ?? 0);
		return { busy: total - idle, total };
	} catch {
		return null;
	}
}

/** Starts measuring the named processes and the machine; call the result to get the use since. */
export function startCpuMeter(pids: Record<string, number>): () => CpuUse {
	const startedAt = performance.now();
	const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processSeconds(pid)]));
	const machineBefore = machineTicks();
	return () => {
		const seconds = (performance.now() - startedAt) / 1000;
		const processes: Record<string, number | null> = {};
		for (const [name, pid] of Object.entries(pids)) {
			const now = processSeconds(pid);
			const then = before[name];
			processes[name] = now === null || then === null || seconds <= 0 ? null : (100 * (now - then)) / seconds;
		}
		const machineAfter = machineTicks();
		const machineBusy =
			machineBefore && machineAfter && machineAfter.total > machineBefore.total
				? (100 * (machineAfter.busy - machineBefore.busy)) / (machineAfter.total - machineBefore.total)
				: null;
		return { processes, machineBusy };
	};
}
