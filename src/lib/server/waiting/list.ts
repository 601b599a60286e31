import { z } from 'zod';
import { checkbox, codeChoice, idChoice, pageCursor, referenceSearch } from '../lists/query.ts';

/** The waiting families' query string: ?zoek=&zorgvorm=&subregio=&consortium=&mijn=ja&norm=ja&na=. */
export const waitingListQuerySchema = z
	.object({
		zoek: referenceSearch,
		zorgvorm: codeChoice('Kies een zorgvorm uit de lijst.'),
		subregio: codeChoice('Kies een subregio uit de lijst.'),
		consortium: idChoice('Kies een consortium uit de lijst.'),
		mijn: checkbox,
		norm: checkbox,
		na: pageCursor
	})
	.transform((q) => ({
		search: q.zoek,
		careTypeId: q.zorgvorm,
		subregionId: q.subregio,
		consortiumId: q.consortium,
		mine: q.mijn,
		overNorm: q.norm,
		cursor: q.na
	}));
export type WaitingListQuery = z.output<typeof waitingListQuerySchema>;
