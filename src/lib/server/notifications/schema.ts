import { z } from 'zod';

/** The "markeer als gelezen" form: one notification id. */
export const markReadSchema = z.object({
	id: z.coerce
		.number({ error: 'Onbekende melding.' })
		.int({ error: 'Onbekende melding.' })
		.positive({ error: 'Onbekende melding.' })
		.max(Number.MAX_SAFE_INTEGER, { error: 'Onbekende melding.' })
});
