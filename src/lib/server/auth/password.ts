import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

let dummy: Promise<string> | undefined;

/**
 * Verifies a password against an argon2id hash. Without a hash (unknown account) it still spends
 * the same work on a dummy hash, so timing does not reveal whether an account exists.
 */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
	if (passwordHash === null) {
		await verify(await (dummy ??= hashPassword('ketentafel-dummy')), password).catch(() => false);
		return false;
	}
	return verify(passwordHash, password).catch(() => false);
}
