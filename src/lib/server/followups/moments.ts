import { amsterdamInstant } from '../time.ts';
import { addWorkingDays, isWorkingDay, WORKDAY_START_MINUTES, type WorkdayPolicy } from '../workdays.ts';

/** 09:00 Amsterdam time on a day. */
export function startOfWorkOn(day: string): Date {
	return amsterdamInstant(day, WORKDAY_START_MINUTES);
}

/** The day itself when it is a working day, else the next working day. */
export function workingDayFrom(day: string, policy: WorkdayPolicy): string {
	return isWorkingDay(day, policy) ? day : addWorkingDays(day, 1, policy);
}

/**
 * When an item due on `dueOn` is overdue (09:00 on the first working day after it: the owner had
 * the whole due day) and when it escalates (`graceWorkdays` working days later, at 09:00).
 */
export function overdueMoments(dueOn: string, graceWorkdays: number, policy: WorkdayPolicy): { remindAt: Date; escalateAt: Date } {
	const overdueDay = addWorkingDays(dueOn, 1, policy);
	return { remindAt: startOfWorkOn(overdueDay), escalateAt: startOfWorkOn(addWorkingDays(overdueDay, graceWorkdays, policy)) };
}

/**
 * For something to do on a day (a check-in, a monitoring moment): a reminder at 09:00 on that day
 * (or the next working day) and an escalation when it is still not done `graceWorkdays` working
 * days after it.
 */
export function dueDayMoments(dueOn: string, graceWorkdays: number, policy: WorkdayPolicy): { remindAt: Date; escalateAt: Date } {
	const day = workingDayFrom(dueOn, policy);
	return { remindAt: startOfWorkOn(day), escalateAt: startOfWorkOn(addWorkingDays(day, Math.max(1, graceWorkdays), policy)) };
}
