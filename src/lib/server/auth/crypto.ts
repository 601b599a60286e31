import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { env } from '../env.ts';

/** Encrypts a small secret with AES-256-GCM under ENCRYPTION_KEY: iv (12) | tag (16) | ciphertext. */
export function encrypt(plain: Uint8Array): Buffer {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', env().ENCRYPTION_KEY, iv);
	const body = Buffer.concat([cipher.update(plain), cipher.final()]);
	return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Decrypts what encrypt() produced; throws when it was tampered with or the key changed. */
export function decrypt(data: Uint8Array): Uint8Array {
	const buffer = Buffer.from(data);
	const decipher = createDecipheriv('aes-256-gcm', env().ENCRYPTION_KEY, buffer.subarray(0, 12));
	decipher.setAuthTag(buffer.subarray(12, 28));
	return new Uint8Array(Buffer.concat([decipher.update(buffer.subarray(28)), decipher.final()]));
}

/** Lower-case hex SHA-256 of a string. */
export function sha256Hex(value: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(value)));
}
