import type { PageData } from './$types';
import { sent, type FormProblem } from '$lib/forms';

export type Table = PageData['table'];
export type Item = Table['items'][number];
export type Partner = PageData['partners'][number];
export type Rights = PageData['rights'];

/** A failed form as the actions return it. */
export type Problem = FormProblem;
export { sent };
