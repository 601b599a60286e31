import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './processes.ts';

export interface OwnRedis {
	url: string;
	/** FLUSHALL on this server only (never on the shared one). */
	flush(): Promise<void>;
	stop(): Promise<void>;
}

/** A throwaway redis-server on a free loopback port (or the given one, to restart it), without persistence. */
export async function startOwnRedis(onPort?: number): Promise<OwnRedis> {
	const port = onPort ?? (await freePort());
	const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
	const url = `redis://127.0.0.1:${port}/0`;
	let admin: Redis;
	for (let i = 0; ; i++) {
		admin = new Redis(url, { protocol: 2, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
		admin.on('error', () => undefined);
		try {
			await admin.connect();
			await admin.ping();
			break;
		} catch (error) {
			admin.disconnect();
			if (i > 50) throw error;
			await new Promise((r) => setTimeout(r, 100)); // the server is starting: poll, bounded
		}
	}
	return {
		url,
		flush: async () => {
			await admin.flushall();
		},
		stop: async () => {
			admin.disconnect();
			if (child.exitCode === null) {
				const exited = new Promise((r) => child.once('exit', r));
				child.kill('SIGTERM');
				await exited;
			}
		}
	};
}
