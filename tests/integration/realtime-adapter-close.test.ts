import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { closeAdapterClients, useRedisAdapter } from '../../src/lib/server/realtime/hub.ts';
import type { RealtimeServer } from '../../src/lib/server/realtime/types.ts';
import { startOwnRedis, type OwnRedis } from '../support/own-redis.ts';
import { setEnv, waitFor } from '../support/it-helpers.ts';

// The Socket.IO adapter publishes and (un)subscribes without handling the reply. When its
// connections close with such commands still unanswered, ioredis rejects them; nobody may leave
// such a rejection unhandled, because Node stops a process on one.

let own: OwnRedis;
let restoreEnv: () => void;
let unhandled: unknown[];
const note = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
	own = await startOwnRedis();
	restoreEnv = setEnv({ REDIS_URL: own.url });
});

afterAll(async () => {
	restoreEnv?.();
	await own?.stop();
});

beforeEach(() => {
	unhandled = [];
	process.on('unhandledRejection', note);
});

afterEach(() => {
	process.off('unhandledRejection', note);
});

/** Lets a rejection of this turn be reported as unhandled, if it is. */
async function settle(): Promise<void> {
	for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

describe('closing the adapter connections', () => {
	it('before they are ready (a server closed as it starts): no unhandled rejection', async () => {
		const io: RealtimeServer = new Server();
		const clients = useRedisAdapter(io);
		expect(clients.sub.status).toBe('connecting');
		await io.of('/').adapter.close?.();
		expect(
			(clients.sub as unknown as { offlineQueue: unknown[] }).offlineQueue.length,
			'subscribes and unsubscribes waiting for the connection'
		).toBe(4);
		await closeAdapterClients(clients);
		await waitFor(() => clients.sub.status === 'end' && clients.pub.status === 'end', 'both connections closed');
		await settle();
		expect(unhandled).toEqual([]);
	});

	it('with a broadcast sent just after QUIT (shutdown while events still go out): no unhandled rejection', async () => {
		const io: RealtimeServer = new Server();
		const clients = useRedisAdapter(io);
		await waitFor(() => clients.pub.status === 'ready' && clients.sub.status === 'ready', 'both connections ready');
		const closing = closeAdapterClients(clients);
		io.emit('live:resumed');
		expect(clients.pub.commandQueue.length, 'QUIT, then the PUBLISH behind it').toBe(2);
		await closing;
		await waitFor(() => clients.pub.status === 'end', 'the publishing connection closed');
		await settle();
		expect(unhandled).toEqual([]);
	});
});
