import { z } from 'zod';
import { calendarDay } from '../validation/dates.ts';
import { AUDIT_ACTIONS } from './log.ts';
import { endNotBeforeStart, pageCursor, referenceSearch } from '../lists/query.ts';

const day = (label: string) => calendarDay({ label });

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

/** The audit log's query string: ?actie=&gebruiker=&van=&tot=&zoek=&na=. */
export const auditFilterSchema = z
	.object({
		actie: optional(z.enum(AUDIT_ACTIONS, { error: 'Kies een actie uit de lijst.' })),
		gebruiker: optional(z.uuid({ error: 'Kies een gebruiker uit de lijst.' })),
		van: optional(day('de begindatum')),
		tot: optional(day('de einddatum')),
		zoek: referenceSearch,
		na: pageCursor
	})
	.superRefine(endNotBeforeStart);
export type AuditFilterInput = z.infer<typeof auditFilterSchema>;
