import { db } from '../db/client.ts';
import { clientAddress } from '../client-address.ts';
import type { Role } from '../auth/roles.ts';
import { audit, type AuditAction, type AuditActor, type AuditDetails, type AuditRecord } from '../audit/log.ts';
import type { RealtimeSocket } from './types.ts';

/** The person behind a socket as the audit log records them: organisation and roles of the handshake, address and browser. */
export function socketAuditActor(socket: RealtimeSocket): AuditActor {
	return {
		userId: socket.data.userId,
		organisationId: socket.data.organisationId,
		roles: socket.data.roles as Role[],
		ip: clientAddress(socket.request),
		userAgent: socket.request.headers['user-agent'] ?? null
	};
}

/**
 * Audits what a socket asked for (a watch, a refusal, a replay). Written before anything is sent:
 * when it fails, the caller refuses the request.
 */
export function auditSocket(socket: RealtimeSocket, action: AuditAction, record: AuditRecord | null, details: AuditDetails): Promise<void> {
	return audit(db(), socketAuditActor(socket), action, record, details);
}

/**
 * Joins the live room of a case or tafel after the same access check as its page, audited either
 * way: 'case.watched' / 'table.watched', or 'access.refused' naming the record asked for.
 */
export async function watchRecord(
	socket: RealtimeSocket,
	record: { type: 'case' | 'table'; id: string },
	access: () => Promise<unknown>,
	room: string,
	via: 'live' | 'aanwezigheid' = 'live'
): Promise<boolean> {
	const asked = { type: record.type, id: record.id.slice(0, 100) };
	if (!(await access())) {
		await auditSocket(socket, 'access.refused', asked, { via, reason: 'no_access' });
		return false;
	}
	await auditSocket(socket, record.type === 'case' ? 'case.watched' : 'table.watched', asked, { via });
	await socket.join(room);
	return true;
}
