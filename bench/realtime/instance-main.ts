/**
 * One server process of the realtime benchmark, started by bench/realtime/instances.ts.
 *
 *   portal: an HTTP server with the portal's Socket.IO attached exactly as server.ts does it
 *           (attachRealtime: Redis adapter, session handshake, rooms, presence); no SvelteKit
 *           handler, which plays no part in delivering live events.
 *   bare:   a plain Socket.IO server (same transport and ping settings, no adapter, no auth) that
 *           broadcasts whatever the benchmark sends it over IPC to every client.
 *
 * Configuration comes from the environment (PORT, HOST, DATABASE_URL, REDIS_PREFIX, ORIGIN, ...).
 * It stops on a "stop" message or when the benchmark process goes away.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import type { FromInstance, InstanceMode, ToInstance } from './instances.ts';

const mode = process.argv[2] as InstanceMode;
const port = Number(process.env.PORT);
const host = process.env.HOST ?? '127.0.0.1';

function tell(message: FromInstance, then?: () => void): void {
	if (process.send && process.connected) process.send(message, undefined, {}, () => then?.());
	else then?.();
}

/** The portal's realtime server; returns how to close it. */
async function startPortal(http: ReturnType<typeof createServer>): Promise<() => Promise<void>> {
	const { attachRealtime } = await import('../../src/lib/server/realtime/server.ts');
	const { closeDb } = await import('../../src/lib/server/db/client.ts');
	const { closeRedis } = await import('../../src/lib/server/redis.ts');
	const realtime = attachRealtime(http);
	return async () => {
		await realtime.close();
		await Promise.allSettled([closeDb(), closeRedis()]);
	};
}

/** A bare Socket.IO server broadcasting what it is sent; returns how to close it. */
function startBare(http: ReturnType<typeof createServer>): () => Promise<void> {
	const io = new Server(http, { serveClient: false, transports: ['websocket'], pingInterval: 20_000, pingTimeout: 20_000 });
	process.on('message', (message: ToInstance) => {
		if (message.type === 'emit') io.emit('event', message.event);
	});
	return () => new Promise<void>((resolve) => io.close(() => resolve()));
}

function listen(http: ReturnType<typeof createServer>): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		http.once('error', reject);
		http.listen(port, host, () => {
			http.off('error', reject);
			resolve();
		});
	});
}

async function main(): Promise<void> {
	if (mode !== 'portal' && mode !== 'bare') throw new Error(`unknown mode "${mode}" (portal or bare)`);
	const http = createServer((_req, res) => {
		res.statusCode = 404;
		res.end();
	});
	const close = mode === 'portal' ? await startPortal(http) : startBare(http);
	await listen(http);
	http.on('error', fatal);

	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		setTimeout(() => process.exit(0), 5000).unref();
		// Work still in flight when the Redis connections close (presence updates of the sockets
		// just disconnected) rejects; report it in one line instead of crashing with a stack.
		const rejections: string[] = [];
		process.on('unhandledRejection', (reason) => rejections.push(reason instanceof Error ? reason.message : String(reason)));
		void close().finally(() => {
			const note = rejections.length
				? `${rejections.length} unhandled rejection(s) while shutting down: ${[...new Set(rejections)].join('; ')}`
				: null;
			if (note) tell({ type: 'note', message: note }, () => process.exit(0));
			else process.exit(0);
		});
	};
	process.on('message', (message: ToInstance) => {
		if (message.type === 'stop') stop();
	});
	process.on('disconnect', stop);
	process.on('SIGTERM', stop);
	// Ctrl+C reaches the whole process group: the benchmark stops this process in its own order.
	process.on('SIGINT', () => {});
	tell({ type: 'ready', port });
}

/** Reports a failure to the benchmark (EMFILE in plain words) and exits. */
function fatal(error: NodeJS.ErrnoException): void {
	const message = error.code === 'EMFILE' ? 'too many open files (EMFILE): raise "ulimit -n"' : (error.stack ?? String(error));
	tell({ type: 'failed', message });
	process.stderr.write(`${message}\n`);
	process.exitCode = 1;
	setTimeout(() => process.exit(1), 100);
}

main().catch(fatal);
