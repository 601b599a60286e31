import type { PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guards';
import { health } from '$lib/server/health';
import { redis } from '$lib/server/redis';
import { lastHeartbeat, queueCounts } from '$lib/server/status/status';
import { env } from '$lib/server/env';

export const load: PageServerLoad = async (event) => {
	requireRole(event, ['beheerder']);
	const services = await health();
	const [heartbeat, queues] =
		services.redis === 'ok' ? await Promise.all([lastHeartbeat(redis()), queueCounts()]) : [null, []];
	return { services, heartbeat, queues, heartbeatSeconds: env().HEARTBEAT_SECONDS };
};
