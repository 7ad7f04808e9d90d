import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Env } from '../config.js';
import { registry } from '../observability/metrics.js';

/**
 * Where `/metrics` is served. Its counters describe traffic and failures, which is nobody's
 * business outside the operators:
 * - METRICS_PORT: only on that port (bind it privately), not on the public one;
 * - METRICS_TOKEN: `Authorization: Bearer <token>` required, on whichever port serves it;
 * - neither: open on the main port outside production (development, tests, benchmarks); not
 *   served at all in production, with a warning at start-up saying how to turn it on.
 */
export function serveMetrics(
  server: FastifyInstance,
  env: Pick<Env, 'NODE_ENV' | 'HOST' | 'METRICS_PORT' | 'METRICS_TOKEN'>,
  logger: Logger,
): void {
  const authorized = bearerCheck(env.METRICS_TOKEN);
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!authorized(request.headers.authorization)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'A metrics token is required.' });
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  };

  if (env.METRICS_PORT !== undefined) {
    const metricsServer = Fastify({ logger: false });
    metricsServer.get('/metrics', handler);
    // Started and stopped with the main server; a port already in use fails start-up.
    server.addHook('onReady', async () => {
      await metricsServer.listen({ port: env.METRICS_PORT!, host: env.HOST });
    });
    server.addHook('onClose', async () => {
      await metricsServer.close();
    });
    notServedHere(server);
    return;
  }
  if (env.METRICS_TOKEN === undefined && env.NODE_ENV === 'production') {
    logger.warn('/metrics is not served: set METRICS_PORT (a private port) or METRICS_TOKEN (bearer auth)');
    notServedHere(server);
    return;
  }
  server.get('/metrics', handler);
}

/** A plain 404, so a scraper pointed at the wrong port is not handed the web page instead. */
function notServedHere(server: FastifyInstance): void {
  server.get('/metrics', async (_request, reply) => reply.code(404).send({ error: 'not found' }));
}

/** Compares digests, so neither the token's length nor its prefix leaks through timing. */
export function bearerCheck(token: string | undefined): (header: string | undefined) => boolean {
  if (token === undefined) return () => true;
  const expected = createHash('sha256').update(token).digest();
  return (header) => {
    const presented = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (presented === undefined) return false;
    return timingSafeEqual(createHash('sha256').update(presented).digest(), expected);
  };
}
