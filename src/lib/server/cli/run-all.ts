import { spawn, type ChildProcess } from 'node:child_process';

/** Starts the portal and the workers together (npm run demo) and stops both when either stops. */
const children: ChildProcess[] = [
	spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { stdio: 'inherit' }),
	spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], { stdio: 'inherit' })
];

let exiting = false;
const stopAll = (code: number) => {
	if (exiting) return;
	exiting = true;
	for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
	setTimeout(() => process.exit(code), 12_000).unref();
	void Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r))))).then(() =>
		process.exit(code)
	);
};
for (const child of children) child.once('exit', (code) => stopAll(code ?? 1));
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
