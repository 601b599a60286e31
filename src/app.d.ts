import type { AuthContext } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Locals {
			auth: AuthContext | null;
		}
		interface Error {
			message: string;
			id?: string;
		}
	}
}

export {};
