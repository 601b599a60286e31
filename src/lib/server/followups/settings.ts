import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { ServiceDeps } from '../deps.ts';
import { audit } from '../audit/log.ts';
import { auditActorOf, type Actor } from '../actor.ts';
import { appendEvent, publish } from '../events/log.ts';
import { ForbiddenError } from '../errors.ts';
import { maySetDeadlines, ONLY_VT_BEHEERDERS, settingsStreams } from '../settings.ts';

/** How the workers follow up: grace before escalation, check-in interval, the V&V statutory term. */
export interface FollowupSettings {
	graceWorkdays: number;
	checkinIntervalDays: number;
	statutoryTermDays: number;
}

export const DEFAULT_FOLLOWUP_SETTINGS: FollowupSettings = { graceWorkdays: 2, checkinIntervalDays: 14, statutoryTermDays: 70 };

const whole = (what: string, min: number, max: number, unit: string) =>
	z.preprocess(
		(v) => (typeof v === 'string' ? v.trim() : v),
		z.coerce
			.number({ error: `Vul bij ${what} een getal in.` })
			.int({ error: `${what}: in hele ${unit}.` })
			.min(min, { error: `${what}: minimaal ${min} ${unit}.` })
			.max(max, { error: `${what}: hoogstens ${max} ${unit}.` })
	);

/** The follow-up settings form (/beheer/termijnen). */
export const followupSettingsSchema = z.object({
	graceWorkdays: whole('Respijt voor escalatie', 0, 20, 'werkdagen'),
	checkinIntervalDays: whole('Veiligheidscheck tijdens wachten', 1, 90, 'dagen'),
	statutoryTermWeeks: whole('Termijn V&V-traject', 1, 52, 'weken')
});
export type FollowupSettingsInput = z.output<typeof followupSettingsSchema>;

/** The settings in force. */
export async function readFollowupSettings(sql: Db): Promise<FollowupSettings> {
	const [row] = await sql<FollowupSettings[]>`
		select grace_workdays, checkin_interval_days, statutory_term_days from followup_settings`;
	return row ?? { ...DEFAULT_FOLLOWUP_SETTINGS };
}

/**
 * A beheerder of Veilig Thuis changes the follow-up settings. In one transaction: the audit row
 * with old and new values and a 'settings.followup_changed' event; published after commit. They
 * apply to items written from now on.
 */
export async function updateFollowupSettings(deps: ServiceDeps, actor: Actor, input: FollowupSettingsInput): Promise<{ changed: boolean }> {
	if (!maySetDeadlines(actor)) throw new ForbiddenError(ONLY_VT_BEHEERDERS);
	const now = deps.clock.now();
	const result = await deps.sql.begin(async (tx) => {
		await tx`select 1 from followup_settings for update`;
		const before = await readFollowupSettings(tx);
		const after: FollowupSettings = {
			graceWorkdays: input.graceWorkdays,
			checkinIntervalDays: input.checkinIntervalDays,
			statutoryTermDays: input.statutoryTermWeeks * 7
		};
		if (JSON.stringify(before) === JSON.stringify(after)) return { changed: false, events: [] };
		await tx`
			update followup_settings set grace_workdays = ${after.graceWorkdays}, checkin_interval_days = ${after.checkinIntervalDays},
			       statutory_term_days = ${after.statutoryTermDays}, updated_by = ${actor.userId}, updated_at = ${now}`;
		await audit(
			tx,
			auditActorOf(actor),
			'followup.settings_changed',
			{ type: 'followup_settings', id: 'regio' },
			{
				graceFrom: before.graceWorkdays,
				graceTo: after.graceWorkdays,
				checkinFrom: before.checkinIntervalDays,
				checkinTo: after.checkinIntervalDays,
				termFrom: before.statutoryTermDays,
				termTo: after.statutoryTermDays
			}
		);
		const event = await appendEvent(
			tx,
			{
				streams: await settingsStreams(tx),
				type: 'settings.followup_changed',
				payload: { actor: actor.name, actorOrg: actor.organisationName, ...after },
				actorUserId: actor.userId
			},
			now
		);
		return { changed: true, events: [event] };
	});
	publish(result.events);
	return { changed: result.changed };
}
