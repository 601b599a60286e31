import { z } from 'zod';
import { choice, codeChoice, endNotBeforeStart, pageCursor, period, referenceSearch } from '../lists/query.ts';

/** The monitoring lists' query string: ?zoek=&wie=mijn|team&stand=open|vastgelegd&gemeente=&van=&tot=&na-mijn=&na-team=&na-vastgelegd=. */
export const monitoringListQuerySchema = z
	.object({
		zoek: referenceSearch,
		wie: choice(['mijn', 'team'], 'Kies mijn monitoring of die van het hele team.'),
		stand: choice(['open', 'vastgelegd'], 'Kies open of vastgelegd.'),
		gemeente: codeChoice('Kies een gemeente uit de lijst.'),
		...period('gepland'),
		'na-mijn': pageCursor,
		'na-team': pageCursor,
		'na-vastgelegd': pageCursor
	})
	.superRefine(endNotBeforeStart)
	.transform((q) => ({
		search: q.zoek,
		who: q.wie,
		state: q.stand,
		municipalityId: q.gemeente,
		from: q.van,
		to: q.tot,
		cursors: { mine: q['na-mijn'], team: q['na-team'], recorded: q['na-vastgelegd'] }
	}));
export type MonitoringListQuery = z.output<typeof monitoringListQuerySchema>;
