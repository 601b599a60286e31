/** Source of the current time; tests pass a manual clock instead of sleeping. */
export interface Clock {
	now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to (tests). */
export class ManualClock implements Clock {
	#ms: number;
	constructor(start: Date | string = '2026-11-23T09:00:00+01:00') {
		this.#ms = new Date(start).getTime();
	}
	now(): Date {
		return new Date(this.#ms);
	}
	advance(ms: number): void {
		this.#ms += ms;
	}
	set(at: Date | string): void {
		this.#ms = new Date(at).getTime();
	}
}
