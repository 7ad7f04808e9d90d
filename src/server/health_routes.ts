import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { storeReadinessProbe } from '../store/readiness.js';

export function registerHealthRoutes(server: FastifyInstance, app: App): void {
  // Liveness: the process answers. Readiness: the store can write (a committed heartbeat, no write
  // failed since, and for SQLite the file we opened is still there). An open breaker does not make
  // the instance unready: its fallback still serves, and every instance shares the same outage.
  const storeReady = storeReadinessProbe(app.store.database);
  server.get('/healthz', async () => ({ status: 'ok' }));
  server.get('/readyz', async (request, reply) => {
    const dependencies = describeDependencies(app);
    const store = app.store.database.dialect;
    const { ready, problem } = await storeReady();
    if (ready) return { status: 'ready', store, dependencies };
    // The reason goes to the log (and the store metrics); the body stays generic.
    request.log.warn({ problem }, 'not ready: the store cannot write');
    return reply.code(503).send({ status: 'unavailable', store, dependencies });
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
