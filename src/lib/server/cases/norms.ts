import { z } from 'zod';
import type { Db, Sql } from '../db/client.ts';
import { addWorkingDays, type WorkdayPolicy } from '../workdays.ts';
import { audit } from '../audit/log.ts';
import { auditActorOf, type Actor } from '../actor.ts';
import { maySetDeadlines, ONLY_VT_BEHEERDERS } from '../settings.ts';
import { ForbiddenError } from '../errors.ts';

/** The assessment norm per urgency, in werkdagen after the melding (rule 1). */
export interface AssessmentNorms {
	spoed: number;
	regulier: number;
}

export const DEFAULT_ASSESSMENT_NORMS: AssessmentNorms = { spoed: 3, regulier: 5 };

/** The spoed norm a beheerder may set on /beheer/termijnen: whole werkdagen, shorter than the regular 5. */
export const assessmentNormSchema = z.object({
	spoedDays: z.preprocess(
		(v) => (typeof v === 'string' ? v.trim().replace(',', '.') : v),
		z.coerce
			.number({ error: 'Vul een aantal werkdagen in, bijvoorbeeld 3.' })
			.int({ error: 'In hele werkdagen, bijvoorbeeld 3.' })
			.min(1, { error: 'Minimaal 1 werkdag.' })
			.max(DEFAULT_ASSESSMENT_NORMS.regulier - 1, {
				error: `Hoogstens ${DEFAULT_ASSESSMENT_NORMS.regulier - 1} werkdagen, korter dan de ${DEFAULT_ASSESSMENT_NORMS.regulier} werkdagen van een gewone melding.`
			})
	)
});
export type AssessmentNormInput = z.output<typeof assessmentNormSchema>;

/** The norms in force. */
export async function readAssessmentNorms(sql: Db): Promise<AssessmentNorms> {
	const rows = await sql<
		{ urgency: 'spoed' | 'regulier'; workingDays: number }[]
	>`select urgency::text as urgency, working_days from assessment_norms`;
	const out = { ...DEFAULT_ASSESSMENT_NORMS };
	for (const r of rows) out[r.urgency] = r.workingDays;
	return out;
}

/** The norms with who changed the spoed norm last (for the settings page). */
export async function readAssessmentNormsView(
	sql: Db
): Promise<AssessmentNorms & { updatedAt: Date | null; updatedByName: string | null }> {
	const norms = await readAssessmentNorms(sql);
	const [last] = await sql<{ updatedAt: Date; name: string | null }[]>`
		select n.updated_at, u.name from assessment_norms n left join users u on u.id = n.updated_by
		where n.urgency = 'spoed' and n.updated_by is not null`;
	return { ...norms, updatedAt: last?.updatedAt ?? null, updatedByName: last?.name ?? null };
}

/** The due day of an assessment: `normDays` werkdagen after the melding (the melding's day does not count). */
export function assessmentDue(reportDate: string, normDays: number, policy: WorkdayPolicy): string {
	return addWorkingDays(reportDate, normDays, policy);
}

/**
 * A beheerder of Veilig Thuis changes the spoed norm. Audited with the old and new value. It
 * applies to meldingen from now on: each case keeps the norm it was given (cases.assessment_norm_days).
 */
export async function updateAssessmentNorm(sql: Sql, actor: Actor, input: AssessmentNormInput, now: Date): Promise<{ changed: boolean }> {
	if (!maySetDeadlines(actor)) throw new ForbiddenError(ONLY_VT_BEHEERDERS);
	return sql.begin(async (tx) => {
		const [before] = await tx<{ workingDays: number }[]>`select working_days from assessment_norms where urgency = 'spoed' for update`;
		const from = before?.workingDays ?? DEFAULT_ASSESSMENT_NORMS.spoed;
		if (from === input.spoedDays) return { changed: false };
		await tx`
			insert into assessment_norms (urgency, working_days, updated_by, updated_at) values ('spoed', ${input.spoedDays}, ${actor.userId}, ${now})
			on conflict (urgency) do update set working_days = excluded.working_days, updated_by = excluded.updated_by, updated_at = excluded.updated_at`;
		await audit(
			tx,
			auditActorOf(actor),
			'assessment.norm_changed',
			{ type: 'assessment_norm', id: 'spoed' },
			{ from, to: input.spoedDays }
		);
		return { changed: true };
	});
}
