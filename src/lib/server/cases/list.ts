import { z } from 'zod';
import { auditActorOf, type Actor } from '../actor.ts';
import { auditList } from '../audit/lists.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import type { ListTotal, Page } from '../lists/keyset.ts';
import {
	auditedFilter,
	checkbox,
	choice,
	codeChoice,
	endNotBeforeStart,
	idChoice,
	PAGE_SIZE,
	pageCursor,
	pageOrFirst,
	period,
	referenceSearch,
	type ListFilterState
} from '../lists/query.ts';
import { amsterdamDay } from '../workdays.ts';
import { workQueue, workQueueOverdue, workQueueTotal, type QueueRow } from './queries.ts';
import { latestHandovers, type LatestHandover } from '../handovers/queries.ts';

/** The stand of the handover the werkvoorraad filters on. */
export const WORK_QUEUE_HANDOVER = ['niet-aangeboden', 'aangeboden', 'geaccepteerd'] as const;

/**
 * The werkvoorraad's query string: ?zoek=&gemeente=&overdracht=&spoed=ja&mijn=ja&medewerker=&van=&tot=&na=.
 * mijn=ja is "Mijn zaken": the cases I am responsible for; medewerker= those of one medewerker.
 */
export const workQueueQuerySchema = z
	.object({
		zoek: referenceSearch,
		gemeente: codeChoice('Kies een gemeente uit de lijst.'),
		overdracht: choice(WORK_QUEUE_HANDOVER, 'Kies de stand van de overdracht uit de lijst.'),
		spoed: checkbox,
		mijn: checkbox,
		medewerker: idChoice('Kies een medewerker uit de lijst.'),
		...period('melding'),
		na: pageCursor
	})
	.superRefine(endNotBeforeStart)
	.transform((q) => ({
		search: q.zoek,
		municipalityId: q.gemeente,
		handover: q.overdracht,
		urgentOnly: q.spoed,
		mine: q.mijn,
		responsibleId: q.medewerker,
		from: q.van,
		to: q.tot,
		cursor: q.na
	}));
export type WorkQueueQuery = z.output<typeof workQueueQuerySchema>;

export interface WorkQueueView extends Page<QueueRow> {
	total: ListTotal;
	/** Late assessments (rule 1) in the whole werkvoorraad (not only the filtered part). */
	overdue: number;
	today: string;
	now: Date;
	/** The latest handover of each case shown, for the state in words. */
	handovers: Record<string, LatestHandover>;
}

/**
 * One page of VT's werkvoorraad for a VT worker (the caller checked the role), filtered, audited with
 * the cases shown. A cursor that cannot be read gives the first page (its message in `filter`).
 */
export async function listWorkQueue(
	deps: { sql: Db; clock: Clock },
	actor: Actor,
	query: WorkQueueQuery,
	filter: ListFilterState
): Promise<WorkQueueView> {
	const { sql } = deps;
	const now = deps.clock.now();
	const today = amsterdamDay(now);
	const f = { ...query, mineOf: query.mine ? actor.userId : null };
	const [page, total, overdue] = await Promise.all([
		pageOrFirst(query.cursor, filter, (cursor) => workQueue(sql, actor.organisationId, now, f, { cursor, limit: PAGE_SIZE })),
		workQueueTotal(sql, actor.organisationId, f),
		workQueueOverdue(sql, actor.organisationId, now)
	]);
	await auditList(
		sql,
		auditActorOf(actor),
		'cases.listed',
		'case',
		page.rows.map((r) => r.id),
		{ details: auditedFilter(filter) }
	);
	const handovers = Object.fromEntries(
		await latestHandovers(
			sql,
			page.rows.map((r) => r.id)
		)
	);
	return { ...page, total, overdue, today, now, handovers };
}
