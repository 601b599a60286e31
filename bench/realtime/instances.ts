import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LiveEvent } from '../../src/lib/realtime/events.ts';

/** What a server process runs: the portal's realtime part (attachRealtime) or a bare Socket.IO server. */
export type InstanceMode = 'portal' | 'bare';

/** Messages from the benchmark to a server process. */
export type ToInstance = { type: 'emit'; event: LiveEvent } | { type: 'stop' };

/** Messages from a server process to the benchmark. */
export type FromInstance = { type: 'ready'; port: number } | { type: 'failed'; message: string } | { type: 'note'; message: string };

/** A server process started by the benchmark. */
export interface Instance {
	name: string;
	url: string;
	pid: number;
	send(message: ToInstance): void;
	stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./instance-main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The last few kilobytes a child wrote, for error messages. */
function captureOutput(child: ChildProcess): () => string {
	let tail = '';
	const keep = (chunk: Buffer) => {
		tail = (tail + chunk.toString()).slice(-4000);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	return () => tail.trim();
}

/** Waits for the child's exit, killing it when it has not gone after graceMs. */
function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
	return new Promise<void>((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
		child.once('exit', () => {
			clearTimeout(kill);
			resolve();
		});
		if (child.connected) child.send({ type: 'stop' } satisfies ToInstance);
		else child.kill('SIGTERM');
	});
}

/**
 * Starts a server process (bench/realtime/instance-main.ts under tsx) listening on 127.0.0.1:port
 * with the given extra environment; resolves when it reports that it listens.
 */
export function startInstance(
	name: string,
	mode: InstanceMode,
	port: number,
	extraEnv: Record<string, string>,
	timeoutMs = 60_000
): Promise<Instance> {
	const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, mode], {
		cwd: ROOT,
		env: { ...process.env, ...extraEnv, PORT: String(port), HOST: '127.0.0.1' },
		stdio: ['ignore', 'pipe', 'pipe', 'ipc']
	});
	const output = captureOutput(child);
	const instance: Instance = {
		name,
		url: `http://127.0.0.1:${port}`,
		pid: child.pid ?? -1,
		send: (message) => {
			if (!child.connected) throw new Error(`${name} (pid ${child.pid}) is gone:\n${output()}`);
			child.send(message);
		},
		stop: () => stopChild(child, 10_000)
	};
	return new Promise<Instance>((resolve, reject) => {
		const fail = (why: string) => {
			clearTimeout(timer);
			child.off('exit', onExit);
			void stopChild(child, 2000);
			reject(new Error(`${name} did not start: ${why}${output() ? `\n${output()}` : ''}`));
		};
		const onExit = (code: number | null) => fail(`exited with ${code}`);
		const timer = setTimeout(() => fail(`no "ready" within ${timeoutMs} ms`), timeoutMs);
		child.once('exit', onExit);
		child.on('message', (message: FromInstance) => {
			if (message.type === 'note') return void process.stderr.write(`  ${name}: ${message.message}\n`);
			if (message.type === 'failed') return fail(message.message);
			if (message.type !== 'ready') return;
			clearTimeout(timer);
			child.off('exit', onExit);
			child.once('exit', (code, signal) => {
				if (code !== 0 && signal !== 'SIGKILL') process.stderr.write(`  ! ${name} exited unexpectedly (${code ?? signal})\n${output()}\n`);
			});
			resolve(instance);
		});
	});
}
