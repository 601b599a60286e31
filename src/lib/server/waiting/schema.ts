import { z } from 'zod';
import { calendarDay } from '../validation/dates.ts';
import { formFields } from '../validation/form-data.ts';

/** The most a consortium can report, and what the database accepts. */
export const MAX_WAITING_DAYS = 1000;

/** One waiting time as a partner system (or the form) reports it. */
export interface ReportInput {
	careType: string;
	subregion: string;
	waitingDays: number;
}

const id = (what: string) =>
	z
		.string({ error: `Geef ${what} op (het kenmerk, bijvoorbeeld uit GET /api/v1/waiting-times).` })
		.trim()
		.min(1, { error: `Geef ${what} op.` })
		.max(60, { error: `Onbekende ${what}.` });

/** One report in the API body. */
export const reportSchema = z.strictObject(
	{
		careType: id('zorgvorm').meta({
			description: 'De zorgvorm: `ihub` (intensieve ambulante hulp), `gezinsbehandeling`, `trauma`, `jeugd-ggz` of `verblijf`.'
		}),
		subregion: id('subregio').meta({ description: 'De subregio: `zuid-kennemerland`, `ijmond` of `haarlemmermeer`.' }),
		waitingDays: z
			.number({ error: 'Geef de wachttijd op als een geheel aantal dagen (een getal, geen tekst).' })
			.int({ error: 'De wachttijd is een geheel aantal dagen.' })
			.min(0, { error: 'De wachttijd kan niet negatief zijn.' })
			.max(MAX_WAITING_DAYS, { error: `De wachttijd is hoogstens ${MAX_WAITING_DAYS} dagen.` })
			.meta({ description: `De wachttijd in hele kalenderdagen (weken × 7), 0 tot en met ${MAX_WAITING_DAYS}.` })
	},
	{ error: 'Een melding is een object met careType, subregion en waitingDays.' }
);

const noDuplicates = (reports: ReportInput[], ctx: z.core.$RefinementCtx<ReportInput[]>) => {
	const seen = new Set<string>();
	reports.forEach((r, i) => {
		const key = `${r.careType}|${r.subregion}`;
		if (seen.has(key))
			ctx.addIssue({ code: 'custom', path: [i, 'careType'], message: 'Deze zorgvorm en subregio staan al eerder in de lijst.' });
		seen.add(key);
	});
};

/** A list of reports: at least one, each zorgvorm × subregio once. */
export const reportListSchema = z
	.array(reportSchema, { error: 'Stuur een lijst met meldingen.' })
	.min(1, { error: 'Stuur minstens één melding.' })
	.max(100, { error: 'Stuur hoogstens 100 meldingen tegelijk.' })
	.superRefine(noDuplicates);

/** The API body with several reports: { "reports": [...] } (a bare JSON array is wrapped in that first). */
export const reportsBodySchema = z.strictObject({ reports: reportListSchema.meta({ description: 'De meldingen.' }) });

export const WAIT_UNITS = ['weken', 'dagen'] as const;
export type WaitUnit = (typeof WAIT_UNITS)[number];

/** A cell of the report form: one zorgvorm in one subregion. */
export interface ReportCell {
	careTypeId: string;
	subregionId: string;
}

/** The form field (and element id) of a cell. */
export function cellName(careTypeId: string, subregionId: string): string {
	return `wt__${careTypeId}__${subregionId}`;
}

const trimmed = (v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim().replace(',', '.')) : v);

/** A cell's messages do not name it: the page's label does ("IHUB in IJmond, in weken"), also in the error summary. */
function cellSchema(unit: WaitUnit) {
	const max = unit === 'weken' ? Math.floor(MAX_WAITING_DAYS / 7) : MAX_WAITING_DAYS;
	return z.preprocess(
		trimmed,
		z.coerce
			.number({ error: `Vul een getal in (${unit}).` })
			.int({ error: `Vul hele ${unit} in.` })
			.min(0, { error: 'De wachttijd kan niet negatief zijn.' })
			.max(max, { error: `Hoogstens ${max} ${unit}.` })
			.optional()
	);
}

/**
 * The report form of /wachttijden: a unit (weken or dagen) and one optional field per zorgvorm ×
 * subregio. Returns the reports in days, or Dutch messages per field (the element ids).
 */
export function parseReportForm(
	form: Record<string, unknown>,
	cells: ReportCell[]
): { ok: true; reports: ReportInput[] } | { ok: false; errors: Record<string, string> } {
	const unit = z.enum(WAIT_UNITS, { error: 'Kies of u de wachttijden in weken of in dagen meldt.' }).safeParse(form.unit);
	if (!unit.success) return { ok: false, errors: { unit: unit.error.issues[0].message } };
	const schema = z.object(Object.fromEntries(cells.map((c) => [cellName(c.careTypeId, c.subregionId), cellSchema(unit.data)])));
	const parsed = schema.safeParse(form);
	if (!parsed.success) return { ok: false, errors: formFields(parsed.error.issues) };
	const factor = unit.data === 'weken' ? 7 : 1;
	const reports = cells.flatMap((c) => {
		const value = parsed.data[cellName(c.careTypeId, c.subregionId)] as number | undefined;
		return value === undefined ? [] : [{ careType: c.careTypeId, subregion: c.subregionId, waitingDays: value * factor }];
	});
	if (!reports.length) return { ok: false, errors: { form: 'Vul minstens één wachttijd in.' } };
	return { ok: true, reports };
}

const day = (label: string) => calendarDay({ label });

/** "Zorg gestart": which wait entry, and on which day the care started. */
export const careStartSchema = z.object({
	waitEntryId: z.uuid({ error: 'Dit wachtende gezin bestaat niet (meer).' }),
	careStartedOn: day('de datum waarop de zorg is gestart')
});
export type CareStartInput = z.output<typeof careStartSchema>;

/** The form field of a zorgvorm's norm on /beheer/zorgvormen. */
export function normName(careTypeId: string): string {
	return `norm__${careTypeId}`;
}

/** The norms form: a whole number of days (1–730) per zorgvorm. */
export function normsSchema(careTypes: { id: string; name: string }[]) {
	return z.object(
		Object.fromEntries(
			careTypes.map((c) => [
				normName(c.id),
				z.preprocess(
					trimmed,
					z.coerce
						.number({ error: `${c.name}: vul de norm in dagen in.` })
						.int({ error: `${c.name}: vul een heel aantal dagen in.` })
						.min(1, { error: `${c.name}: de norm is minstens 1 dag.` })
						.max(730, { error: `${c.name}: de norm is hoogstens 730 dagen (2 jaar).` })
				)
			])
		)
	);
}
