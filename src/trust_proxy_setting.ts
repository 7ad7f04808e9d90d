import net from 'node:net';

/**
 * What `TRUST_PROXY` may say, mapped onto Fastify's `trustProxy`: whether (and which) proxies in
 * front of us may tell us the client's address through X-Forwarded-For. Trusting too much lets a
 * client pick its own IP and dodge every per-IP limit; trusting too little puts all users behind
 * a load balancer in one IP's limits.
 */
export type TrustProxy = boolean | number | string[];

/** proxy-addr's names for common ranges (Fastify passes lists through to it). */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export const TRUST_PROXY_EXPECTED =
  'expected true, false, a hop count such as 1, or a comma-separated list of addresses or CIDR ranges such as 10.0.0.0/8,127.0.0.1';

/** Parses the variable; undefined when the value is not one of the accepted forms. */
export function parseTrustProxy(raw: string | undefined): TrustProxy | undefined {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= 16 ? hops : undefined;
  }
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.length > 0 && entries.every(isAddressOrRange) ? entries : undefined;
}

function isAddressOrRange(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  if (rest.length > 0) return false;
  const family = net.isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
