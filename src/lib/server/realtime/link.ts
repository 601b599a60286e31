import type { Redis } from 'ioredis';

/** The two Redis connections of a Socket.IO Redis adapter. */
export interface AdapterClients {
	pub: Redis;
	sub: Redis;
}

export interface LinkWatch {
	/** False while a connection is down, until both are back and subscribed again. */
	up(): boolean;
	stop(): void;
}

/**
 * Watches the connections that join this portal to the other instances and the workers: calls
 * onChange(false) as soon as one drops, and onChange(true) once both are connected again and the
 * subscriber's channels are back (a PING answered after ioredis re-subscribed on 'ready').
 */
export function watchLink({ pub, sub }: AdapterClients, onChange: (up: boolean) => void): LinkWatch {
	let up = true;
	let stopped = false;
	let attempt = 0;
	const bothReady = () => pub.status === 'ready' && sub.status === 'ready';
	const down = () => {
		attempt++;
		if (stopped || !up) return;
		up = false;
		onChange(false);
	};
	const ready = () => {
		if (stopped || up || !bothReady()) return;
		const mine = ++attempt;
		// ioredis sends the re-subscriptions right after emitting 'ready': ping after them
		setImmediate(() => {
			sub.ping().then(
				() => {
					if (stopped || up || mine !== attempt || !bothReady()) return;
					up = true;
					onChange(true);
				},
				() => undefined // a new 'ready' tries again
			);
		});
	};
	for (const client of [pub, sub]) client.on('close', down).on('ready', ready);
	return {
		up: () => up,
		stop() {
			stopped = true;
			for (const client of [pub, sub]) client.off('close', down).off('ready', ready);
		}
	};
}
