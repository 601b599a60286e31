import { z } from 'zod';
import type { DashboardFigures } from '../../dashboard/types.ts';
import { KEY_METRICS, STAGES } from '../dashboard/metrics.ts';

/** The response shape of GET /api/v1/dashboard (see contract.ts for why it is zod). */

export const publishedCountSchema = z.xor([z.int().min(5), z.enum(['<5', 'afgeschermd'])]).meta({
	description:
		'Een aantal: het getal (5 of meer), "<5" (minder dan 5, afgeschermd) of "afgeschermd" (5 of meer, verborgen zodat een klein aantal niet uit een totaal kan worden afgeleid).'
});

export const durationSchema = z
	.object({
		median: z.int().meta({ description: 'Mediaan in minuten.' }),
		p90: z.int().nullable().meta({ description: '90e percentiel in minuten; null bij minder dan 20 gezinnen.' })
	})
	.nullable()
	.meta({
		description:
			'Mediaan en 90e percentiel in minuten, afgerond (hele uren voor de fasen van de keten, hele dagen voor wachten op zorg); null bij minder dan 10 gezinnen, p90 null bij minder dan 20.'
	});

const week = z.iso.date().meta({ description: 'De maandag van een ISO-week (JJJJ-MM-DD).' });

export const gridPeriodSchema = z
	.object({
		id: z
			.string()
			.regex(/^\d{4}-P\d{2}$/)
			.meta({ description: 'Bijvoorbeeld 2026-P12.' }),
		year: z.int().meta({ description: 'Het ISO-jaar.' }),
		number: z.int().min(1).max(13).meta({ description: 'Het nummer van de periode in het jaar (1–13).' }),
		from: week,
		to: week,
		weeks: z.array(week).meta({ description: 'De maandagen van de weken van de periode (4, of 5 bij een periode 13 met week 53).' })
	})
	.meta({
		description: 'Een periode van 4 weken (periode 1 = ISO-week 1–4 … periode 13 = week 49–52, met week 53 waar een jaar die heeft).'
	});

const METRIC_NAMES = KEY_METRICS as [DashboardFigures['key'][number]['metric'], ...DashboardFigures['key'][number]['metric'][]];
const STAGE_IDS = STAGES.map((s) => s.id) as [
	DashboardFigures['bottleneck']['slowest'] & string,
	...(DashboardFigures['bottleneck']['slowest'] & string)[]
];
const metric = z.enum(METRIC_NAMES).meta({ description: 'Het kenmerk van het kerncijfer.' });
const areaValues = z.record(z.string(), publishedCountSchema);

export const dashboardFiguresSchema = z
	.object({
		scope: z
			.object({
				kind: z.enum(['gemeente', 'regio']).meta({ description: 'Wiens cijfers: een gemeente, of (stuurgroep) de regio.' }),
				id: z.string().nullable().meta({ description: 'CBS-gemeentecode, of null voor de regio.' }),
				name: z.string().meta({ description: 'Naam van de gemeente of de regio.' })
			})
			.meta({ description: 'Van wie de cijfers zijn.' }),
		range: z
			.object({
				from: gridPeriodSchema,
				to: gridPeriodSchema,
				periods: z.array(gridPeriodSchema).meta({ description: 'Alle periodes van de reeks, oudste eerst.' })
			})
			.meta({ description: 'De gevraagde gepubliceerde periodes, oudste eerst.' }),
		period: gridPeriodSchema.meta({
			description: 'De periode van de kerncijfers, ketenpartners, afwijzingen, wachttijden en fasen: de laatste van de reeks.'
		}),
		previous: gridPeriodSchema.nullable().meta({ description: 'De periode ervoor, als die gepubliceerd is; anders null.' }),
		areas: z
			.array(
				z.object({
					id: z.string().meta({ description: 'Kenmerk van het gebied (CBS-gemeentecode, subregio of `regio`).' }),
					name: z.string().meta({ description: 'Naam van het gebied.' }),
					level: z.enum(['regio', 'subregio', 'gemeente']).meta({ description: 'Soort gebied.' })
				})
			)
			.meta({ description: 'De kolommen: eerst uw eigen gebied.' }),
		key: z
			.array(
				z.object({
					metric,
					label: z.string().meta({ description: 'Naam van het kerncijfer.' }),
					kind: z.enum(['event', 'state']).meta({
						description: '`event`: opgeteld over de weken van de periode; `state`: de stand aan het einde van de periode.'
					}),
					values: areaValues.meta({ description: 'Per gebied (id uit areas), in de periode.' }),
					previous: publishedCountSchema
						.nullable()
						.meta({ description: 'Uw gebied in de periode ervoor (null als die niet gepubliceerd is).' }),
					total: z.int().nullable().meta({
						description:
							'Uw gebied over alle periodes van de reeks opgeteld (alleen bij kind `event`, en alleen als elke periode gepubliceerd is); anders null.'
					}),
					series: z
						.array(
							z.object({
								period: z.string().meta({ description: 'De periode, bijvoorbeeld 2026-P12.' }),
								value: publishedCountSchema
							})
						)
						.meta({ description: 'Uw gebied per periode van de reeks.' })
				})
			)
			.meta({ description: 'De kerncijfers van de periode per gebied.' }),
		onTimeShare: z.number().min(0).max(1).nullable().meta({
			description:
				'Aandeel beoordelingen binnen de norm (5 werkdagen na de melding, bij spoed korter) (0–1), alleen als beide aantallen gepubliceerd zijn; anders null.'
		}),
		partners: z
			.array(
				z.object({
					id: z.guid().meta({ description: 'Kenmerk van de ketenpartner.' }),
					name: z.string().meta({ description: 'Naam van de ketenpartner.' }),
					values: z
						.partialRecord(metric, publishedCountSchema)
						.meta({ description: 'Per kerncijfer (de overdrachten) het aantal van deze ketenpartner in uw gebied.' }),
					toAccept: durationSchema,
					toComplete: durationSchema
				})
			)
			.meta({ description: 'Per ketenpartner de overdrachten en de doorlooptijden tot accepteren en tot overdragen.' }),
		declineReasons: z
			.array(
				z.object({
					reason: z.string().meta({ description: 'De reden van afwijzen (zie DeclineRequest).' }),
					value: publishedCountSchema
				})
			)
			.meta({ description: 'Afwijzingen per reden in uw gebied.' }),
		waiting: z
			.array(
				z.object({
					careTypeId: z.string().meta({ description: 'Kenmerk van de zorgvorm.' }),
					careType: z.string().meta({ description: 'Naam van de zorgvorm.' }),
					normDays: z.int().meta({ description: 'De norm voor de wachttijd in dagen.' }),
					waiting: publishedCountSchema,
					overNorm: publishedCountSchema,
					observed: durationSchema,
					reported: z
						.array(
							z.object({
								subregionId: z.string().meta({ description: 'Kenmerk van de subregio.' }),
								subregion: z.string().meta({ description: 'Naam van de subregio.' }),
								consortium: z.string().meta({ description: 'Het consortium dat de wachttijd meldde.' }),
								days: z.int().meta({ description: 'De gemelde wachttijd in dagen.' })
							})
						)
						.meta({ description: 'De door consortia gemelde wachttijd per subregio van uw gebied.' })
				})
			)
			.meta({
				description:
					'Per zorgvorm: wachtende gezinnen, langer dan de norm, de waargenomen wachttijd (aan het einde van de periode) en de door consortia gemelde wachttijd.'
			}),
		bottleneck: z
			.object({
				stages: z.array(
					z.object({
						id: z.enum(STAGE_IDS).meta({ description: 'Kenmerk van de fase.' }),
						label: z.string().meta({ description: 'Naam van de fase.' }),
						current: durationSchema,
						previous: durationSchema,
						bySubregion: z.record(z.string(), durationSchema).meta({ description: 'Per subregio (kenmerk) de doorlooptijd.' })
					})
				),
				subregions: z.array(z.object({ id: z.string(), name: z.string() })).meta({ description: 'De subregio’s.' }),
				slowest: z
					.enum(STAGE_IDS)
					.nullable()
					.meta({ description: 'De fase met de langste mediane wachttijd in deze periode; null als geen fase genoeg gezinnen heeft.' })
			})
			.meta({
				description:
					'Per fase van de keten de doorlooptijd (deze en vorige periode, per subregio) en de fase waarin gezinnen het langst wachten.'
			}),
		publishedAt: z.iso.datetime().meta({ description: 'Wanneer de periode is gepubliceerd; daarna veranderen haar cijfers niet meer.' })
	})
	.meta({
		description:
			'De doorstroomcijfers van uw gemeente (naast de subregio en de regio) of, voor de stuurgroep, van de regio, de drie subregio’s en de negen gemeenten. ' +
			'Alleen aantallen en doorlooptijden, nooit een zaak. Aantallen onder 5 zijn "<5"; waar een totaal min zijn delen een klein aantal zou verraden, staat "afgeschermd".'
	});
export type DashboardFiguresJson = z.output<typeof dashboardFiguresSchema>;

/** True when A and B are the same type; the figures the dashboard computes are exactly the contract's. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time check (never used at run time): DashboardFigures (src/lib/dashboard/types.ts) and the contract agree. */
export const FIGURES_MATCH_CONTRACT: Same<DashboardFigures, DashboardFiguresJson> = true;
