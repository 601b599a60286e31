import type { StreamedEvent } from '../../realtime/events.ts';
import { maySee } from '../events/visibility.ts';
import type { RealtimeServer } from './types.ts';

/** The inter-server event that carries new events to every portal instance (serverSideEmit). */
export const DELIVER = 'events:deliver';

/**
 * Sends events to the sockets of this instance that are in one of each event's stream rooms and may
 * see it (maySee). One encoding per event: the chosen sockets are addressed by their own rooms.
 */
export function deliverLocally(io: RealtimeServer, events: readonly StreamedEvent[]): void {
	const nsp = io.of('/');
	for (const event of events) {
		const { streams, ...wire } = event;
		const checked = new Set<string>();
		const targets: string[] = [];
		for (const stream of streams) {
			for (const id of nsp.adapter.rooms.get(stream) ?? []) {
				if (checked.has(id)) continue;
				checked.add(id);
				const socket = nsp.sockets.get(id);
				if (socket && maySee(socket.data, event)) targets.push(id);
			}
		}
		if (targets.length) io.local.to(targets).emit('event', wire);
	}
}

/**
 * Delivers events on every portal instance: to the other instances through the adapter (each filters
 * for its own sockets), and to this instance's sockets directly. A detached server (workers) has
 * no sockets of its own.
 */
export function broadcastEvents(io: RealtimeServer, events: readonly StreamedEvent[]): void {
	io.serverSideEmit(DELIVER, [...events]);
	deliverLocally(io, events);
}

/** Lets this instance deliver what other instances and the workers publish. */
export function receiveEvents(io: RealtimeServer): void {
	io.on(DELIVER, (events) => {
		if (Array.isArray(events)) deliverLocally(io, events);
	});
}
