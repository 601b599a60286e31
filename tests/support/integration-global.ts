import type { TestProject } from 'vitest/node';
import { createTestResources, dropTestResources } from './testdb.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		databaseUrl: string;
		redisPrefix: string;
	}
}

/** One database and Redis prefix for the whole integration run; removed afterwards. */
export default async function setup(project: TestProject) {
	const resources = await createTestResources('it');
	project.provide('databaseUrl', resources.databaseUrl);
	project.provide('redisPrefix', resources.redisPrefix);
	return async () => {
		await dropTestResources(resources);
	};
}
