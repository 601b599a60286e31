export const ROLES = ['medewerker', 'coordinator', 'beheerder', 'gemeente', 'stuurgroep'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATION_KINDS = ['vt', 'cjg', 'wijkteam', 'consortium', 'ggd', 'jeugdhulp', 'gemeente', 'stuurgroep'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
