/** A configuration value is missing or wrong; the message names the variable and the fix. */
export class ConfigError extends Error {
	override name = 'ConfigError';
}

/** A service the process depends on (PostgreSQL, Redis) cannot be reached. */
export class ServiceUnavailableError extends Error {
	override name = 'ServiceUnavailableError';
	constructor(
		readonly service: 'PostgreSQL' | 'Redis',
		message: string
	) {
		super(message);
	}
}

/** The actor is not allowed to do this; routes turn it into 403. */
export class ForbiddenError extends Error {
	override name = 'ForbiddenError';
}

/** Input that parsed but breaks a rule; fields maps a field path to a Dutch message. */
export class InputError extends Error {
	override name = 'InputError';
	constructor(
		message: string,
		readonly fields: Record<string, string> = {}
	) {
		super(message);
	}
}

/** The record changed under the actor (someone else answered first, a stale form); message is Dutch. */
export class ConflictError extends Error {
	override name = 'ConflictError';
}
