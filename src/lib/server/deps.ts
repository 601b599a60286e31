import type { Sql } from './db/client.ts';
import type { Clock } from './clock.ts';

/**
 * What every domain service gets: the database and the injectable clock (tests move time instead
 * of sleeping). The portal's instance is services.ts domainDeps(); a service that needs more
 * extends this type (HandoverDeps, SendDeps).
 */
export interface ServiceDeps {
	sql: Sql;
	clock: Clock;
}
