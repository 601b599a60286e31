import type { PageServerLoad } from './$types';
import { requireVtWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { workQueue } from '$lib/server/cases/queries';
import { latestHandovers } from '$lib/server/handovers/queries';
import { lastEventId } from '$lib/server/events/log';
import { auditList } from '$lib/server/audit/lists';
import { auditActorOf } from '$lib/server/actor';
import { amsterdamDay } from '$lib/server/workdays';

export const load: PageServerLoad = async (event) => {
	const actor = requireVtWorker(event);
	const { sql, clock } = domainDeps();
	const last = await lastEventId(sql);
	const now = clock.now();
	const rows = await workQueue(sql, actor.organisationId, now);
	await auditList(sql, auditActorOf(actor), 'cases.listed', 'case', rows.map((r) => r.id));
	const handovers = await latestHandovers(sql, rows.map((r) => r.id));
	return { rows, handovers: Object.fromEntries(handovers), today: amsterdamDay(now), now, lastEventId: last };
};
