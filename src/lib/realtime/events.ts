/** A colleague who is online now. */
export interface OnlineColleague {
	id: string;
	name: string;
}

export interface HeartbeatStatus {
	at: string;
	worker: string;
}

/** Events the server sends to browsers. */
export interface ServerToClientEvents {
	'presence:update': (payload: { organisationId: string; online: OnlineColleague[] }) => void;
	'session:ended': () => void;
	/** The session's organisation changed in another tab: reload to act for the new one. */
	'session:changed': () => void;
	'status:heartbeat': (payload: HeartbeatStatus) => void;
}

/** Events browsers send to the server. */
export interface ClientToServerEvents {
	'presence:list': (ack: (online: OnlineColleague[]) => void) => void;
}

/** Between portal instances (Socket.IO serverSideEmit); none yet. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InterServerEvents {}

/** What the server keeps on each socket after the handshake. */
export interface SocketData {
	userId: string;
	name: string;
	sessionId: string;
	organisationId: string;
	roles: string[];
}

export const rooms = {
	user: (id: string) => `user:${id}`,
	session: (id: string) => `session:${id}`,
	organisation: (id: string) => `org:${id}`,
	beheerders: 'beheerders'
} as const;
