import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { LiveEvent } from '../../src/lib/realtime/events.ts';
import type { Arrivals } from './arrivals.ts';

/** Where one client connects and with which handshake headers. */
export interface Target {
	url: string;
	headers: Record<string, string>;
}

/** Thrown when the process runs out of file descriptors; the message says how to fix it. */
export class FileLimitError extends Error {
	override name = 'FileLimitError';
}

const fileLimitAdvice = (what: string) =>
	`${what}: too many open files (EMFILE). Raise the limit for this shell, e.g. "ulimit -n 8192", or run with fewer clients (--clients 100,500).`;

/** The soft limit on open files of this process (read through a child shell, which inherits it). */
export function openFileLimit(): number | null {
	try {
		const out = execFileSync('/bin/sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
		return out === 'unlimited' ? Number.POSITIVE_INFINITY : Number(out) || null;
	} catch {
		return null;
	}
}

/**
 * Refuses to start when the open-file limit cannot hold the sockets the run needs (the benchmark
 * process holds both client sets at once; each server process holds its share).
 */
export function checkOpenFileLimit(maxClients: number): void {
	const limit = openFileLimit();
	const needed = 2 * maxClients + 256;
	if (limit !== null && limit < needed) {
		throw new FileLimitError(
			`ulimit -n is ${limit}, but ${2 * maxClients} client sockets need about ${needed} open files. ` +
				`Raise it for this shell, e.g. "ulimit -n ${Math.max(4096, needed)}", or run with fewer clients.`
		);
	}
}

/** True when an error (or what it wraps, as socket.io-client does) is EMFILE. */
function isFileLimit(error: unknown, depth = 0): boolean {
	if (!error || typeof error !== 'object' || depth > 4) return false;
	const e = error as { code?: unknown; message?: unknown; description?: unknown; error?: unknown; cause?: unknown };
	if (e.code === 'EMFILE' || (typeof e.message === 'string' && e.message.includes('EMFILE'))) return true;
	return [e.description, e.error, e.cause].some((inner) => isFileLimit(inner, depth + 1));
}

/**
 * Connects one websocket-only client; `wire` adds its listeners before anything can arrive.
 * Resolves once the server accepted the handshake.
 */
function connectOne(target: Target, timeoutMs: number, wire: (socket: Socket) => void): Promise<Socket> {
	const socket = connectClient(target.url, {
		transports: ['websocket'],
		extraHeaders: target.headers,
		reconnection: false,
		forceNew: true,
		timeout: timeoutMs
	});
	wire(socket);
	return new Promise<Socket>((resolve, reject) => {
		const timer = setTimeout(() => fail(new Error(`no handshake from ${target.url} within ${timeoutMs} ms`)), timeoutMs + 1000);
		const fail = (error: Error) => {
			clearTimeout(timer);
			socket.disconnect();
			reject(isFileLimit(error) ? new FileLimitError(fileLimitAdvice(`connecting to ${target.url}`)) : error);
		};
		socket.once('connect', () => {
			clearTimeout(timer);
			resolve(socket);
		});
		socket.once('connect_error', (error) => fail(new Error(`${target.url} refused a client: ${error.message}`, { cause: error })));
	});
}

/**
 * A set of simulated clients in this process. Every live 'event' goes to the shared Arrivals with
 * its arrival time; 'presence:update' messages are counted so a caller can wait for the storm of
 * presence broadcasts that follows connecting to die down.
 */
export class ClientPool {
	readonly sockets: Socket[] = [];
	#lastPresence = 0;
	#presenceUpdates = 0;

	constructor(
		readonly name: string,
		private readonly arrivals: Arrivals
	) {}

	get size(): number {
		return this.sockets.length;
	}

	/** presence:update messages received so far, over all clients. */
	get presenceUpdates(): number {
		return this.#presenceUpdates;
	}

	/** Connects clients until there are `count`, `concurrency` handshakes at a time. */
	async growTo(count: number, targetFor: (index: number) => Target, concurrency = 50, timeoutMs = 20_000): Promise<void> {
		while (this.sockets.length < count) {
			const from = this.sockets.length;
			const batch = Array.from({ length: Math.min(concurrency, count - from) }, (_, i) =>
				connectOne(targetFor(from + i), timeoutMs, (socket) => this.#wire(socket))
			);
			const settled = await Promise.allSettled(batch);
			for (const result of settled) if (result.status === 'fulfilled') this.sockets.push(result.value);
			const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
			if (failed) throw failed.reason;
		}
	}

	/** Resolves once no client got a presence:update for quietMs; bounded by timeoutMs. */
	async waitQuiet(quietMs: number, timeoutMs: number): Promise<void> {
		const deadline = performance.now() + timeoutMs;
		this.#lastPresence = Math.max(this.#lastPresence, performance.now());
		while (performance.now() - this.#lastPresence < quietMs) {
			if (performance.now() > deadline) {
				throw new Error(`${this.name}: presence broadcasts still arriving after ${timeoutMs} ms (${this.#presenceUpdates} so far)`);
			}
			await new Promise((r) => setTimeout(r, 100));
		}
	}

	/** Disconnects every client. */
	close(): void {
		for (const socket of this.sockets.splice(0)) socket.disconnect();
	}

	#wire(socket: Socket): void {
		socket.on('event', (event: LiveEvent) => this.arrivals.record(event, performance.now()));
		socket.on('presence:update', () => {
			this.#presenceUpdates++;
			this.#lastPresence = performance.now();
		});
		socket.on('disconnect', (reason) => {
			if (reason !== 'io client disconnect') this.#lostOne(reason);
		});
	}

	#lost = 0;
	#lostOne(reason: string): void {
		if (this.#lost++ === 0) process.stderr.write(`  ! ${this.name}: a client lost its connection (${reason})\n`);
	}

	/** Clients that lost their connection unasked (a measurement with lost clients would hang). */
	get lost(): number {
		return this.#lost;
	}
}
