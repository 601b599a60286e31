import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** Under `vite dev`, Socket.IO joins Vite's own HTTP server, so one port serves both. */
function realtimeInDev(): Plugin {
	return {
		name: 'ketentafel-realtime',
		apply: 'serve',
		async configureServer(server) {
			if (!server.httpServer || process.env.VITEST) return;
			const { attachRealtime } = await server.ssrLoadModule('/src/lib/server/realtime/server.ts');
			attachRealtime(server.httpServer);
		}
	};
}

/** zod's messages in Dutch in every test process, as in the portal and the workers. */
const zodLocale = 'src/lib/server/validation/zod-locale.ts';

const integration = {
	globalSetup: ['tests/support/integration-global.ts'],
	setupFiles: [zodLocale, 'tests/support/integration-env.ts'],
	testTimeout: 30_000,
	hookTimeout: 60_000
};

export default defineConfig({
	plugins: [sveltekit(), realtimeInDev()],
	server: { port: Number(process.env.PORT ?? 3000), strictPort: true },
	test: {
		projects: [
			{ extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], setupFiles: [zodLocale] } },
			{ extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], ...integration } },
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					// after unit and integration: the browser tests get the machine to themselves
					sequence: { groupOrder: 1 },
					globalSetup: ['tests/support/e2e-global.ts'],
					setupFiles: [zodLocale],
					fileParallelism: false,
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			}
		]
	}
});
