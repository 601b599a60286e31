import { z } from 'zod';
import type { Db, Sql } from '../db/client.ts';
import type { WorkdayPolicy } from '../workdays.ts';
import { audit, type AuditActor } from '../audit/log.ts';

export type Urgency = 'spoed' | 'regulier';

/** The response time per urgency, in working minutes (09:00–17:00 on werkdagen). */
export interface SlaPolicies {
	spoed: number;
	regulier: number;
}

export const DEFAULT_SLA_POLICIES: SlaPolicies = { spoed: 240, regulier: 960 };

/** What a beheerder may set on /beheer/termijnen; hours and werkdagen are entered, minutes stored. */
const decimal = (v: unknown) => (typeof v === 'string' ? v.trim().replace(',', '.') : v);
export const slaSettingsSchema = z.object({
	spoedHours: z.preprocess(
		decimal,
		z.coerce
			.number({ error: 'Vul een aantal werkuren in, bijvoorbeeld 4.' })
			.min(0.5, { error: 'Spoed: minimaal een half werkuur.' })
			.max(40, { error: 'Spoed: hoogstens 40 werkuren (5 werkdagen).' })
			.refine((v) => Number.isInteger(v * 2), { error: 'Spoed: in hele of halve uren, bijvoorbeeld 4 of 4,5.' })
	),
	regulierDays: z.preprocess(
		decimal,
		z.coerce
			.number({ error: 'Vul een aantal werkdagen in, bijvoorbeeld 2.' })
			.min(0.5, { error: 'Regulier: minimaal een halve werkdag.' })
			.max(30, { error: 'Regulier: hoogstens 30 werkdagen.' })
			.refine((v) => Number.isInteger(v * 2), { error: 'Regulier: in hele of halve werkdagen, bijvoorbeeld 2 of 2,5.' })
	),
	goodFriday: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
	liberationDay: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean())
});
export type SlaSettingsInput = z.output<typeof slaSettingsSchema>;

/** One working day is 8 working hours. */
export const WORKDAY_MINUTES = 8 * 60;

/** The current response-time policies. */
export async function readSlaPolicies(sql: Db): Promise<SlaPolicies> {
	const rows = await sql<
		{ urgency: Urgency; responseMinutes: number }[]
	>`select urgency::text as urgency, response_minutes from sla_policies`;
	const out = { ...DEFAULT_SLA_POLICIES };
	for (const r of rows) out[r.urgency] = r.responseMinutes;
	return out;
}

/** The current workday policy (whether Goede Vrijdag and Bevrijdingsdag are days off). */
export async function readWorkdayPolicy(sql: Db): Promise<WorkdayPolicy> {
	const [row] = await sql<{ goodFridayOff: boolean; liberationDayOff: boolean }[]>`
		select good_friday_off, liberation_day_off from workday_settings`;
	return { goodFriday: row?.goodFridayOff ?? false, liberationDay: row?.liberationDayOff ?? false };
}

export interface SlaSettingsView {
	policies: SlaPolicies;
	workdays: WorkdayPolicy;
	updatedAt: Date | null;
	updatedByName: string | null;
}

/** Everything the policies page shows, with who changed it last. */
export async function readSlaSettings(sql: Db): Promise<SlaSettingsView> {
	const [policies, workdays] = await Promise.all([readSlaPolicies(sql), readWorkdayPolicy(sql)]);
	const [last] = await sql<{ updatedAt: Date; name: string | null }[]>`
		select x.updated_at, u.name from (
		  select updated_at, updated_by from sla_policies union all select updated_at, updated_by from workday_settings
		) x left join users u on u.id = x.updated_by
		where x.updated_by is not null order by x.updated_at desc limit 1`;
	return { policies, workdays, updatedAt: last?.updatedAt ?? null, updatedByName: last?.name ?? null };
}

/**
 * A beheerder changes the policies and workday settings. Each actual change writes its own audit
 * row with the old and new value; existing offers keep the deadline they were given.
 */
export async function updateSlaSettings(sql: Sql, actor: AuditActor, input: SlaSettingsInput, now: Date): Promise<{ changed: number }> {
	const spoed = Math.round(input.spoedHours * 60);
	const regulier = Math.round(input.regulierDays * WORKDAY_MINUTES);
	return sql.begin(async (tx) => {
		let changed = 0;
		await tx`select 1 from workday_settings for update`;
		const before = await readSlaPolicies(tx);
		for (const [urgency, minutes] of [
			['spoed', spoed],
			['regulier', regulier]
		] as const) {
			if (before[urgency] === minutes) continue;
			await tx`update sla_policies set response_minutes = ${minutes}, updated_by = ${actor.userId}, updated_at = ${now} where urgency = ${urgency}`;
			await audit(tx, actor, 'sla.policy_changed', { type: 'sla_policy', id: urgency }, { from: before[urgency], to: minutes });
			changed++;
		}
		const days = await readWorkdayPolicy(tx);
		if (days.goodFriday !== input.goodFriday || days.liberationDay !== input.liberationDay) {
			await tx`
				update workday_settings set good_friday_off = ${input.goodFriday}, liberation_day_off = ${input.liberationDay},
				       updated_by = ${actor.userId}, updated_at = ${now}`;
			await audit(
				tx,
				actor,
				'sla.workdays_changed',
				{ type: 'workday_settings', id: 'nl' },
				{
					goodFriday: input.goodFriday,
					liberationDay: input.liberationDay
				}
			);
			changed++;
		}
		return { changed };
	});
}
