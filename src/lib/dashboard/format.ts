import type { Published } from './types.ts';

const number = new Intl.NumberFormat('nl-NL');
const oneDecimal = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });

/** A published count as Dutch readers expect ("1.234", "<5" or "afgeschermd"). */
export function formatCount(value: Published): string {
	return typeof value === 'number' ? number.format(value) : value;
}

/** The legend under every table and chart with counts. */
export const SUPPRESSION_NOTE =
	'<5: minder dan 5, afgeschermd. "afgeschermd": 5 of meer, maar verborgen zodat een klein aantal niet uit een totaal kan worden afgeleid. ' +
	'Doorlooptijden: de mediaan vanaf 10 gezinnen, het 90e percentiel (p90) vanaf 20.';

/** Minutes as hours below two days ("6 uur"), else days ("3,5 dagen"). */
export function formatMinutes(minutes: number): string {
	if (minutes < 48 * 60) {
		const hours = minutes / 60;
		return `${oneDecimal.format(hours)} uur`;
	}
	const days = minutes / 1440;
	return `${oneDecimal.format(days)} ${days === 1 ? 'dag' : 'dagen'}`;
}

/** Why a duration is not shown. */
export const TOO_FEW_FAMILIES = 'minder dan 10 gezinnen';
