import { error } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { ForbiddenError } from './errors.ts';
import { noteRefusal, type RefusalReason } from './audit/refusals.ts';

/**
 * Refuses the current page or form request with a 403 page and the Dutch message. The refusal is
 * audited with the record the address asked for when the request ends (hooks.server.ts), so every
 * 403 of the portal goes through here or through the guards.
 */
export function forbidden(message: string, reason: RefusalReason = 'no_access'): never {
	noteRefusal(getRequestEvent().locals, reason);
	error(403, message);
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
