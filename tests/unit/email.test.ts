import { describe, expect, it } from 'vitest';
import { countByCategory, mailCategory } from '../../src/lib/server/email/categories.ts';
import { invitationMail, passwordResetMail, waitingMail } from '../../src/lib/server/email/texts.ts';
import { NOTIFICATION_KINDS } from '../../src/lib/server/notifications/texts.ts';
import { parseEnv } from '../../src/lib/server/env.ts';

describe('notification e-mail categories', () => {
	it('name every kind there is, and still mail a kind nobody named yet', () => {
		for (const kind of NOTIFICATION_KINDS) expect(mailCategory(kind), kind).not.toBe('other');
		expect(mailCategory('handover.offered')).toBe('offer');
		expect(mailCategory('iets.nieuws')).toBe('other');
		expect(countByCategory(['sla.breached', 'sla.reminder_50', 'handover.offered', 'iets.nieuws', 'vv.overdue'])).toEqual([
			{ category: 'offer', count: 2 },
			{ category: 'deadline', count: 2 },
			{ category: 'other', count: 1 }
		]);
	});
});

describe('e-mail texts', () => {
	it('say what waits and how many, with a link, in plain Dutch', () => {
		const one = waitingMail({ counts: [{ category: 'offer', count: 1 }], origin: 'https://kt.example.nl', digest: false });
		expect(one.subject).toBe('Ketentafel: 1 overdracht wacht op antwoord van uw organisatie');
		expect(one.text).toContain('https://kt.example.nl/meldingen');
		const digest = waitingMail({
			counts: [
				{ category: 'deadline', count: 2 },
				{ category: 'escalation', count: 1 }
			],
			origin: 'https://kt.example.nl',
			digest: true
		});
		expect(digest.subject).toBe('Ketentafel: uw dagoverzicht (3 meldingen)');
		expect(digest.text).toContain('- 2 termijnen zijn verstreken\n- 1 escalatie vraagt uw aandacht');
	});

	it('give the link and until when it works', () => {
		const until = new Date('2026-11-26T13:30:00Z');
		expect(invitationMail({ organisations: ['CJG Kennemerland'], link: 'https://kt/uitnodiging/abc', validUntil: until }).text).toMatch(
			/voor CJG Kennemerland[\s\S]*https:\/\/kt\/uitnodiging\/abc[\s\S]*geldig tot 26 november 2026 om 14:30/
		);
		expect(passwordResetMail({ link: 'https://kt/wachtwoord-herstellen/abc', validUntil: until }).text).toContain(
			'Heeft u dit niet zelf gevraagd?'
		);
	});
});

describe('e-mail configuration', () => {
	it('is off without SMTP_URL, and needs MAIL_FROM with it', () => {
		expect(parseEnv({}).SMTP_URL).toBeUndefined();
		expect(() => parseEnv({ SMTP_URL: 'smtp://mail.local:25' })).toThrow(/^MAIL_FROM is required when SMTP_URL is set/);
		expect(() => parseEnv({ SMTP_URL: 'http://mail.local' })).toThrow(/^SMTP_URL must be a smtp: or smtps:\/\/ URL/);
		expect(() => parseEnv({ SMTP_URL: 'smtp://mail.local', MAIL_FROM: 'geen adres' })).toThrow(/^MAIL_FROM must be an e-mail address/);
		expect(parseEnv({ SMTP_URL: 'smtps://u:p@mail.local:465', MAIL_FROM: 'Ketentafel <noreply@kt.example.nl>' }).MAIL_FROM).toBe(
			'Ketentafel <noreply@kt.example.nl>'
		);
	});

	it('never shows the SMTP password in a message', () => {
		expect(() => parseEnv({ SMTP_URL: 'ftp://gebruiker:geheim@mail.local' })).toThrow(/^(?!.*geheim)/);
	});
});
