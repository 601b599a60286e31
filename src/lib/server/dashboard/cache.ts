import type { Db } from '../db/client.ts';
import { redis, rkey } from '../redis.ts';
import { log } from '../log.ts';

/** Cached figures expire after a day; a new version makes them unreachable long before that. */
const TTL_SECONDS = 24 * 3600;

export interface RollupVersion {
	/** Bumped in the same transaction as any change to the rollups, the reported waiting times, the zorgvormen or the region. */
	version: string;
	/** When the rollups were last refreshed (null while there are none). */
	computedAt: Date | null;
}

/** The version the dashboard's figures are computed from, and when they were last refreshed (migration 011). */
export async function rollupVersion(sql: Db): Promise<RollupVersion> {
	const [row] = await sql<RollupVersion[]>`
		select v.version::text as version, case when w.at is null then null else greatest(w.at, v.refreshed_at) end as computed_at
		from dashboard_version v cross join (select max(computed_at) as at from dashboard_weekly) w`;
	return row ?? { version: '0', computedAt: null };
}

/**
 * A JSON value cached in Redis (under the project's key prefix) per version: read when present,
 * else computed and stored. Redis holds nothing that cannot be recomputed: when it is away, the
 * value is computed and the failure logged.
 */
export async function cachedPerVersion<T>(version: string, parts: string[], compute: () => Promise<T>): Promise<T> {
	const key = rkey('dashboard', 'figures', version, ...parts);
	try {
		const hit = await redis().get(key);
		if (hit !== null) return JSON.parse(hit) as T;
	} catch (err) {
		log().warn({ err: err instanceof Error ? err.message : String(err) }, 'dashboard cache unavailable; computing the figures');
		return compute();
	}
	const value = await compute();
	redis()
		.set(key, JSON.stringify(value), 'EX', TTL_SECONDS)
		.catch((err: unknown) => log().warn({ err: err instanceof Error ? err.message : String(err) }, 'could not cache the dashboard figures'));
	return value;
}
