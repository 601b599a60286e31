import type { AnyFollowupKind } from './types.ts';
import { conditionFollowup, stepFollowup, termFollowup } from '../trajectories/followups.ts';
import { checkinFollowup } from '../checkins/followups.ts';
import { monitoringFollowup } from '../monitoring/followups.ts';
import { waitNormFollowup } from '../waiting/followups.ts';
import { slaFollowup } from '../sla/followups.ts';

/** Every follow-up kind the workers fire and reconcile. */
export const FOLLOWUP_KINDS: readonly AnyFollowupKind[] = [
	slaFollowup,
	conditionFollowup,
	stepFollowup,
	termFollowup,
	checkinFollowup,
	monitoringFollowup,
	waitNormFollowup
];

/** The kind with that name, if any. */
export function followupKind(name: string): AnyFollowupKind | undefined {
	return FOLLOWUP_KINDS.find((k) => k.name === name);
}
