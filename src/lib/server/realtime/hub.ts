import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { createRedis } from '../redis.ts';
import { env } from '../env.ts';
import type { RealtimeServer } from './types.ts';
import type { AdapterClients } from './link.ts';

const KEY = Symbol.for('ketentafel.realtime');
type Registry = { io?: RealtimeServer; detached?: { io: RealtimeServer; clients: AdapterClients } };
const registry = ((globalThis as Record<symbol, Registry>)[KEY] ??= {});

/** The Socket.IO channel name prefix in Redis for this deployment. */
export function adapterKey(): string {
	return `${env().REDIS_PREFIX}socket.io`;
}

/**
 * Joins a server to the other instances through Redis; returns the connections (to watch and to
 * close later). Both come from createRedis, so both have its error handler (duplicate() would not
 * copy it).
 */
export function useRedisAdapter(io: RealtimeServer): AdapterClients {
	const clients = { pub: settleQuietly(createRedis()), sub: settleQuietly(createRedis()) };
	io.adapter(createAdapter(clients.pub, clients.sub, { key: adapterKey() }));
	return clients;
}

/**
 * The adapter publishes and (un)subscribes without handling the reply. A connection closed with such
 * a command unanswered (a server stopped as it starts, a broadcast just behind QUIT) rejects it, and
 * Node stops a process on a rejection nobody handles. Losing such a command is harmless: pages catch
 * up from the event log. The caller still gets the same promise, rejection included.
 */
function settleQuietly(client: Redis): Redis {
	const send = client.sendCommand.bind(client);
	client.sendCommand = (command, stream) => {
		const reply = send(command, stream);
		if (reply instanceof Promise) reply.catch(() => undefined);
		return reply;
	};
	return client;
}

/** Closes an adapter's connections (at once when Redis is away: QUIT would wait for it). */
export async function closeAdapterClients({ pub, sub }: AdapterClients): Promise<void> {
	await Promise.all([pub, sub].map((c) => (c.status === 'ready' ? c.quit().catch(() => c.disconnect()) : c.disconnect())));
}

/** Registers the server that owns this process's sockets (server.ts, vite dev). */
export function registerRealtime(io: RealtimeServer | undefined): void {
	registry.io = io;
}

/**
 * The Socket.IO server to emit through: the attached one in a portal process, otherwise (workers,
 * scripts) a detached server whose broadcasts reach every portal through the Redis adapter.
 */
export function realtime(): RealtimeServer {
	if (registry.io) return registry.io;
	if (!registry.detached) {
		const io: RealtimeServer = new Server();
		registry.detached = { io, clients: useRedisAdapter(io) };
	}
	return registry.detached.io;
}

/** Closes the detached server and its Redis connections, if one was made. */
export async function closeDetachedRealtime(): Promise<void> {
	const detached = registry.detached;
	registry.detached = undefined;
	if (!detached) return;
	await detached.io.of('/').adapter.close?.();
	await closeAdapterClients(detached.clients);
}
