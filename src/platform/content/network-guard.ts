import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** One resolved address, as `dns.lookup(host, { all: true })` returns it. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** Thrown when a URL or address may not be fetched from the server. */
export class RefusedTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedTargetError';
  }
}

/** The system resolver: every address of a host, as the OS would connect to it. */
export const systemResolver: HostResolver = (hostname) => dnsLookup(hostname, { all: true });

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", including 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata endpoints
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64], // discard
  ['2001::', 32], // Teredo tunnels reach arbitrary IPv4 hosts
  ['2001:db8::', 32],
  ['2002::', 16], // 6to4, same
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** Expands an IPv6 address into its eight 16-bit groups (an embedded dotted IPv4 tail included). */
function ipv6Groups(ip: string): number[] | null {
  let text = ip.split('%')[0]!;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(fill).fill('0'), ...right].map((g) => Number.parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address. */
function embeddedIPv4(groups: number[]): string | null {
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0);
  if (!mapped && !nat64) return null;
  const hi = groups[6]!;
  const lo = groups[7]!;
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

/** True when an IP address is on the public internet (not loopback, private, link-local, multicast, reserved). */
export function isPublicAddress(ip: string): boolean {
  if (isIPv4(ip)) return !blocked.check(ip, 'ipv4');
  if (!isIPv6(ip)) return false;
  const groups = ipv6Groups(ip);
  if (!groups) return false;
  const v4 = embeddedIPv4(groups);
  if (v4) return isPublicAddress(v4);
  return !blocked.check(ip.split('%')[0]!, 'ipv6');
}

/** True for names that always mean this machine or its local network, whatever DNS says. */
export function isLocalHostname(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name.endsWith('.local') ||
    name.endsWith('.internal') ||
    name.endsWith('.home.arpa')
  );
}

/** Checks scheme, port and host of a URL we are about to request; throws RefusedTargetError. */
export async function assertFetchable(url: URL, resolve: HostResolver, allowPrivate: boolean): Promise<void> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RefusedTargetError('scheme not allowed');
  if (url.username || url.password) throw new RefusedTargetError('credentials in URL');
  if (allowPrivate) return;
  if (url.port && url.port !== '80' && url.port !== '443') throw new RefusedTargetError('port not allowed');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIPv4(host) || isIPv6(host)) {
    if (!isPublicAddress(host)) throw new RefusedTargetError('address not public');
    return;
  }
  if (isLocalHostname(host)) throw new RefusedTargetError('local host name');
  const addresses = await resolve(host);
  if (addresses.length === 0) throw new RefusedTargetError('host has no address');
  // One private address is enough to refuse: the connection could go to any of them.
  if (!addresses.every((a) => isPublicAddress(a.address)))
    throw new RefusedTargetError('host resolves to a non-public address');
}

/**
 * A `lookup` for node:http that resolves through `resolve` and refuses non-public addresses at
 * connect time, so a host cannot pass the check and then re-resolve to an internal address.
 */
export function guardedLookup(resolve: HostResolver, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (all) => {
        const wanted =
          options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
        const first = wanted[0];
        if (!first)
          return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
        if (!allowPrivate && !all.every((a) => isPublicAddress(a.address))) {
          return callback(new RefusedTargetError('host resolves to a non-public address'), '');
        }
        if (options.all) return callback(null, wanted);
        return callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}
