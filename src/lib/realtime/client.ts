import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from './events';

export type RealtimeClient = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: RealtimeClient | null = null;
let connectedFor: string | null = null;

/**
 * The browser's one Socket.IO connection, opened for the given session context (user and active
 * organisation); a different context closes the old connection and opens a new one.
 */
export function realtimeClient(context: string): RealtimeClient {
	if (socket && connectedFor === context) return socket;
	socket?.disconnect();
	connectedFor = context;
	socket = io({ transports: ['websocket'], withCredentials: true });
	socket.on('session:ended', () => {
		window.location.assign('/inloggen?afgemeld=1');
	});
	socket.on('session:changed', () => {
		window.location.reload();
	});
	return socket;
}

/** Closes the connection (sign-out). */
export function closeRealtime(): void {
	socket?.disconnect();
	socket = null;
	connectedFor = null;
}
