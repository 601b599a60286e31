import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './processes.ts';

export interface OwnRedis {
	url: string;
	/** FLUSHALL on this server only (never on the shared one). */
	flush(): Promise<void>;
	/** Stops the server as an outage would (the port stays this server's: `up` starts it again). */
	down(): Promise<void>;
	/** Starts the server again on the same port after `down`, empty. */
	up(): Promise<void>;
	stop(): Promise<void>;
}

/** A throwaway redis-server on a free loopback port (or the given one, to start it again), without persistence. */
export async function startOwnRedis(onPort?: number): Promise<OwnRedis> {
	const port = onPort ?? (await freePort());
	const url = `redis://127.0.0.1:${port}/0`;
	let child: ChildProcess | undefined;
	let admin: Redis | undefined;

	const up = async () => {
		child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
		for (let i = 0; ; i++) {
			admin = new Redis(url, { protocol: 2, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
			admin.on('error', () => undefined);
			try {
				await admin.connect();
				await admin.ping();
				return;
			} catch (error) {
				admin.disconnect();
				if (i > 50) throw error;
				await new Promise((r) => setTimeout(r, 100)); // the server is starting: poll, bounded
			}
		}
	};
	const down = async () => {
		admin?.disconnect();
		const running = child;
		if (running && running.exitCode === null && running.signalCode === null) {
			const exited = new Promise((r) => running.once('exit', r));
			running.kill('SIGTERM');
			await exited;
		}
	};

	await up();
	return {
		url,
		flush: async () => {
			await admin!.flushall();
		},
		down,
		up,
		stop: down
	};
}
