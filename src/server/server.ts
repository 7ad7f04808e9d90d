import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { createApp, type App } from '../app.js';
import type { AppConfig } from '../config.js';
import { eventLoopDelay } from '../observability/event_loop.js';
import { registerChatRoute } from './chat_route.js';
import { registerFeedbackRoute } from './feedback_route.js';
import { registerHealthRoutes } from './health_routes.js';
import { VoiceHandover } from './voice_handover.js';
import { VOICE_TOKEN_TTL_SECONDS, registerVoiceRoute } from './voice_route.js';

export const WEB_DIST = path.resolve('web/dist');

/** Builds the Fastify app around an already-created Sarah app (tests pass their own). */
export async function buildServer(app: App, logger: Logger): Promise<FastifyInstance> {
  const server = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 16 * 1024,
  }) as unknown as FastifyInstance;
  await server.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: { 'connect-src': ["'self'", 'ws:', 'wss:'], 'upgrade-insecure-requests': null },
    },
  });
  await server.register(fastifyCors, { origin: app.config.env.PUBLIC_URL ?? false });
  // Limits are per route: a global limit would also count WebSocket upgrades and static files.
  await server.register(fastifyRateLimit, { global: false });
  // Frames larger than the chat limit get a polite error frame; only absurd ones close the socket.
  await server.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  // Event-loop delay (/metrics) is measured while the server listens.
  let monitoring = false;
  server.addHook('onListen', async () => {
    if (!monitoring) eventLoopDelay.start();
    monitoring = true;
  });
  server.addHook('onClose', async () => {
    if (monitoring) eventLoopDelay.stop();
    monitoring = false;
  });

  registerHealthRoutes(server, app);
  registerFeedbackRoute(server, app);
  const handover = new VoiceHandover(VOICE_TOKEN_TTL_SECONDS * 1000);
  registerVoiceRoute(server, app, handover);
  registerChatRoute(server, app, handover);

  if (existsSync(path.join(WEB_DIST, 'index.html'))) {
    await server.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
    server.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.code(404).send({ error: 'not found' });
    });
  } else {
    logger.warn('web/dist is missing: run `npm run build` to serve the chat page');
  }
  return server;
}

export async function startHttpServer(
  config: AppConfig,
  logger: Logger,
): Promise<{ server: FastifyInstance; app: App; url: string }> {
  const app = await createApp(config, logger);
  const server = await buildServer(app, logger);
  const address = await server.listen({ port: config.env.PORT, host: config.env.HOST });
  const port = new URL(address).port;
  process.stdout.write(`Sarah is ready at http://localhost:${port}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return { server, app, url: `http://localhost:${port}` };
}
