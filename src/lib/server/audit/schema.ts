import { z } from 'zod';
import { AUDIT_ACTIONS } from './log.ts';

const day = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Gebruik een datum als 2026-11-23.' })
	.refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: 'Deze datum bestaat niet.' });

const optional = <T extends z.ZodType>(schema: T) =>
	z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

export const auditFilterSchema = z.object({
	actie: optional(z.enum(AUDIT_ACTIONS, { error: 'Kies een actie uit de lijst.' })),
	gebruiker: optional(z.uuid({ error: 'Kies een gebruiker uit de lijst.' })),
	van: optional(day),
	tot: optional(day),
	voor: optional(z.coerce.number({ error: 'Ongeldige pagina.' }).int().positive())
});
export type AuditFilterInput = z.infer<typeof auditFilterSchema>;
