import { realtimeClient, type RealtimeClient } from './client';

/**
 * Connection state of the live channel, for the header indicator. `paused`: connected, but the
 * portal lost its link to the other instances and the workers, so others' changes wait.
 */
export const live = $state({ connected: false, everConnected: false, refused: false, paused: false });

const onConnect = () => {
	live.connected = true;
	live.everConnected = true;
	live.refused = false;
	live.paused = false; // the server says so again at once if its link is still down
};
const onDisconnect = () => {
	live.connected = false;
	live.paused = false;
};
const onConnectError = (error: Error) => {
	live.connected = false;
	live.refused = error.message === 'unauthorized';
};
const onPaused = () => {
	live.paused = true;
};
const onResumed = () => {
	live.paused = false;
};

/** Connects for this context and keeps `live` up to date (other listeners on the socket stay). */
export function connectLive(context: string): RealtimeClient {
	const socket = realtimeClient(context);
	socket
		.off('connect', onConnect)
		.off('disconnect', onDisconnect)
		.off('connect_error', onConnectError)
		.off('live:paused', onPaused)
		.off('live:resumed', onResumed);
	socket
		.on('connect', onConnect)
		.on('disconnect', onDisconnect)
		.on('connect_error', onConnectError)
		.on('live:paused', onPaused)
		.on('live:resumed', onResumed);
	live.connected = socket.connected;
	return socket;
}
