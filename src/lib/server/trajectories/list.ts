import { z } from 'zod';
import { checkbox, choice, codeChoice, pageCursor, referenceSearch } from '../lists/query.ts';

/** The V&V list's query string: ?zoek=&status=lopend|afgesloten&gemeente=&mijn=ja&verstreken=ja&na=. */
export const trajectoryListQuerySchema = z
	.object({
		zoek: referenceSearch,
		status: choice(['lopend', 'afgesloten'], 'Kies lopend of afgesloten.'),
		gemeente: codeChoice('Kies een gemeente uit de lijst.'),
		mijn: checkbox,
		verstreken: checkbox,
		na: pageCursor
	})
	.transform((q) => ({
		search: q.zoek,
		closed: q.status === 'afgesloten',
		municipalityId: q.gemeente,
		mine: q.mijn,
		termPassed: q.verstreken,
		cursor: q.na
	}));
export type TrajectoryListQuery = z.output<typeof trajectoryListQuerySchema>;
