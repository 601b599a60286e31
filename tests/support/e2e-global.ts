import type { TestProject } from 'vitest/node';
import { createTestResources, dropTestResources } from './testdb.ts';
import { freePort, startProcess, waitForHttp } from './processes.ts';
import { connect } from '../../src/lib/server/db/client.ts';
import { seed } from '../../src/lib/server/seed/seed.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		baseUrl: string;
		e2eDatabaseUrl: string;
		e2eRedisPrefix: string;
	}
}

/** Builds nothing (npm test builds first); seeds a fresh database and starts portal + workers. */
export default async function setup(project: TestProject) {
	const resources = await createTestResources('e2e');
	const sql = connect(resources.databaseUrl, 1);
	await seed(sql, 'test');
	await sql.end();

	const port = await freePort();
	const baseUrl = `http://localhost:${port}`;
	const env = {
		NODE_ENV: 'test',
		PORT: String(port),
		ORIGIN: baseUrl,
		DATABASE_URL: resources.databaseUrl,
		REDIS_PREFIX: resources.redisPrefix,
		HEARTBEAT_SECONDS: '1',
		LOG_LEVEL: 'warn'
	};
	const portal = startProcess('server.ts', env);
	const workers = startProcess('workers/index.ts', env);
	try {
		await waitForHttp(`${baseUrl}/healthz`, portal, 120_000); // a loaded machine starts slowly
	} catch (error) {
		await Promise.all([portal.stop(), workers.stop()]);
		await dropTestResources(resources);
		throw error;
	}

	project.provide('baseUrl', baseUrl);
	project.provide('e2eDatabaseUrl', resources.databaseUrl);
	project.provide('e2eRedisPrefix', resources.redisPrefix);
	return async () => {
		await Promise.all([portal.stop(), workers.stop()]);
		// what the portal and workers warned about (LOG_LEVEL=warn), for a failure that shows only in the whole suite
		for (const [name, started] of [
			['portal', portal],
			['workers', workers]
		] as const) {
			const lines = started
				.output()
				.trim()
				.split('\n')
				.filter((line) => line && !line.endsWith('received, stopping'));
			if (lines.length)
				process.stderr.write(
					`e2e ${name} log (last ${Math.min(lines.length, 40)} of ${lines.length} lines):\n${lines.slice(-40).join('\n')}\n`
				);
		}
		await dropTestResources(resources);
	};
}
