import { z } from 'zod';
import { calendarDay } from '../validation/dates.ts';
import { AUDIT_ACTIONS } from './log.ts';

const day = (label: string) => calendarDay({ label });

const optional = <T extends z.ZodType>(schema: T) =>
	z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

export const auditFilterSchema = z.object({
	actie: optional(z.enum(AUDIT_ACTIONS, { error: 'Kies een actie uit de lijst.' })),
	gebruiker: optional(z.uuid({ error: 'Kies een gebruiker uit de lijst.' })),
	van: optional(day('de begindatum')),
	tot: optional(day('de einddatum')),
	voor: optional(z.coerce.number({ error: 'Ongeldige pagina.' }).int({ error: 'Ongeldige pagina.' }).positive({ error: 'Ongeldige pagina.' }).max(Number.MAX_SAFE_INTEGER, { error: 'Ongeldige pagina.' }))
});
export type AuditFilterInput = z.infer<typeof auditFilterSchema>;
