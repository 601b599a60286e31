import type { Db } from '../db/client.ts';
import { formatDay } from '../../labels.ts';

/** The parts of rule 5 that can keep VT from closing its part of a V&V-traject. */
export type CloseBlockerKind = 'waiting' | 'conditions' | 'warm_handover' | 'continuation';

/** One reason VT cannot close its part yet, in Dutch. */
export interface CloseBlocker {
	kind: CloseBlockerKind;
	message: string;
}

interface BlockerRow {
	blocker: 'waiting' | 'condition' | 'warm_handover' | 'continuation';
	subject: string;
	since: string | null;
	dueOn: string | null;
}

/** "1 veiligheidsvoorwaarde staat" / "2 veiligheidsvoorwaarden staan". */
function conditionsSentence(open: number, overdue: number): string {
	const subject = open === 1 ? '1 veiligheidsvoorwaarde staat' : `${open} veiligheidsvoorwaarden staan`;
	const late =
		overdue === 0
			? ''
			: open === 1
				? ' en is over de uiterste datum'
				: overdue === open
					? ', alle over de uiterste datum'
					: `, waarvan ${overdue} over de uiterste datum`;
	return `${subject} nog open${late}. Zet elke voorwaarde op nagekomen of niet nagekomen.`;
}

/**
 * Why VT cannot close its part of the trajectory now (rule 5), one Dutch sentence per rule that
 * applies, in a fixed order; empty when it can. Which rules apply is decided by the database
 * function trajectory_close_blockers (migration 020), the same one its trigger enforces; `today`
 * (Amsterdam) only decides which open conditions the sentence calls overdue.
 */
export async function vtCloseBlockers(sql: Db, trajectoryId: string, today: string): Promise<CloseBlocker[]> {
	const rows = await sql<BlockerRow[]>`
		select blocker, subject, to_char(since, 'YYYY-MM-DD') as since, to_char(due_on, 'YYYY-MM-DD') as due_on
		from trajectory_close_blockers(${trajectoryId}) order by blocker, since, subject`;
	const out: CloseBlocker[] = [];
	const waiting = rows.filter((r) => r.blocker === 'waiting');
	if (waiting.length) {
		const whom = waiting.map((w) => `${w.subject} (sinds ${formatDay(w.since!)})`).join(' en ');
		out.push({
			kind: 'waiting',
			message: `Het gezin wacht nog op zorg van ${whom}. Na het afsluiten door Veilig Thuis mag geen gezin op een wachtlijst staan: sluit af als de zorg is gestart.`
		});
	}
	const conditions = rows.filter((r) => r.blocker === 'condition');
	if (conditions.length) {
		out.push({ kind: 'conditions', message: conditionsSentence(conditions.length, conditions.filter((c) => c.dueOn! < today).length) });
	}
	const warm = rows.find((r) => r.blocker === 'warm_handover');
	if (warm) {
		out.push({
			kind: 'warm_handover',
			message: `De warme overdracht met ${warm.subject} is nog niet afgerond: beide kanten bevestigen eerst dat het gezamenlijke contactmoment heeft plaatsgevonden.`
		});
	}
	const continuation = rows.find((r) => r.blocker === 'continuation');
	if (continuation)
		out.push({ kind: 'continuation', message: `${continuation.subject} heeft nog niet bevestigd dat het de ondersteuning voortzet.` });
	return out;
}

/** The refusal VT gets when it tries to close anyway: every blocker, in one message. */
export function closeRefusal(blockers: CloseBlocker[]): string {
	return `Veilig Thuis kan zijn deel nog niet afsluiten. ${blockers.map((b) => b.message).join(' ')}`;
}

/** True for the database's refusal of a closing that breaks rule 5 (the trigger of migration 020). */
export function isRule5Violation(error: unknown): boolean {
	const e = error as { code?: string; constraint_name?: string };
	return e?.code === '23514' && e.constraint_name === 'trajectory_rule5';
}
