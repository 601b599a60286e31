import type { PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guards';
import { isVtBeheerder } from '$lib/server/actor';
import { health } from '$lib/server/health';
import { redis } from '$lib/server/redis';
import { lastHeartbeat, queueCounts } from '$lib/server/status/status';
import { env } from '$lib/server/env';
import { db } from '$lib/server/db/client';
import { auditIntegrityStatus } from '$lib/server/audit/verify';
import { mailStatus } from '$lib/server/email/deliveries';
import { mailEnabled } from '$lib/server/email/transport';
import { systemClock } from '$lib/server/clock';

export const load: PageServerLoad = async (event) => {
	const auth = requireRole(event, ['beheerder']);
	const services = await health();
	const [heartbeat, queues] = services.redis === 'ok' ? await Promise.all([lastHeartbeat(redis()), queueCounts()]) : [null, []];
	// the queue board is VT's alone (it shows every organisation's handovers): others are not offered the link
	const queueBoard = isVtBeheerder({
		organisationId: auth.active.organisationId,
		organisationKind: auth.active.kind,
		roles: auth.active.roles
	});
	const auditIntegrity = services.postgres === 'ok' ? await auditIntegrityStatus(db()) : null;
	const mail =
		services.postgres === 'ok'
			? await mailStatus(db(), systemClock.now())
			: { enabled: mailEnabled(), lastDay: null, lastSentAt: null, lastFailure: null };
	return { services, heartbeat, queues, queueBoard, auditIntegrity, mail, heartbeatSeconds: env().HEARTBEAT_SECONDS };
};
