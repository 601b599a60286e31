import { z } from 'zod';
import { choice, idChoice, pageCursor, referenceSearch } from '../lists/query.ts';

/** The check-in lists' query string: ?zoek=&wie=mijn|team&stand=&consortium=&na-mijn=&na-team=. */
export const checkinListQuerySchema = z
	.object({
		zoek: referenceSearch,
		wie: choice(['mijn', 'team'], 'Kies mijn checks of die van het hele team.'),
		stand: choice(['aan-de-beurt', 'te-laat', 'gepland', 'geescaleerd'], 'Kies een stand uit de lijst.'),
		consortium: idChoice('Kies een consortium uit de lijst.'),
		'na-mijn': pageCursor,
		'na-team': pageCursor
	})
	.transform((q) => ({
		search: q.zoek,
		who: q.wie,
		state: q.stand,
		consortiumId: q.consortium,
		cursors: { mine: q['na-mijn'], team: q['na-team'] }
	}));
export type CheckinListQuery = z.output<typeof checkinListQuerySchema>;
