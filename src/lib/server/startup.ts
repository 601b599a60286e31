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
