import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { ConflictError, ForbiddenError, InputError } from './errors.ts';

export interface FormProblem {
	message: string;
	fields: Record<string, string>;
}

/** Maps a service error to what a form action returns: 400/409 with a Dutch message, 403 as an error page. */
export function failFrom(e: unknown): ActionFailure<FormProblem> {
	if (e instanceof InputError) return fail(400, { message: e.message, fields: e.fields });
	if (e instanceof ConflictError) return fail(409, { message: e.message, fields: {} });
	if (e instanceof ForbiddenError) error(403, e.message);
	throw e;
}

/** Runs a service read for a page load; a ForbiddenError becomes a 403 page. */
export async function loadOr403<T>(read: () => Promise<T>): Promise<T> {
	try {
		return await read();
	} catch (e) {
		if (e instanceof ForbiddenError) error(403, e.message);
		throw e;
	}
}
