import type { Redis } from 'ioredis';
import type { Clock } from '../clock.ts';
import { ServiceUnavailableError } from '../errors.ts';
import { log } from '../log.ts';
import { sha256Hex } from './crypto.ts';

/**
 * A budget of attempts: `limit` at once, after that one more every windowSeconds / limit (a
 * generic cell rate: it slows down instead of locking for a whole window).
 */
export interface ThrottleRule {
	name: string;
	limit: number;
	windowSeconds: number;
}

/** Sign-in from a client without a device cookie, per account and address together. */
export const LOGIN_PER_PAIR: ThrottleRule = { name: 'login-pair', limit: 5, windowSeconds: 15 * 60 };
/** Sign-in from any client without a device cookie, per account (all addresses together). */
export const LOGIN_PER_ACCOUNT: ThrottleRule = { name: 'login-untrusted', limit: 20, windowSeconds: 60 * 60 };
/** Sign-in from a client without a device cookie, per address (any account): room for a NAT. */
export const LOGIN_PER_ADDRESS: ThrottleRule = { name: 'login-address', limit: 100, windowSeconds: 15 * 60 };
/** Sign-in with a device cookie of the account, per device. */
export const LOGIN_PER_DEVICE: ThrottleRule = { name: 'login-device', limit: 5, windowSeconds: 15 * 60 };
/** Second-factor codes (at sign-in and when re-authenticating), per user. */
export const SECOND_FACTOR_PER_USER: ThrottleRule = { name: 'second-factor', limit: 5, windowSeconds: 15 * 60 };

/** "Wachtwoord vergeten" requests, per e-mail address (whether or not it has an account). */
export const PASSWORD_RESET_PER_ADDRESS: ThrottleRule = { name: 'reset-account', limit: 3, windowSeconds: 60 * 60 };
/** "Wachtwoord vergeten" requests, per client address (any e-mail address): room for a NAT. */
export const PASSWORD_RESET_PER_IP: ThrottleRule = { name: 'reset-ip', limit: 20, windowSeconds: 60 * 60 };
/** Attempts to change one's own password with the current one, per user. */
export const PASSWORD_CHANGE_PER_USER: ThrottleRule = { name: 'password-change', limit: 5, windowSeconds: 15 * 60 };

/** How long a throttle check may take before the caller refuses with "service unavailable". */
export const THROTTLE_DEADLINE_MS = 1500;

export type Reservation = { ok: true } | { ok: false; rule: ThrottleRule; retryAfterSeconds: number };

export type ThrottleCheck = [ThrottleRule, string];

/** A refusal before anything was checked: a spent budget, or the throttle store is away. */
export type Refusal = { ok: false; reason: 'throttled'; retryAfterSeconds: number } | { ok: false; reason: 'unavailable' };

// Each key holds the bucket's "theoretical arrival time" in ms. All checks pass or none is taken.
const RESERVE = `
local now = tonumber(ARGV[1])
local refused, wait, nexts = 0, 0, {}
for i, key in ipairs(KEYS) do
  local interval, window = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  local stored = redis.call('GET', key)
  local tat = stored and tonumber(stored) or now
  if tat < now then tat = now end
  nexts[i] = tat + interval
  local early = nexts[i] - window - now
  if early > wait then refused, wait = i, early end
end
if refused > 0 then return {refused, wait} end
for i, key in ipairs(KEYS) do redis.call('SET', key, nexts[i], 'PX', nexts[i] - now) end
return {0, 0}`;

const RELEASE = `
local now = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local stored = redis.call('GET', key)
  if stored then
    local tat = tonumber(stored) - tonumber(ARGV[i + 1])
    if tat <= now then redis.call('DEL', key) else redis.call('SET', key, tat, 'PX', tat - now) end
  end
end
return 0`;

function intervalMs(rule: ThrottleRule): number {
	return Math.ceil((rule.windowSeconds * 1000) / rule.limit);
}

function unavailable(): ServiceUnavailableError {
	return new ServiceUnavailableError('Redis', `the throttle store did not answer within ${THROTTLE_DEADLINE_MS} ms`);
}

const readiness = new WeakMap<Redis, Promise<void>>();

/** Resolves once the client is connected; one listener per client however many callers wait. */
function ready(redis: Redis): Promise<void> {
	if (redis.status === 'ready') return Promise.resolve();
	if (redis.status === 'end') return Promise.reject(unavailable());
	let pending = readiness.get(redis);
	if (!pending) {
		pending = new Promise<void>((resolve) => redis.once('ready', () => resolve())).finally(() => readiness.delete(redis));
		readiness.set(redis, pending);
		if (redis.status === 'wait') redis.connect().catch(() => undefined);
	}
	return pending;
}

/**
 * Runs Redis work only when the client is connected, within THROTTLE_DEADLINE_MS overall: during
 * an outage callers get a ServiceUnavailableError quickly instead of waiting in the offline queue.
 */
async function fast<T>(redis: Redis, work: () => Promise<T>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	let expired = false;
	const deadline = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			expired = true;
			reject(unavailable());
		}, THROTTLE_DEADLINE_MS);
	});
	const start = () => {
		if (expired) throw unavailable(); // Redis came back after the caller gave up: do not act late
		return work();
	};
	try {
		return await Promise.race([
			ready(redis)
				.then(start)
				.catch((error: unknown) => {
					if (!(error instanceof ServiceUnavailableError) && redis.status === 'ready') {
						log().warn({ err: error instanceof Error ? error.message : String(error) }, 'throttle store refused a command');
					}
					throw error instanceof ServiceUnavailableError ? error : unavailable();
				}),
			deadline
		]);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Budgets of attempts per subject, kept in Redis so every portal instance shares them. An attempt
 * is reserved atomically under all its rules before it is checked (parallel guesses cannot slip
 * past a limit; a refused attempt takes nothing); a success gives its reservation back. Subjects
 * are hashed into the key. Time comes from the injected clock. Throws ServiceUnavailableError
 * within THROTTLE_DEADLINE_MS when Redis cannot answer: callers refuse rather than go unthrottled.
 */
export class Throttle {
	constructor(
		private readonly redis: Redis,
		private readonly prefix: string,
		private readonly clock: Clock
	) {}

	private key(rule: ThrottleRule, subject: string): string {
		return `${this.prefix}throttle:${rule.name}:${sha256Hex(subject.toLowerCase())}`;
	}

	/** Takes one attempt from every rule's budget, or none when any budget is spent. */
	async reserve(checks: ThrottleCheck[]): Promise<Reservation> {
		if (checks.length === 0) return { ok: true };
		const args = checks.flatMap(([rule]) => [intervalMs(rule), intervalMs(rule) * rule.limit]);
		const keys = checks.map(([rule, subject]) => this.key(rule, subject));
		const now = this.clock.now().getTime();
		const reply = (await fast(this.redis, () => this.redis.eval(RESERVE, keys.length, ...keys, now, ...args))) as [number, number];
		const [refused, waitMs] = reply.map(Number);
		if (refused === 0) return { ok: true };
		return { ok: false, rule: checks[refused - 1][0], retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
	}

	/** Gives one reserved attempt back under each rule (it succeeded). */
	async release(checks: ThrottleCheck[]): Promise<void> {
		if (checks.length === 0) return;
		const keys = checks.map(([rule, subject]) => this.key(rule, subject));
		await fast(this.redis, () =>
			this.redis.eval(RELEASE, keys.length, ...keys, this.clock.now().getTime(), ...checks.map(([rule]) => intervalMs(rule)))
		);
	}

	/** Forgets every attempt of the subject under the rule (after a success). */
	async clear(rule: ThrottleRule, subject: string): Promise<void> {
		await fast(this.redis, () => this.redis.del(this.key(rule, subject)));
	}
}

/** "over 12 minuten" style wait in Dutch. */
export function dutchWait(seconds: number): string {
	const minutes = Math.ceil(seconds / 60);
	return minutes <= 1 ? 'over een minuut' : `over ${minutes} minuten`;
}

/** The HTTP status of a refusal: 429 for a spent budget, 503 when the throttle store is away. */
export function refusalStatus(refusal: Refusal): 429 | 503 {
	return refusal.reason === 'throttled' ? 429 : 503;
}

/** Retry-After for a refusal: the budget's wait, or a short pause while the store is away. */
export function retryAfterHeader(refusal: Refusal): { 'retry-after': string } {
	return { 'retry-after': String(refusal.reason === 'throttled' ? refusal.retryAfterSeconds : 30) };
}

const REFUSED: Record<'sign_in' | 'code' | 'password' | 'reset', { throttled: string; unavailable: string }> = {
	sign_in: { throttled: 'Te veel mislukte inlogpogingen.', unavailable: 'Inloggen lukt' },
	code: { throttled: 'Te veel onjuiste codes.', unavailable: 'Uw code controleren lukt' },
	password: { throttled: 'Te veel pogingen met een onjuist huidig wachtwoord.', unavailable: 'Uw wachtwoord wijzigen lukt' },
	reset: { throttled: 'Te veel aanvragen voor een nieuw wachtwoord.', unavailable: 'Een nieuw wachtwoord aanvragen lukt' }
};

/** The Dutch message for a refused sign-in, code, password change or reset request. */
export function refusalMessage(refusal: Refusal, attempt: keyof typeof REFUSED): string {
	if (refusal.reason === 'throttled') return `${REFUSED[attempt].throttled} Probeer het ${dutchWait(refusal.retryAfterSeconds)} opnieuw.`;
	return `${REFUSED[attempt].unavailable} nu even niet door een storing bij Ketentafel. Probeer het over een paar minuten opnieuw.`;
}
