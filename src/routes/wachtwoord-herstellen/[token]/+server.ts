import type { RequestHandler } from './$types';
import { moveLinkToCookie } from '$lib/server/auth/link-pages';

export const GET: RequestHandler = ({ params, cookies }) =>
	moveLinkToCookie(cookies, params.token, 'password_reset', '/wachtwoord-herstellen');
