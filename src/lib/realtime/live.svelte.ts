import { realtimeClient, type RealtimeClient } from './client';

/** Connection state of the live channel, for the header indicator. */
export const live = $state({ connected: false, everConnected: false, refused: false });

/** Connects for this context and keeps `live` up to date. */
export function connectLive(context: string): RealtimeClient {
	const socket = realtimeClient(context);
	socket.off('connect').off('disconnect').off('connect_error');
	socket.on('connect', () => {
		live.connected = true;
		live.everConnected = true;
		live.refused = false;
	});
	socket.on('disconnect', () => {
		live.connected = false;
	});
	socket.on('connect_error', (error) => {
		live.connected = false;
		live.refused = error.message === 'unauthorized';
	});
	live.connected = socket.connected;
	return socket;
}
