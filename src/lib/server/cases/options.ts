import type { Db } from '../db/client.ts';
import { PARTNER_KINDS } from '../actor.ts';
import { MUNICIPALITIES } from '../../region.ts';

export interface Option {
	id: string;
	name: string;
}

/** The partner organisations a case can go to (not ended ones), by name. */
export async function partnerOptions(sql: Db): Promise<Option[]> {
	return sql<
		Option[]
	>`select id, name from organisations where kind::text = any(${PARTNER_KINDS as string[]}) and ended_at is null order by name`;
}

/** The nine gemeenten. */
export function municipalityOptions(): Option[] {
	return MUNICIPALITIES.map((m) => ({ id: m.id, name: m.name })).sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}
