import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** A form action of the portal: the route (with [params]) and the action's name ('default' for none). */
export interface FormAction {
	route: string;
	action: string;
}

function walk(dir: string, found: string[] = []): string[] {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) walk(path, found);
		else found.push(path);
	}
	return found;
}

/** Every form action, read from src/routes/**\/+page.server.ts, so a new action is fuzzed without a change here. */
export function formActions(root = 'src/routes'): FormAction[] {
	return walk(root)
		.filter((f) => f.endsWith(`${sep}+page.server.ts`))
		.flatMap((file) => {
			const source = readFileSync(file, 'utf8');
			const at = source.indexOf('export const actions');
			if (at < 0) return [];
			const route = '/' + relative(root, file).split(sep).slice(0, -1).join('/');
			const names = [...source.slice(at).matchAll(/^\t(\w+):/gm)].map((m) => m[1]);
			return names.map((action) => ({ route: route === '/' ? '/' : route, action }));
		});
}

/** Every literal field name of the forms in the pages and components (name="…"). */
export function formFieldNames(roots = ['src/routes', 'src/lib/components']): string[] {
	const names = new Set<string>();
	for (const file of roots.flatMap((r) => walk(r)).filter((f) => f.endsWith('.svelte'))) {
		for (const m of readFileSync(file, 'utf8').matchAll(/\bname="([A-Za-z_][\w.]*)"/g)) names.add(m[1]);
	}
	return [...names].sort();
}

/** How a body is sent: its content type and raw bytes or text. */
export interface RawBody {
	label: string;
	contentType: string | null;
	body: string | Uint8Array<ArrayBuffer>;
}

const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();

/** Bodies that are not a well-formed UTF-8 form, whatever the action. */
export function malformedBodies(base: Record<string, string>): RawBody[] {
	const encoded = form(Object.entries(base));
	const utf16 = new Uint8Array(Buffer.from(encoded, 'utf16le'));
	return [
		{ label: 'text/plain', contentType: 'text/plain', body: encoded },
		{ label: 'json', contentType: 'application/json', body: JSON.stringify(base) },
		{ label: 'no content type', contentType: null, body: encoded },
		{
			label: 'multipart without boundary',
			contentType: 'multipart/form-data',
			body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n'
		},
		{
			label: 'truncated multipart',
			contentType: 'multipart/form-data; boundary=x',
			body: '--x\r\nContent-Disposition: form-data; name="note"\r\n\r\nhalf'
		},
		{
			label: 'multipart with a file',
			contentType: 'multipart/form-data; boundary=x',
			body: '--x\r\nContent-Disposition: form-data; name="note"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhoi\r\n--x--\r\n'
		},
		{ label: 'utf-16', contentType: 'application/x-www-form-urlencoded; charset=utf-16', body: utf16 },
		{ label: 'utf-16 declared as form', contentType: 'application/x-www-form-urlencoded', body: utf16 },
		{ label: 'NUL only', contentType: 'application/x-www-form-urlencoded', body: '%00' },
		{
			label: '__proto__ fields',
			contentType: 'application/x-www-form-urlencoded',
			body: '__proto__=x&__proto__.0.a=1&constructor.prototype.polluted=1&persons.0.__proto__=x'
		}
	];
}

/** Values no field should choke on: control characters, huge and odd unicode strings, odd ids, numbers and dates. */
export const HOSTILE_VALUES: Record<string, string[]> = {
	nul: ['\u0000', 'tekst\u0000met nul', '\u0007\u001b[2J'],
	huge: ['x'.repeat(100_000), '😀'.repeat(20_000)],
	unicode: ['\u202egnirts', 'e\u0301\u0301\u0301', '\uFEFF', '𝔨𝔢𝔱𝔢𝔫', '\uD800'],
	uuid: ['not-a-uuid', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', "'; drop table cases; --"],
	number: ['1e308', '-1', '99999999999999999999', 'NaN', 'Infinity', '0x10', '2147483648', '-0'],
	date: [
		'9999-12-31',
		'0000-01-01',
		'0001-01-01',
		'2026-02-31',
		'2026-13-45',
		'+275760-09-13',
		'2026-12-07T25:61',
		'9999-12-31T23:59',
		'0001-01-01T00:00',
		'2026-02-30T10:00'
	]
};

/** A urlencoded body: the base with `value` in every field of `names` (duplicated when asked). */
export function mutatedForm(base: Record<string, string>, names: string[], value: string, duplicate = false): RawBody {
	const fields: [string, string][] = Object.entries(base).map(([k, v]) => [k, names.includes(k) ? value : v]);
	if (duplicate) fields.push(...names.map((n): [string, string] => [n, value]));
	return {
		label: `${names.length} field(s) = ${JSON.stringify(value.slice(0, 24))}${duplicate ? ' (twice)' : ''}`,
		contentType: 'application/x-www-form-urlencoded',
		body: form(fields)
	};
}
