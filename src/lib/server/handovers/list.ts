import { z } from 'zod';
import { auditActorOf, type Actor } from '../actor.ts';
import { auditList } from '../audit/lists.ts';
import type { Db } from '../db/client.ts';
import type { ListTotal, Page } from '../lists/keyset.ts';
import {
	auditedFilter,
	checkbox,
	choice,
	codeChoice,
	endNotBeforeStart,
	PAGE_SIZE,
	SECTION_PAGE_SIZE,
	pageCursor,
	pageOrFirst,
	period,
	referenceSearch,
	type ListFilterState
} from '../lists/query.ts';
import { handoverInbox, handoverInboxTotal, type HandoverRow, type InboxFilter, type InboxStatus } from './queries.ts';

/** The inbox's sections in the URL (?status=) and the status each lists. */
export const INBOX_SECTIONS = { open: 'open', geaccepteerd: 'accepted', overgedragen: 'completed' } as const satisfies Record<
	string,
	InboxStatus
>;
type Section = keyof typeof INBOX_SECTIONS;
const SECTION_NAMES = Object.keys(INBOX_SECTIONS) as [Section, ...Section[]];

/** The cursor parameter of each section: every section pages on its own. */
export const INBOX_CURSORS: Record<InboxStatus, string> = { open: 'na-open', accepted: 'na-geaccepteerd', completed: 'na-overgedragen' };

/** The partner inbox's query string: ?zoek=&status=&spoed=ja&mijn=ja&gemeente=&van=&tot=&na-open=&na-geaccepteerd=&na-overgedragen=. */
export const inboxQuerySchema = z
	.object({
		zoek: referenceSearch,
		status: choice(SECTION_NAMES, 'Kies een stand uit de lijst.'),
		spoed: checkbox,
		mijn: checkbox,
		gemeente: codeChoice('Kies een gemeente uit de lijst.'),
		...period('aangeboden'),
		'na-open': pageCursor,
		'na-geaccepteerd': pageCursor,
		'na-overgedragen': pageCursor
	})
	.superRefine(endNotBeforeStart)
	.transform((q) => ({
		statuses: q.status ? [INBOX_SECTIONS[q.status]] : (['open', 'accepted', 'completed'] as InboxStatus[]),
		filter: { search: q.zoek, urgent: q.spoed || undefined, municipalityId: q.gemeente, from: q.van, to: q.tot } satisfies InboxFilter,
		mine: q.mijn,
		cursors: { open: q['na-open'], accepted: q['na-geaccepteerd'], completed: q['na-overgedragen'] } as Record<
			InboxStatus,
			string | undefined
		>
	}));
export type InboxQuery = z.output<typeof inboxQuerySchema>;

export type InboxSection = Page<HandoverRow> & { total: ListTotal };

/**
 * The partner inbox (the caller checked that the actor is a partner worker): one page of each asked
 * status (20 rows each when it shows several, else 50), each with its total, audited in one row with
 * every handover shown.
 */
export async function listInbox(
	sql: Db,
	actor: Actor,
	query: InboxQuery,
	filter: ListFilterState
): Promise<Partial<Record<InboxStatus, InboxSection>>> {
	const f: InboxFilter = { ...query.filter, answeredBy: query.mine ? actor.userId : null };
	const limit = query.statuses.length > 1 ? SECTION_PAGE_SIZE : PAGE_SIZE;
	const sections = await Promise.all(
		query.statuses.map(async (status) => {
			const [page, total] = await Promise.all([
				pageOrFirst(
					query.cursors[status],
					filter,
					(cursor) => handoverInbox(sql, actor.organisationId, status, f, { cursor, limit }),
					INBOX_CURSORS[status]
				),
				handoverInboxTotal(sql, actor.organisationId, status, f)
			]);
			return [status, { ...page, total }] as const;
		})
	);
	const shown = sections.flatMap(([, s]) => s.rows.map((h) => h.id));
	await auditList(sql, auditActorOf(actor), 'handovers.listed', 'handover', shown, { details: auditedFilter(filter) });
	return Object.fromEntries(sections);
}
