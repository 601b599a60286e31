import type { LiveEvent } from '../../src/lib/realtime/events.ts';

/** When the last of the expected clients got an event, and one copy of it as received. */
export interface Arrived {
	last: number;
	event: LiveEvent;
}

interface Tally {
	count: number;
	last: number;
	event?: LiveEvent;
	waiter?: { need: number; resolve: (arrived: Arrived) => void };
}

/**
 * Counts, per event type and handover, how many clients received a live event and when the latest
 * one did (performance.now() in the client's handler). Arrivals before anyone waits are kept, so a
 * wait started after the triggering call still sees every client.
 */
export class Arrivals {
	#tallies = new Map<string, Tally>();

	static key(type: string, handoverId: unknown): string {
		return `${type}|${String(handoverId)}`;
	}

	/** Called from every client's 'event' handler. */
	record(event: LiveEvent, at: number): void {
		const handoverId = event.payload && 'handoverId' in event.payload ? event.payload.handoverId : undefined;
		if (typeof handoverId !== 'string') return;
		const key = Arrivals.key(event.type, handoverId);
		let tally = this.#tallies.get(key);
		if (!tally) {
			tally = { count: 0, last: 0 };
			this.#tallies.set(key, tally);
		}
		tally.event ??= event;
		tally.count++;
		tally.last = at;
		if (tally.waiter && tally.count >= tally.waiter.need) this.#settle(key, tally);
	}

	/** Resolves once `need` clients got the event; rejects after timeoutMs saying how many did. */
	wait(type: string, handoverId: string, need: number, timeoutMs: number): Promise<Arrived> {
		const key = Arrivals.key(type, handoverId);
		const tally: Tally = this.#tallies.get(key) ?? { count: 0, last: 0 };
		this.#tallies.set(key, tally);
		return new Promise<Arrived>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#tallies.delete(key);
				reject(new Error(`${type} for ${handoverId}: ${tally.count} of ${need} clients received it within ${timeoutMs} ms`));
			}, timeoutMs);
			tally.waiter = {
				need,
				resolve: (arrived) => {
					clearTimeout(timer);
					resolve(arrived);
				}
			};
			if (tally.count >= need) this.#settle(key, tally);
		});
	}

	#settle(key: string, tally: Tally): void {
		this.#tallies.delete(key);
		tally.waiter?.resolve({ last: tally.last, event: tally.event! });
	}
}
