import type { IncomingMessage } from 'node:http';

/**
 * The client address of a plain Node request (the queue board, a socket's handshake), from the same
 * source adapter-node uses for getClientAddress(): ADDRESS_HEADER (with XFF_DEPTH for
 * x-forwarded-for) behind a proxy, else the connection's remote address.
 */
export function clientAddress(req: IncomingMessage): string | null {
	const header = process.env.ADDRESS_HEADER?.toLowerCase();
	const raw = header ? req.headers[header] : undefined;
	if (typeof raw === 'string' && raw) {
		if (header !== 'x-forwarded-for') return raw.trim();
		const addresses = raw.split(',').map((a) => a.trim());
		const depth = Number(process.env.XFF_DEPTH ?? 1);
		return addresses[addresses.length - depth] ?? null;
	}
	return req.socket.remoteAddress ?? null;
}
