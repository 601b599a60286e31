import type { Db } from '../db/client.ts';
import { amsterdamDay } from '../workdays.ts';
import type { AssessmentState } from '../../assessment-labels.ts';

export type { AssessmentState };

/**
 * Rule 1: where a safety assessment stands against its norm at `asof` — the TypeScript twin of
 * the SQL function assessment_state() (migration 021), which the lists, counts and rollups use.
 * 'on_time' / 'late': completed (by `asof`) on or before / after the due day (Amsterdam);
 * 'open' / 'overdue': not completed by `asof`, within / past the due day. Offers play no part.
 */
export function assessmentState(due: string, completedAt: Date | null, asof: Date): AssessmentState {
	if (completedAt && completedAt.getTime() <= asof.getTime()) return amsterdamDay(completedAt) > due ? 'late' : 'on_time';
	return amsterdamDay(asof) > due ? 'overdue' : 'open';
}

/** The SQL of assessmentState() for the case aliased `c`, at `asof`. */
export function assessmentStateOf(sql: Db, asof: Date, alias = 'c') {
	return sql`assessment_state(${sql(alias)}.assessment_due, ${sql(alias)}.assessment_completed_at, ${asof}::timestamptz)`;
}
