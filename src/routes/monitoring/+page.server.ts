import type { PageServerLoad } from './$types';
import { requireVtWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { loadOr403 } from '$lib/server/http';
import { amsterdamDay } from '$lib/server/workdays';
import { parseListQuery } from '$lib/server/lists/query';
import { listMonitoring } from '$lib/server/monitoring/service';
import type { MomentRow } from '$lib/server/monitoring/queries';
import { monitoringListQuerySchema } from '$lib/server/monitoring/list';
import { municipalityOptions } from '$lib/server/cases/options';

/** What a row of the tables shows (and nothing more goes to the browser). */
const row = (m: MomentRow) => ({
	id: m.id,
	reference: m.reference,
	municipalityName: m.municipalityName,
	monitorName: m.monitorName,
	plannedOn: m.plannedOn,
	heldOn: m.heldOn,
	withProfessional: m.withProfessional,
	withFamily: m.withFamily,
	withWhomNote: m.withWhomNote,
	escalatedAt: m.escalatedAt,
	recordedAt: m.recordedAt,
	cancelledAt: m.cancelledAt,
	allSafe: m.allSafe
});

export const load: PageServerLoad = async (event) => {
	const actor = requireVtWorker(event);
	const deps = domainDeps();
	const last = await lastEventId(deps.sql);
	const { query, filter } = parseListQuery(monitoringListQuerySchema, event.url.searchParams);
	const { mine, team, recorded, pages } = await loadOr403(() => listMonitoring(deps, actor, query, filter));
	const page = (p: (typeof pages)['mine']) => p && { next: p.next, total: p.total };
	return {
		mine: mine.map(row),
		team: team?.map(row) ?? null,
		recorded: recorded?.map(row) ?? null,
		pages: { mine: page(pages.mine), team: page(pages.team), recorded: page(pages.recorded) },
		coordinator: actor.roles.includes('coordinator'),
		/** The recorded list is the team's (coordinators, unless they asked for their own). */
		recordedOfTeam: actor.roles.includes('coordinator') && query.who !== 'mijn',
		filter,
		municipalities: municipalityOptions(),
		today: amsterdamDay(deps.clock.now()),
		lastEventId: last
	};
};
