import type { TrustProxy } from '../trust_proxy_setting.js';

/**
 * Fastify's `trustProxy` for a parsed value. Fastify 5 ignores a bare hop count (it cannot tell
 * who is really sending the header, so it trusts nobody), which would silently put every user
 * behind the balancer into one address's limits. A count is therefore passed as the classic rule
 * "trust the nearest `hops` addresses": right whenever the server is reachable only through those
 * proxies, and still safer than `true`, which believes whatever the client wrote.
 */
export function fastifyTrustProxy(
  value: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value !== 'number') return value;
  return (_address, hop) => hop < value;
}
