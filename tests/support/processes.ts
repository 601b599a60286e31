import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

export interface Started {
	child: ChildProcess;
	output: () => string;
	stop: () => Promise<void>;
}

/** Starts a TypeScript entry (server.ts, workers/index.ts) with tsx and extra environment. */
export function startProcess(entry: string, env: Record<string, string>): Started {
	let log = '';
	const child = spawn(process.execPath, ['--import', 'tsx', entry], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (d) => (log += d));
	child.stderr?.on('data', (d) => (log += d));
	return {
		child,
		output: () => log,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null || child.signalCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

/** Waits until GET url answers 200 (polling, bounded), or the process exits. */
export async function waitForHttp(url: string, started: Started, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (started.child.exitCode !== null) throw new Error(`process exited early:\n${started.output()}`);
		try {
			const response = await fetch(url);
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`no answer from ${url} within ${timeoutMs} ms:\n${started.output()}`);
}
