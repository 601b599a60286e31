import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/lib/server/env.ts';
import { ConfigError } from '../../src/lib/server/errors.ts';
import { daysBefore, retentionPolicy } from '../../src/lib/server/retention/policy.ts';
import { formatRetentionReport } from '../../src/lib/server/retention/report.ts';
import { RETENTION_KINDS } from '../../src/lib/server/retention/kinds.ts';
import { AUDIT_ACTIONS } from '../../src/lib/server/audit/log.ts';
import { AUDIT_ACTION_LABELS, auditDetails, auditRecord } from '../../src/lib/audit-labels.ts';

describe('the retention policy', () => {
	it('has documented defaults', () => {
		expect(retentionPolicy(parseEnv({}))).toEqual({
			caseTextDays: 180,
			readNotificationDays: 30,
			unreadNotificationDays: 90,
			revokedTokenDays: 180,
			batchSize: 500
		});
	});

	it('reads its settings from the environment', () => {
		const policy = retentionPolicy(
			parseEnv({
				RETENTION_CASE_TEXT_DAYS: '365',
				RETENTION_READ_NOTIFICATION_DAYS: '14',
				RETENTION_UNREAD_NOTIFICATION_DAYS: '60',
				RETENTION_REVOKED_TOKEN_DAYS: '730',
				RETENTION_BATCH_SIZE: '100'
			})
		);
		expect(policy).toEqual({
			caseTextDays: 365,
			readNotificationDays: 14,
			unreadNotificationDays: 60,
			revokedTokenDays: 730,
			batchSize: 100
		});
	});

	it.each([
		[
			{ RETENTION_CASE_TEXT_DAYS: 'half jaar' },
			/^RETENTION_CASE_TEXT_DAYS must be a whole number, e\.g\. RETENTION_CASE_TEXT_DAYS=180 \(got "half jaar"\)$/
		],
		[{ RETENTION_CASE_TEXT_DAYS: '0' }, /^RETENTION_CASE_TEXT_DAYS must be between 1 and 3650/],
		[{ RETENTION_READ_NOTIFICATION_DAYS: '7.5' }, /^RETENTION_READ_NOTIFICATION_DAYS must be a whole number/],
		[{ RETENTION_BATCH_SIZE: '100000' }, /^RETENTION_BATCH_SIZE must be between 1 and 10000/],
		[
			{ RETENTION_READ_NOTIFICATION_DAYS: '60', RETENTION_UNREAD_NOTIFICATION_DAYS: '30' },
			/^RETENTION_UNREAD_NOTIFICATION_DAYS must be at least RETENTION_READ_NOTIFICATION_DAYS \(60\)/
		]
	])('names the variable and the fix for %o', (source, message) => {
		expect(() => parseEnv(source)).toThrow(ConfigError);
		expect(() => parseEnv(source)).toThrow(message);
	});

	it('counts periods in days of 24 hours', () => {
		expect(daysBefore(new Date('2030-07-20T07:00:00Z'), 180).toISOString()).toBe('2030-01-21T07:00:00.000Z');
		expect(daysBefore(new Date('2030-07-20T07:00:00Z'), 0).toISOString()).toBe('2030-07-20T07:00:00.000Z');
	});

	it('is an audited action with a Dutch label for every kind', () => {
		expect(AUDIT_ACTIONS).toContain('retention.applied');
		expect(AUDIT_ACTION_LABELS['retention.applied']).toBe('Bewaartermijn toegepast (systeem)');
		expect(new Set(RETENTION_KINDS.map((k) => k.id)).size).toBe(RETENTION_KINDS.length);
		expect(auditRecord('retention', 'case_texts')).toBe('bewaartermijn case_texts');
		expect(auditDetails({ what: 'gelezen meldingen in de bel', count: 3, before: '2030-06-20T07:00:00.000Z', via: 'job' })).toBe(
			'wat: gelezen meldingen in de bel, aantal: 3, ouder dan: 2030-06-20T07:00:00.000Z, via: nachtelijke taak'
		);
	});
});

describe('formatRetentionReport', () => {
	const report = (dryRun: boolean) => ({
		at: new Date('2030-07-20T01:15:00Z'),
		dryRun,
		kinds: [
			{
				kind: 'sessions',
				effect: 'deleted' as const,
				before: new Date('2030-07-20T01:15:00Z'),
				count: 12,
				oldest: new Date('2030-07-18T20:00:00Z')
			},
			{ kind: 'case_texts', effect: 'pseudonymised' as const, before: new Date('2030-01-21T01:15:00Z'), count: 0, oldest: null }
		]
	});

	it('shows per kind what a dry run would do, in Amsterdam time, and says that nothing changed', () => {
		expect(formatRetentionReport(report(true)).split('\n')).toEqual([
			'retention dry run at 2030-07-20 03:15 (Europe/Amsterdam): nothing was changed; a run now would do this',
			'',
			'kind        would         rows  period started before  oldest',
			'sessions    delete          12  2030-07-20 03:15       2030-07-18',
			'case_texts  pseudonymise     0  2030-01-21 02:15       –'
		]);
	});

	it('shows what a run did', () => {
		const lines = formatRetentionReport(report(false)).split('\n');
		expect(lines[0]).toBe('retention applied at 2030-07-20 03:15 (Europe/Amsterdam)');
		expect(lines[3]).toBe('sessions    deleted          12  2030-07-20 03:15       2030-07-18');
	});
});
