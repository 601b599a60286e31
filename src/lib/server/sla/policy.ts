import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { ServiceDeps } from '../deps.ts';
import type { WorkdayPolicy } from '../workdays.ts';
import { audit } from '../audit/log.ts';
import { auditActorOf, type Actor } from '../actor.ts';
import { appendEvent, publish } from '../events/log.ts';
import { ForbiddenError } from '../errors.ts';
import { maySetDeadlines, ONLY_VT_BEHEERDERS, settingsStreams } from '../settings.ts';

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
			.min(0.5, { error: 'Minimaal een half werkuur.' })
			.max(40, { error: 'Hoogstens 40 werkuren (5 werkdagen).' })
			.refine((v) => Number.isInteger(v * 2), { error: 'In hele of halve uren, bijvoorbeeld 4 of 4,5.' })
	),
	regulierDays: z.preprocess(
		decimal,
		z.coerce
			.number({ error: 'Vul een aantal werkdagen in, bijvoorbeeld 2.' })
			.min(0.5, { error: 'Minimaal een halve werkdag.' })
			.max(30, { error: 'Hoogstens 30 werkdagen.' })
			.refine((v) => Number.isInteger(v * 2), { error: 'In hele of halve werkdagen, bijvoorbeeld 2 of 2,5.' })
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
 * A beheerder of Veilig Thuis changes the response terms and the workday settings. In one
 * transaction: each actual change its audit row with the old and new value, and one
 * 'settings.sla_changed' event with the values in force; published after commit. Existing offers
 * keep the deadline they were given.
 */
export async function updateSlaSettings(deps: ServiceDeps, actor: Actor, input: SlaSettingsInput): Promise<{ changed: number }> {
	if (!maySetDeadlines(actor)) throw new ForbiddenError(ONLY_VT_BEHEERDERS);
	const now = deps.clock.now();
	const spoed = Math.round(input.spoedHours * 60);
	const regulier = Math.round(input.regulierDays * WORKDAY_MINUTES);
	const who = auditActorOf(actor);
	const result = await deps.sql.begin(async (tx) => {
		let changed = 0;
		await tx`select 1 from workday_settings for update`;
		const before = await readSlaPolicies(tx);
		for (const [urgency, minutes] of [
			['spoed', spoed],
			['regulier', regulier]
		] as const) {
			if (before[urgency] === minutes) continue;
			await tx`update sla_policies set response_minutes = ${minutes}, updated_by = ${actor.userId}, updated_at = ${now} where urgency = ${urgency}`;
			await audit(tx, who, 'sla.policy_changed', { type: 'sla_policy', id: urgency }, { from: before[urgency], to: minutes });
			changed++;
		}
		const days = await readWorkdayPolicy(tx);
		if (days.goodFriday !== input.goodFriday || days.liberationDay !== input.liberationDay) {
			await tx`
				update workday_settings set good_friday_off = ${input.goodFriday}, liberation_day_off = ${input.liberationDay},
				       updated_by = ${actor.userId}, updated_at = ${now}`;
			await audit(
				tx,
				who,
				'sla.workdays_changed',
				{ type: 'workday_settings', id: 'nl' },
				{
					goodFriday: input.goodFriday,
					liberationDay: input.liberationDay,
					goodFridayFrom: days.goodFriday,
					liberationDayFrom: days.liberationDay
				}
			);
			changed++;
		}
		if (!changed) return { changed, events: [] };
		const event = await appendEvent(
			tx,
			{
				streams: await settingsStreams(tx),
				type: 'settings.sla_changed',
				payload: {
					actor: actor.name,
					actorOrg: actor.organisationName,
					spoedHours: spoed / 60,
					regulierDays: regulier / WORKDAY_MINUTES,
					goodFridayOff: input.goodFriday ? 'ja' : 'nee',
					liberationDayOff: input.liberationDay ? 'ja' : 'nee'
				},
				actorUserId: actor.userId
			},
			now
		);
		return { changed, events: [event] };
	});
	publish(result.events);
	return { changed: result.changed };
}
