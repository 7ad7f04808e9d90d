import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface OriginRules {
  /** The origin of PUBLIC_URL, e.g. https://sarah.example.com; unset = the request's own host. */
  publicOrigin?: string;
  production: boolean;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a browser request from `origin` may use an endpoint that starts or feeds a chat.
 * Without this check any website could open chats with Sarah from its visitors' browsers (the
 * WebSocket handshake is not covered by CORS).
 * - The PUBLIC_URL origin is accepted; when PUBLIC_URL is unset, the page's own origin (the
 *   Origin's host equals the Host the request was sent to), so a deployment without it still
 *   serves its own page.
 * - Outside production, any http(s)://localhost, 127.0.0.1 or [::1] port too, for development.
 * - No Origin at all: browsers always send one on a WebSocket handshake and on a POST, so it is a
 *   script (tests, curl). Allowed outside production; refused in production, where only the page
 *   uses these endpoints. A script can forge any Origin, so this is not what stops scripts: the
 *   per-IP limits are.
 */
export function originAllowed(
  origin: string | undefined,
  requestHost: string | undefined,
  rules: OriginRules,
): boolean {
  if (origin === undefined) return !rules.production;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes the literal "null" of sandboxed frames and file:// pages
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (rules.publicOrigin !== undefined && url.origin === rules.publicOrigin) return true;
  if (rules.publicOrigin === undefined && requestHost !== undefined && sameHost(url, requestHost))
    return true;
  return !rules.production && LOCAL_HOSTS.has(url.hostname);
}

/** `host` is the Host header (host[:port]); default ports compare equal to none. */
function sameHost(origin: URL, host: string): boolean {
  try {
    return new URL(`${origin.protocol}//${host}`).host === origin.host;
  } catch {
    return false;
  }
}

export const ORIGIN_REFUSED = {
  error: 'This page is not allowed to talk to Sarah. Please open Sarah from our own website.',
};

/** Refuses, with 403 and before any WebSocket upgrade, requests to `paths` from other origins. */
export function restrictOrigins(server: FastifyInstance, paths: readonly string[], rules: OriginRules): void {
  const guarded = new Set(paths);
  server.addHook('onRequest', async (request: FastifyRequest, reply) => {
    if (!guarded.has(request.routeOptions.url ?? '')) return;
    if (originAllowed(request.headers.origin, request.host, rules)) return;
    request.log.info(
      { origin: request.headers.origin ?? null, path: request.routeOptions.url },
      'origin refused',
    );
    return reply.code(403).send(ORIGIN_REFUSED);
  });
}
