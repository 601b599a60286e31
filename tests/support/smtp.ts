import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { freePort } from './processes.ts';

/** One message the test's SMTP server received, decoded. */
export interface ReceivedMail {
	to: string[];
	from: string;
	subject: string;
	text: string;
	/** The message as it came over the wire (headers and encoded body). */
	raw: string;
}

export interface TestSmtp {
	/** SMTP_URL for the portal and workers. */
	url: string;
	received: ReceivedMail[];
	/** The next `count` messages are refused with a temporary error (451), as a busy server would. */
	refuseNext(count: number): void;
	/** Waits (bounded, polling) for a message matching the predicate. */
	waitFor(match: (mail: ReceivedMail) => boolean, what: string, timeoutMs?: number): Promise<ReceivedMail>;
	/** The messages to one address. */
	to(address: string): ReceivedMail[];
	stop(): Promise<void>;
}

/** A real SMTP server on a free loopback port (smtp-server, no TLS, no authentication) that keeps what it receives. */
export async function startTestSmtp(): Promise<TestSmtp> {
	const received: ReceivedMail[] = [];
	let refusals = 0;
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				if (refusals > 0) {
					refusals--;
					return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
				}
				const raw = Buffer.concat(chunks).toString('utf8');
				simpleParser(raw)
					.then((parsed) => {
						received.push({
							to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
							from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
							subject: parsed.subject ?? '',
							text: parsed.text ?? '',
							raw
						});
						callback();
					})
					.catch((error: Error) => callback(error));
			});
		}
	});
	const port = await freePort();
	await new Promise<void>((resolve, reject) => {
		server.server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	return {
		url: `smtp://127.0.0.1:${port}`,
		received,
		refuseNext: (count) => (refusals = count),
		to: (address) => received.filter((m) => m.to.includes(address.toLowerCase())),
		async waitFor(match, what, timeoutMs = 15_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const found = received.find(match);
				if (found) return found;
				if (Date.now() > deadline)
					throw new Error(
						`timed out waiting for an e-mail: ${what} (received: ${received.map((m) => `${m.to.join(',')} "${m.subject}"`).join('; ') || 'none'})`
					);
				await new Promise((r) => setTimeout(r, 50));
			}
		},
		stop: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** The first link into the portal in an e-mail's text. */
export function linkIn(mail: ReceivedMail, path: string): string {
	const match = new RegExp(`https?://\\S+${path.replace(/\//g, '\\/')}\\S*`).exec(mail.text);
	if (!match) throw new Error(`no link to ${path} in the e-mail "${mail.subject}":\n${mail.text}`);
	return match[0];
}
