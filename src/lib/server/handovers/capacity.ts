import type { Db } from '../db/client.ts';
import { PARTNER_KINDS } from '../actor.ts';
import { careTypes, currentReports, latestSnapshot } from '../waiting/queries.ts';

/** The median time to accept is taken over the offers accepted in this many days before now. */
export const CAPACITY_WINDOW_DAYS = 90;
/**
 * The median is shown only from this many accepted offers: fewer say little and come close to one
 * offer's own duration (the spirit of the published figures' rule in docs/PRIVACY.md: no count
 * under 5 and no single duration).
 */
export const ACCEPT_MEDIAN_FROM = 5;

/** One partner at the moment of offering: how busy and how quick it is now. */
export interface PartnerCapacity {
	orgId: string;
	name: string;
	kind: string;
	/** Offers to this partner still waiting for an answer (from every VT organisation). */
	openOffers: number;
	/** Offers it accepted in the window. */
	acceptedCount: number;
	/** The median minutes from offer to acceptance in the window; null below ACCEPT_MEDIAN_FROM accepted offers. */
	medianAcceptMinutes: number | null;
}

/** A consortium's waiting time for one zorgvorm in the case's subregion, against the norm. */
export interface CareTypeWait {
	consortiumId: string;
	careTypeId: string;
	careTypeName: string;
	normDays: number;
	/** The consortium's current report (waiting_time_reports), null when none. */
	reportedDays: number | null;
	reportedAt: Date | null;
	/** The newest daily snapshot (waiting/snapshot.ts): the observed median wait and how many wait. */
	observedMedianDays: number | null;
	waitingCount: number;
	/** The reported or the observed waiting time is longer than the norm. */
	overNorm: boolean;
	/** The longer of the two, the figure an over-norm choice is noted with. */
	expectedDays: number | null;
}

export interface OfferCapacity {
	subregionId: string;
	subregionName: string;
	windowDays: number;
	medianFrom: number;
	/** The day of the snapshot the observed waits come from, null when none was taken. */
	snapshotDate: string | null;
	partners: PartnerCapacity[];
	waits: CareTypeWait[];
}

/** Over the norm: the reported or the observed median waiting time is longer than the zorgvorm's norm. */
export function waitOverNorm(w: Pick<CareTypeWait, 'reportedDays' | 'observedMedianDays' | 'normDays'>): boolean {
	return (w.reportedDays ?? 0) > w.normDays || (w.observedMedianDays ?? 0) > w.normDays;
}

/**
 * The figures the offer form and the tafel show for a case: per partner the open offers and the
 * median time to accept over the last CAPACITY_WINDOW_DAYS days (accepted or completed offers,
 * from offer to answer, as the dashboard counts it), and for every consortium per zorgvorm the
 * reported and the observed waiting time in the case's subregion with the norm (the figures of
 * /wachttijden: currentReports and latestSnapshot).
 */
export async function offerCapacity(sql: Db, caseId: string, now: Date): Promise<OfferCapacity> {
	const [area] = await sql<{ subregionId: string }[]>`
		select m.subregion_id from cases c join municipalities m on m.id = c.municipality_id where c.id = ${caseId}`;
	return capacityIn(sql, area?.subregionId ?? '', now);
}

/** The same figures for a subregion (a tafel discusses the cases of one subregion). */
export async function capacityIn(sql: Db, subregionId: string, now: Date): Promise<OfferCapacity> {
	const [area] = await sql<{ subregionName: string }[]>`select name as subregion_name from subregions where id = ${subregionId}`;
	const since = new Date(now.getTime() - CAPACITY_WINDOW_DAYS * 86_400_000);
	const partners = await sql<PartnerCapacity[]>`
		select o.id as org_id, o.name, o.kind::text as kind,
		       (select count(*)::int from handovers h where h.to_org_id = o.id and h.status = 'open') as open_offers,
		       a.n as accepted_count,
		       case when a.n >= ${ACCEPT_MEDIAN_FROM} then a.median end as median_accept_minutes
		from organisations o
		cross join lateral (
		  select count(*)::int as n,
		         round((percentile_cont(0.5) within group (order by extract(epoch from h.answered_at - h.offered_at) / 60))::numeric)::int as median
		  from handovers h
		  where h.to_org_id = o.id and h.status in ('accepted', 'completed') and h.answered_at >= ${since} and h.answered_at <= ${now}) a
		where o.kind::text = any(${PARTNER_KINDS as string[]}) and o.ended_at is null
		order by o.name`;
	const [types, reports, snapshot] = await Promise.all([careTypes(sql), currentReports(sql), latestSnapshot(sql)]);
	const consortia = partners.filter((p) => p.kind === 'consortium');
	const waits: CareTypeWait[] = [];
	for (const c of consortia) {
		for (const t of types) {
			const r = reports.find((x) => x.consortiumId === c.orgId && x.careTypeId === t.id && x.subregionId === subregionId);
			const o = snapshot.find((x) => x.consortiumId === c.orgId && x.careTypeId === t.id && x.subregionId === subregionId);
			const observed = o && o.waitingCount > 0 ? o.observedMedianDays : null;
			const wait = {
				consortiumId: c.orgId,
				careTypeId: t.id,
				careTypeName: t.name,
				normDays: t.normDays,
				reportedDays: r?.waitingDays ?? null,
				reportedAt: r?.reportedAt ?? null,
				observedMedianDays: observed,
				waitingCount: o?.waitingCount ?? 0
			};
			const known = [wait.reportedDays, wait.observedMedianDays].filter((d): d is number => d !== null);
			waits.push({ ...wait, overNorm: waitOverNorm(wait), expectedDays: known.length ? Math.max(...known) : null });
		}
	}
	return {
		subregionId,
		subregionName: area?.subregionName ?? '',
		windowDays: CAPACITY_WINDOW_DAYS,
		medianFrom: ACCEPT_MEDIAN_FROM,
		snapshotDate: snapshot[0]?.snapshotDate ?? null,
		partners: [...partners],
		waits
	};
}

/** What an offer to a consortium for a zorgvorm in the case's subregion must have confirmed: the wait over the norm, or null. */
export async function overNormChoice(
	sql: Db,
	caseId: string,
	consortiumId: string,
	careTypeId: string,
	now: Date
): Promise<CareTypeWait | null> {
	const capacity = await offerCapacity(sql, caseId, now);
	const wait = capacity.waits.find((w) => w.consortiumId === consortiumId && w.careTypeId === careTypeId);
	return wait?.overNorm ? wait : null;
}

/** The value a form's confirmation carries: the choice it confirms, so a changed choice asks again. */
export { overNormKey } from '../../capacity-format.ts';
