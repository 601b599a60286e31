import { rooms } from '../../realtime/events.ts';
import { realtime } from './hub.ts';

/**
 * Closes every socket of the given sessions, on any instance, after telling them why: the session
 * ended (sign-out) or changed (another organisation became active).
 */
export function closeSessionSockets(sessionIds: string[], reason: 'ended' | 'changed'): void {
	if (!sessionIds.length) return;
	const io = realtime();
	const targets = sessionIds.map(rooms.session);
	io.to(targets).emit(reason === 'ended' ? 'session:ended' : 'session:changed');
	io.in(targets).disconnectSockets(true);
}
