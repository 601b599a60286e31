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
