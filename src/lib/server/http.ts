import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { ConflictError, ForbiddenError, InputError } from './errors.ts';
import { noteRefusal, type RefusalReason } from './audit/refusals.ts';

export interface FormProblem {
	message: string;
	fields: Record<string, string>;
}

/**
 * Refuses the current page or form request with a 403 page and the Dutch message. The refusal is
 * audited with the record the address asked for when the request ends (hooks.server.ts), so every
 * 403 of the portal goes through here or through the guards.
 */
export function forbidden(message: string, reason: RefusalReason = 'no_access'): never {
	noteRefusal(getRequestEvent().locals, reason);
	error(403, message);
}

/** Maps a service error to what a form action returns: 400/409 with a Dutch message, 403 as an error page. */
export function failFrom(e: unknown): ActionFailure<FormProblem> {
	if (e instanceof InputError) return fail(400, { message: e.message, fields: e.fields });
	if (e instanceof ConflictError) return fail(409, { message: e.message, fields: {} });
	if (e instanceof ForbiddenError) forbidden(e.message);
	throw e;
}

/** Runs a service read for a page load; a ForbiddenError becomes a 403 page. */
export async function loadOr403<T>(read: () => Promise<T>): Promise<T> {
	try {
		return await read();
	} catch (e) {
		if (e instanceof ForbiddenError) forbidden(e.message);
		throw e;
	}
}
