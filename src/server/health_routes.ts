import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { ping } from '../store/index.js';

export function registerHealthRoutes(server: FastifyInstance, app: App): void {
  // Liveness: the process answers. Readiness: the store answers too. An open breaker does not make
  // the instance unready: its fallback still serves, and every instance shares the same outage.
  server.get('/healthz', async () => ({ status: 'ok' }));
  server.get('/readyz', async (_request, reply) => {
    const dependencies = describeDependencies(app);
    try {
      await ping(app.store.database.db);
      return { status: 'ready', store: app.store.database.dialect, dependencies };
    } catch {
      return reply.code(503).send({ status: 'unavailable', store: app.store.database.dialect, dependencies });
    }
  });
  // /metrics is served by metrics_route.ts (its own port or a bearer token).
}

/** Each outside part's breaker, e.g. `{ calendar: { breaker: 'open', ... } }`. */
function describeDependencies(app: App) {
  return Object.fromEntries(
    Object.values(app.guards).map((guard) => {
      const { dependency, ...detail } = guard.describe();
      return [dependency, detail];
    }),
  );
}
