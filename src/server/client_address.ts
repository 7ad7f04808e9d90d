import net from 'node:net';

/**
 * The key per-IP limits count under. An IPv4 address is one client; an IPv6 client usually holds
 * a whole /64 and can pick a fresh address from it for every connection, so IPv6 addresses are
 * counted by their /64 prefix. IPv4-mapped IPv6 (`::ffff:1.2.3.4`) counts as the IPv4 address.
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (net.isIPv6(ip)) return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
  return ip;
}

/** Eight 16-bit groups, zero-padded, whatever the written form (`::` shorthand, zone id). */
function expandIPv6(ip: string): string[] {
  const address = ip.split('%')[0]!;
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) =>
    group.padStart(4, '0').toLowerCase(),
  );
}
