import { ConfigError, ServiceUnavailableError } from './errors.ts';

/**
 * Runs a process entry point; a configuration or service problem ends the process with one
 * clear line on stderr instead of a stack trace.
 */
export async function runOrExit(name: string, main: () => Promise<void>): Promise<void> {
	try {
		await main();
	} catch (error) {
		if (error instanceof ConfigError || error instanceof ServiceUnavailableError) {
			process.stderr.write(`${name}: ${error.message}\n`);
			process.exit(1);
		}
		process.stderr.write(`${name}: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
		if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
		process.exit(1);
	}
}

/**
 * Stops the process gracefully on SIGTERM or SIGINT: runs `stop` once, then exits 0; exits 1 when
 * stopping takes longer than `graceMs`.
 */
export function onShutdown(name: string, stop: () => Promise<void>, graceMs = 10_000): void {
	let stopping = false;
	const handle = async (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		process.stderr.write(`${name}: ${signal} received, stopping\n`);
		setTimeout(() => process.exit(1), graceMs).unref();
		await stop().catch((error) => process.stderr.write(`${name}: error while stopping: ${String(error)}\n`));
		process.exit(0);
	};
	process.on('SIGTERM', handle);
	process.on('SIGINT', handle);
}
