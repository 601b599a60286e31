import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocument } from '../api/openapi.ts';

/**
 * `npm run api:lint`: writes the generated OpenAPI document (as GET /api/v1/openapi.json serves it)
 * to a temporary file and lints it with Redocly CLI (rules: redocly.yaml); exits with its status,
 * non-zero on any error. `npm run api:lint -- --keep` leaves the file and prints where it is.
 * Needs no database or Redis.
 */
const dir = mkdtempSync(join(tmpdir(), 'ketentafel-openapi-'));
const file = join(dir, 'openapi.json');
const keep = process.argv.includes('--keep');
function lint(): number {
	try {
		writeFileSync(file, `${JSON.stringify(openApiDocument('https://ketentafel.example'), null, 2)}\n`);
		const result = spawnSync('redocly', ['lint', '--config', 'redocly.yaml', file], { stdio: 'inherit' });
		if (result.error) console.error(result.error.message);
		return result.status ?? 1;
	} finally {
		if (keep) console.log(`Het document staat in ${file}`);
		else rmSync(dir, { recursive: true, force: true });
	}
}
process.exit(lint());
