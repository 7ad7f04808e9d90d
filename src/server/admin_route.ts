import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { App } from '../app.js';
import { erasePersonData, exportPersonData, requestReference } from '../privacy/person_data.js';
import { bearerCheck } from './metrics_route.js';

const request = z.object({ action: z.enum(['export', 'erase']), email: z.email() });

/**
 * `POST /api/admin/privacy` {action: 'export' | 'erase', email}: a person's access or erasure
 * request, for whoever handles privacy requests, with `Authorization: Bearer ADMIN_TOKEN`.
 * Without ADMIN_TOKEN the route does not exist. Logged with a hash of the address, never the address.
 */
export function registerAdminRoute(server: FastifyInstance, app: App): void {
  const token = app.config.env.ADMIN_TOKEN;
  if (!token) return;
  const authorised = bearerCheck(token);
  server.post(
    '/api/admin/privacy',
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (req, reply) => {
      if (!authorised(req.headers.authorization)) return reply.code(401).send({ error: 'not authorised' });
      const parsed = request.safeParse(req.body);
      if (!parsed.success)
        return reply.code(400).send({ error: 'expected {"action": "export" | "erase", "email": "..."}' });
      const { action, email } = parsed.data;
      const db = app.store.database.db;
      const result =
        action === 'export' ? await exportPersonData(db, email) : await erasePersonData(db, email);
      req.log.info(
        { action, person: requestReference(email), ...(action === 'erase' ? { erased: result } : {}) },
        'privacy request handled',
      );
      return reply.send(result);
    },
  );
}
