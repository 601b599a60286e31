import { amsterdamDay, isWorkingDay } from '../workdays.ts';
import { readWorkdayPolicy } from '../sla/policy.ts';
import { mailEnabled } from './transport.ts';
import type { ServiceDeps } from '../deps.ts';

/** The daily digest's job and when it runs: 08:00 Amsterdam time, Monday to Friday (holidays are skipped by the job). */
export const DIGEST_JOB = 'digest';
export const DIGEST_PATTERN = '0 8 * * 1-5';

/** What planning the digests did: the day, or why not. */
export type DigestPlan = { day: string; planned: string[] } | { day: string; skipped: 'not_a_working_day' | 'smtp_off' };

/**
 * Plans today's digests (the 08:00 job): one 'digest' delivery for each active person who chose the
 * daily overview and has unread notifications they were not e-mailed about yet. Only on working days
 * (weekends and Dutch public holidays as the Termijnen settings define them). Idempotent: a second
 * run the same day (another worker, a retry) plans nothing new. Returns the new deliveries' ids.
 */
export async function planDigests(deps: ServiceDeps): Promise<DigestPlan> {
	const now = deps.clock.now();
	const day = amsterdamDay(now);
	if (!mailEnabled()) return { day, skipped: 'smtp_off' };
	if (!isWorkingDay(day, await readWorkdayPolicy(deps.sql))) return { day, skipped: 'not_a_working_day' };
	const rows = await deps.sql<{ id: string }[]>`
		insert into email_deliveries (user_id, kind, created_at, digest_day)
		select u.id, 'digest', ${now}, ${day}::date from users u
		where u.notification_email = 'digest' and u.disabled_at is null and u.activated_at is not null
		  and exists (select 1 from notifications n where n.user_id = u.id and n.read_at is null and n.id > u.notifications_mailed_through)
		on conflict (user_id, digest_day) where kind = 'digest' do nothing
		returning id::text`;
	return { day, planned: rows.map((r) => r.id) };
}
