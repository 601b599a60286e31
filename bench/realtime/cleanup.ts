/**
 * Undo steps registered while setting up, run last-in first-out, each bounded in time, each
 * failure reported but not stopping the others. Running it twice does nothing the second time.
 */
export class Cleanup {
	#steps: { name: string; run: () => unknown }[] = [];

	/** Registers a step; it runs before every step added earlier. */
	add(name: string, run: () => unknown): void {
		this.#steps.push({ name, run });
	}

	/** Runs every registered step; returns the failures as messages. */
	async run(stepTimeoutMs = 15_000): Promise<string[]> {
		const failures: string[] = [];
		while (this.#steps.length) {
			const step = this.#steps.pop()!;
			let timer: NodeJS.Timeout | undefined;
			try {
				await Promise.race([
					Promise.resolve().then(step.run),
					new Promise((_, reject) => {
						timer = setTimeout(() => reject(new Error(`took longer than ${stepTimeoutMs} ms`)), stepTimeoutMs);
					})
				]);
			} catch (error) {
				failures.push(`${step.name}: ${error instanceof Error ? error.message : String(error)}`);
			} finally {
				clearTimeout(timer);
			}
		}
		return failures;
	}
}
