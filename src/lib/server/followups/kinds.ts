import type { FollowupKind } from './types.ts';
import { conditionFollowup, stepFollowup, termFollowup } from '../trajectories/followups.ts';

/** Every follow-up kind the workers fire and reconcile. */
export const FOLLOWUP_KINDS: readonly FollowupKind[] = [conditionFollowup, stepFollowup, termFollowup];

/** The kind with that name, if any. */
export function followupKind(name: string): FollowupKind | undefined {
	return FOLLOWUP_KINDS.find((k) => k.name === name);
}
