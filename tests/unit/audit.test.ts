import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../src/lib/server/audit/log.ts';
import { recordAskedFor } from '../../src/lib/server/audit/refusals.ts';
import { AUDIT_ACTION_LABELS, auditDetails, auditLists, tokenRole } from '../../src/lib/audit-labels.ts';
import { API_SCOPES } from '../../src/lib/server/api/scopes.ts';

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? sources(path) : /\.(ts|svelte)$/.test(name) ? [path] : [];
	});
}

describe('audit labels', () => {
	it('name every action in Dutch', () => {
		expect(AUDIT_ACTIONS.filter((a) => !AUDIT_ACTION_LABELS[a])).toEqual([]);
	});

	it('show the records a list showed as a list, not as text', () => {
		const details = { shown: 'case', rows: 2, ids: ['a1', 'b2'], via: 'pagina' };
		expect(auditDetails(details)).toBe('via: pagina');
		expect(auditLists(details)).toEqual([{ label: '2 zaken getoond', items: ['a1', 'b2'] }]);
		expect(auditLists({ via: 'live', after: 4, streams: ['case:c1', 'org:o1'], events: [5, 6], rows: 2 })).toEqual([
			{ label: 'gevolgde stromen: 2', items: ['zaak c1', 'organisatie o1'] },
			{ label: 'nagestuurde gebeurtenissen: 2', items: ['5', '6'] }
		]);
		expect(auditDetails({ via: 'wachtrijen', reason: 'role', path: '/beheer/wachtrijen/' })).toBe(
			'via: wachtrijbeheer, reden: rol past niet, pagina: /beheer/wachtrijen/'
		);
	});

	it('describe a token’s role by its scopes', () => {
		expect(tokenRole(['handovers:read', 'handovers:answer'])).toBe('API-koppeling: overdrachten lezen, overdrachten beantwoorden');
		for (const scope of API_SCOPES) expect(tokenRole([scope])).not.toContain(':read');
	});
});

describe('refusals', () => {
	it('name the record behind the [id] of a page', () => {
		expect(recordAskedFor('/zaken/[id]/bewerken', { id: 'c1' })).toEqual({ type: 'case', id: 'c1' });
		expect(recordAskedFor('/tafels/[id]/samenvatting', { id: 't1' })).toEqual({ type: 'table', id: 't1' });
		expect(recordAskedFor('/veiligheidschecks/[id]', { id: 'v1' })).toEqual({ type: 'safety_checkin', id: 'v1' });
		expect(recordAskedFor('/beheer/audit', {})).toBeNull();
		expect(recordAskedFor(null, {})).toBeNull();
	});

	it('all go through forbidden() or the guards, so each is audited', () => {
		const direct = [...sources('src/routes'), ...sources('src/lib/server')]
			.filter((f) => !f.endsWith(join('server', 'http.ts')) && !f.endsWith(join('auth', 'guards.ts')))
			.filter((f) => /\berror\(\s*403\b/.test(readFileSync(f, 'utf8')));
		expect(direct).toEqual([]);
	});
});
