import type { PageServerLoad } from './$types';
import { requireActive, requestOrigin } from '$lib/server/auth/guards';
import { presenceStore } from '$lib/server/services';
import { onlineColleagues } from '$lib/server/realtime/server';
import { homeCounts } from '$lib/server/home';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { actorFromAuth, auditActorOf, isVtWorker } from '$lib/server/actor';
import { ESCALATION_KINDS, escalationCount, teamEscalations } from '$lib/server/escalations';
import { auditList } from '$lib/server/audit/lists';

export const load: PageServerLoad = async (event) => {
	const auth = requireActive(event);
	const { sql, clock } = domainDeps();
	const last = await lastEventId(sql);
	const now = clock.now();
	const actor = actorFromAuth(auth, requestOrigin(event));
	const counts = await homeCounts(sql, { ...actor, userId: auth.user.id }, now);
	// a VT coordinator's home lists the team's escalations and late items, each with a link to where it is solved
	const escalations =
		isVtWorker(actor) && actor.roles.includes('coordinator') ? await teamEscalations(sql, actor.organisationId, now) : null;
	if (escalations) {
		counts.escalaties = escalationCount(escalations);
		const shown = ESCALATION_KINDS.flatMap((k) => escalations.items[k].map((i) => i.caseId));
		if (shown.length) await auditList(sql, auditActorOf(actor), 'escalations.listed', 'case', shown);
	}
	return {
		counts,
		escalations,
		lastEventId: last,
		organisation: { id: auth.active.organisationId, name: auth.active.name, kind: auth.active.kind },
		online: await onlineColleagues(presenceStore(), auth.active.organisationId)
	};
};
