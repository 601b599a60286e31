import type { AuthContext } from '$lib/server/auth/session';
import type { RefusalReason } from '$lib/server/audit/refusals';

declare global {
	namespace App {
		interface Locals {
			auth: AuthContext | null;
			/** Why this request was refused (403), audited when it ends (audit/refusals.ts). */
			refused?: RefusalReason;
		}
		interface Error {
			message: string;
			id?: string;
		}
	}
}

export {};
