import { createServer, type RequestListener } from 'node:http';
import { answerClientError } from './src/lib/server/client-error.ts';
import { existsSync } from 'node:fs';
import { env } from './src/lib/server/env.ts';
import { log } from './src/lib/server/log.ts';
import { onShutdown, runOrExit } from './src/lib/server/startup.ts';
import { preflight } from './src/lib/server/preflight.ts';
import { ConfigError } from './src/lib/server/errors.ts';
import { attachRealtime } from './src/lib/server/realtime/server.ts';
import { closeDb, db } from './src/lib/server/db/client.ts';
import { warmPublications } from './src/lib/server/dashboard/figures.ts';
import { closeRedis } from './src/lib/server/redis.ts';
import { closeQueues } from './src/lib/server/queues.ts';
import { withRequestTimeout } from './src/lib/server/request-timeout.ts';
import { securityHeaders } from './src/lib/server/security-headers.ts';

await runOrExit('ketentafel portal', async () => {
	const config = env();
	await preflight();
	const handlerFile = new URL('./build/handler.js', import.meta.url);
	if (!existsSync(handlerFile)) throw new ConfigError('the portal is not built yet: run "npm run build" first');
	process.env.ORIGIN = config.ORIGIN; // read by the adapter-node handler
	const { handler } = (await import(handlerFile.href)) as { handler: RequestListener };

	const headers = securityHeaders();
	const server = createServer(
		withRequestTimeout((req, res) => {
			for (const [name, value] of Object.entries(headers)) res.setHeader(name, value); // static files too
			handler(req, res);
		}, config.REQUEST_TIMEOUT_SECONDS * 1000)
	);
	server.on('clientError', answerClientError); // too long an address or headers: JSON, not a bare status line
	server.requestTimeout = config.REQUEST_TIMEOUT_SECONDS * 1000; // receiving a request body
	server.headersTimeout = Math.min(20_000, server.requestTimeout);
	const realtime = attachRealtime(server);
	await new Promise<void>((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) =>
			reject(
				error.code === 'EADDRINUSE' ? new ConfigError(`port ${config.PORT} is already in use: stop the other process or set PORT`) : error
			)
		);
		server.listen(config.PORT, config.HOST, resolve);
	});
	log().info({ port: config.PORT, host: config.HOST, origin: config.ORIGIN }, 'portal listening');
	// the published doorstroom figures never change: read them once now rather than at the first request
	warmPublications(db()).catch((err: Error) => log().warn({ err: err.message }, 'could not read the published figures ahead'));

	onShutdown('ketentafel portal', async () => {
		server.close();
		server.closeIdleConnections();
		await realtime.close();
		await Promise.allSettled([closeDb(), closeRedis(), closeQueues()]);
	});
});
