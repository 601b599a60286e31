import { z } from 'zod';

/** The response shapes of the waiting-times operations (see contract.ts for why they are zod). */

const text = (description: string) => z.string().meta({ description });

export const waitingTimeSchema = z.object({
	careType: text('Kenmerk van de zorgvorm.'),
	careTypeName: text('Naam van de zorgvorm.'),
	subregion: text('Kenmerk van de subregio.'),
	subregionName: text('Naam van de subregio.'),
	waitingDays: z.int().min(0).meta({ description: 'De gemelde wachttijd in kalenderdagen.' }),
	reportedAt: z.iso.datetime().meta({ description: 'Wanneer gemeld (ISO 8601).' }),
	reportedBy: z
		.string()
		.nullable()
		.meta({ description: 'Wie meldde: een medewerker, of "API: <tokennaam>"; null als dat account niet meer bestaat.' })
});
export type WaitingTimeJson = z.output<typeof waitingTimeSchema>;

export const waitingTimesSchema = z.object({
	consortium: text('Uw consortium.'),
	reports: z.array(waitingTimeSchema).meta({ description: 'Per zorgvorm × subregio de actuele wachttijd (alleen wat ooit is gemeld).' })
});

export const waitingTimesReportedSchema = z.object({
	consortium: text('Uw consortium.'),
	reported: z.int().min(1).meta({ description: 'Hoeveel meldingen zijn vastgelegd.' }),
	reports: z.array(waitingTimeSchema).meta({ description: 'Alle actuele wachttijden van uw consortium na deze melding.' })
});
