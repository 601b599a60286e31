import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';

/**
 * Runs every vitest project and ends with the plain total over all suites, alone on the last line:
 * "N passed, N failed". Exits non-zero when any test failed or vitest itself failed.
 */
const output = 'test-results/vitest.json';
await mkdir('test-results', { recursive: true });
await rm(output, { force: true });

const code = await new Promise<number>((resolve) => {
	const child = spawn(
		process.execPath,
		[
			'node_modules/vitest/vitest.mjs',
			'run',
			'--reporter=default',
			'--reporter=json',
			`--outputFile.json=${output}`,
			...process.argv.slice(2)
		],
		{ stdio: 'inherit' }
	);
	child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
});

let passed = 0;
let failed = 0;
try {
	const report = JSON.parse(await readFile(output, 'utf8')) as {
		numPassedTests: number;
		numFailedTests: number;
		numFailedTestSuites: number;
	};
	passed = report.numPassedTests;
	failed = report.numFailedTests + (report.numFailedTests === 0 && code !== 0 ? Math.max(1, report.numFailedTestSuites) : 0);
} catch {
	failed = Math.max(failed, 1);
}
if (code !== 0 && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || code !== 0 ? 1 : 0);
