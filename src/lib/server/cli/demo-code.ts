import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { env } from '../env.ts';
import { runOrExit } from '../startup.ts';
import { closeDb, db } from '../db/client.ts';
import { decrypt } from '../auth/crypto.ts';
import { totpCode } from '../auth/totp.ts';
import { systemClock } from '../clock.ts';
import { ConfigError } from '../errors.ts';

/**
 * Demo helper for trying two-factor sign-in without a phone: prints the current code for a key
 * shown on the setup page, or for a demo account that already set one up. Refuses in production.
 */
await runOrExit('demo:code', async () => {
	if (env().production) throw new ConfigError('demo:code is a demo helper and does not run with NODE_ENV=production');
	const input = process.argv.slice(2).join(' ').trim();
	if (!input) throw new ConfigError('usage: npm run demo:code -- <e-mail of a demo account | key from the setup page>');
	let key: Uint8Array;
	if (input.includes('@')) {
		const [user] = await db()<{ totpKey: Uint8Array | null }[]>`select totp_key from users where email = ${input.toLowerCase()}`;
		await closeDb();
		if (!user?.totpKey) throw new ConfigError(`${input} has no two-factor key yet: set it up in the portal first`);
		key = decrypt(user.totpKey);
	} else {
		key = decodeBase32IgnorePadding(input.replace(/\s/g, '').toUpperCase());
	}
	console.log(totpCode(key, systemClock.now()));
});
