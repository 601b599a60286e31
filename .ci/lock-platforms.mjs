// The npm registry of this machine kind serves only the Linux builds of platform packages, so
// `npm install` leaves the other platforms' optional packages out of package-lock.json and
// `npm ci` then refuses the lock. This adds those entries (optional, with os/cpu/libc) so that
// `npm ci` accepts the lock and skips them, as it would with a lock written elsewhere.
// Run after `npm install` changes the lock: node .ci/lock-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
const CPU = {
	x64: 'x64',
	arm64: 'arm64',
	arm: 'arm',
	ia32: 'ia32',
	loong64: 'loong64',
	ppc64: 'ppc64',
	riscv64: 'riscv64',
	s390x: 's390x'
};
const OS = ['darwin', 'linux', 'win32', 'freebsd', 'openbsd', 'android', 'openharmony', 'sunos', 'aix', 'netbsd'];

function platformOf(name) {
	const parts = name.split('/').pop().split('-');
	const os = parts.find((p) => OS.includes(p));
	if (!os) return null;
	const rest = parts.slice(parts.indexOf(os) + 1);
	const cpu = CPU[rest[0]];
	if (!cpu) return null;
	const libc = rest.slice(1).join('-');
	return {
		os: [os],
		cpu: [cpu],
		...(os === 'linux' && /musl/.test(libc) ? { libc: ['musl'] } : os === 'linux' ? { libc: ['glibc'] } : {})
	};
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
	for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
		const base = path ? `${path}/node_modules/${dep}` : `node_modules/${dep}`;
		const hoisted = `node_modules/${dep}`;
		if (packages[base] || packages[hoisted]) continue;
		const platform = platformOf(dep);
		if (!platform) continue;
		packages[hoisted] = { version, ...platform, optional: true, ...(entry.dev ? { dev: true } : {}) };
		added++;
	}
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} platform entries`);
