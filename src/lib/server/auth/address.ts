import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network a client address stands for when counting attempts: an IPv4 address as it is, an
 * IPv6 address as its /64 (one subscriber gets a whole /64, so single IPv6 addresses cost an
 * attacker nothing). IPv4-mapped IPv6 counts as the IPv4 address. Anything else as given.
 */
export function throttleAddress(ip: string): string {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
	if (mapped && isIPv4(mapped[1])) return mapped[1];
	if (!isIPv6(ip)) return ip;
	const [head, tail = ''] = ip.toLowerCase().split('%')[0].split('::');
	const left = head ? head.split(':') : [];
	const right = ip.includes('::') && tail ? tail.split(':') : [];
	const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
	return `${groups
		.slice(0, 4)
		.map((g) => g.replace(/^0+(?=.)/, ''))
		.join(':')}::/64`;
}
