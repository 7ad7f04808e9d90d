import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { registry } from '../observability/metrics.js';
import { ping } from '../store/index.js';

export function registerHealthRoutes(server: FastifyInstance, app: App): void {
  // Liveness: the process answers. Readiness: the store answers too.
  server.get('/healthz', async () => ({ status: 'ok' }));
  server.get('/readyz', async (_request, reply) => {
    try {
      await ping(app.store.database.db);
      return { status: 'ready', store: app.store.database.dialect };
    } catch {
      return reply.code(503).send({ status: 'unavailable', store: app.store.database.dialect });
    }
  });
  server.get('/metrics', async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
}
