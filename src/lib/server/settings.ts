import type { Db } from './db/client.ts';
import { isVtBeheerder, type Capacity } from './actor.ts';
import { rooms } from '../realtime/events.ts';

/**
 * Who may change the region's settings (the deadlines on /beheer/termijnen, the zorgvorm norms on
 * /beheer/zorgvormen): Veilig Thuis's beheerders, the operator of Ketentafel. Other beheerders read
 * them. The pages show the form with this, the services refuse with it.
 */
export function maySetDeadlines(actor: Capacity): boolean {
	return isVtBeheerder(actor);
}

/** The refusal when someone else tries to change a deadline. */
export const ONLY_VT_BEHEERDERS = 'Alleen beheerders van Veilig Thuis wijzigen de termijnen.';

/**
 * Where the event of a settings change goes: the organisation streams of Veilig Thuis, whose work
 * the settings set, and of the organisations of `kinds` (e.g. the consortia for zorgvorm norms).
 */
export async function settingsStreams(tx: Db, kinds: string[] = []): Promise<string[]> {
	const orgs = await tx<{ id: string }[]>`select id from organisations where kind::text = any(${['vt', ...kinds]}::text[]) order by id`;
	return orgs.map((o) => rooms.organisation(o.id));
}
