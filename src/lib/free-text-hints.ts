/**
 * What the free-text fields ask people not to write, in one place for every form hint and
 * message (the rule itself is in src/lib/server/validation/text.ts).
 */

/** Short hint under a free-text field about a family. */
export const NO_IDENTIFYING_DATA = 'Geen namen, BSN, telefoonnummers, e-mailadressen, adressen of geboortedata.';

/** Short hint under a field that names professionals (who attends): their names are fine, contact details not. */
export const NO_CONTACT_DETAILS = 'Namen en functies van medewerkers; geen telefoonnummers of e-mailadressen.';

/** Examples of a directbetrokkene described by role and age. */
export const PERSON_LABEL_EXAMPLES = '"Kind 1 (8 jaar)", "Moeder", "Partner van moeder" of "Oma (moederszijde)"';

/** Hint under the description of a directbetrokkene. */
export const PERSON_LABEL_HINT = `Een rol en eventueel leeftijd, geen naam: ${PERSON_LABEL_EXAMPLES}.`;
