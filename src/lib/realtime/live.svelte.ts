import { realtimeClient, type RealtimeClient } from './client';

/** Connection state of the live channel, for the header indicator. */
export const live = $state({ connected: false, everConnected: false, refused: false });

const onConnect = () => {
	live.connected = true;
	live.everConnected = true;
	live.refused = false;
};
const onDisconnect = () => {
	live.connected = false;
};
const onConnectError = (error: Error) => {
	live.connected = false;
	live.refused = error.message === 'unauthorized';
};

/** Connects for this context and keeps `live` up to date (other listeners on the socket stay). */
export function connectLive(context: string): RealtimeClient {
	const socket = realtimeClient(context);
	socket.off('connect', onConnect).off('disconnect', onDisconnect).off('connect_error', onConnectError);
	socket.on('connect', onConnect).on('disconnect', onDisconnect).on('connect_error', onConnectError);
	live.connected = socket.connected;
	return socket;
}
