import { createTransport } from 'nodemailer';
import { env } from '../env.ts';
import type { MailContent } from './texts.ts';

/** What sending one e-mail needs: something that hands a message to an SMTP server. */
export interface MailSender {
	send(to: string, content: MailContent): Promise<void>;
	close(): void;
}

/** Whether e-mail is configured (SMTP_URL): without it nothing is sent and the status page says so. */
export function mailEnabled(): boolean {
	return !!env().SMTP_URL;
}

/** An SMTP error as a short word for the record: the server's status code or the error code, never the message. */
export function mailErrorCode(error: unknown): string {
	const e = error as { responseCode?: number; code?: string; name?: string };
	return String(e.responseCode ?? e.code ?? e.name ?? 'error').slice(0, 40);
}

/**
 * Sends through the SMTP server of SMTP_URL (smtp:// with STARTTLS when offered, smtps:// for TLS
 * from the start; user and password in the URL), from MAIL_FROM, as plain UTF-8 text. Short
 * timeouts: a server that hangs fails the attempt, and the job's retry policy takes over.
 */
export function smtpSender(url = env().SMTP_URL, from = env().MAIL_FROM): MailSender {
	if (!url || !from) throw new Error('smtpSender needs SMTP_URL and MAIL_FROM');
	const transport = createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
	return {
		async send(to, content) {
			await transport.sendMail({ from, to, subject: content.subject, text: content.text, textEncoding: 'quoted-printable' });
		},
		close: () => transport.close()
	};
}
