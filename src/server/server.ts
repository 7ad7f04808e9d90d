import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { createApp, type App } from '../app.js';
import type { AppConfig } from '../config.js';
import { eventLoopDelay } from '../observability/event_loop.js';
import { connectRedis, redisReady } from '../services/shared/redis.js';
import { chatLimitsFromEnv, type ChatLimits } from './chat_limits.js';
import { registerChatRoute } from './chat_route.js';
import { answerFailuresGenerically } from './error_handler.js';
import { registerFeedbackRoute } from './feedback_route.js';
import { registerHealthRoutes } from './health_routes.js';
import { serveMetrics } from './metrics_route.js';
import { restrictOrigins } from './origin_check.js';
import { HeldChats, storeSnapshots } from './chat_resume.js';
import { createSessionSlots } from './session_slots.js';
import { createSessionTokens, sessionTokenSecret } from './session_token.js';
import { fastifyTrustProxy } from './trust_proxy.js';
import { VoiceHandover } from './voice_handover.js';
import { VOICE_TOKEN_TTL_SECONDS, registerVoiceRoute } from './voice_route.js';
import { scheduleRetentionPurge } from './retention_schedule.js';
import { registerAdminRoute } from './admin_route.js';

export const WEB_DIST = path.resolve('web/dist');

/** Endpoints only our own page should call: each starts or feeds a conversation. */
const BROWSER_ONLY_PATHS = ['/api/chat', '/api/voice/session', '/api/feedback'];

/** How long after the longest chat its survey can still be sent. */
const SURVEY_WINDOW_MS = 30 * 60_000;

export interface ServerOptions {
  /**
   * Redis for limits shared across instances. By default the server connects to REDIS_URL itself
   * (and disconnects when it closes); a client passed here is used as is and left open.
   */
  redis?: Redis;
  /** Replaces some of the configured chat limits (tests use short timings). */
  chatLimits?: Partial<ChatLimits>;
}

/** Builds the Fastify app around an already-created Sarah app (tests pass their own). */
export async function buildServer(
  app: App,
  logger: Logger,
  options: ServerOptions = {},
): Promise<FastifyInstance> {
  const { env } = app.config;
  const server = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 16 * 1024,
    // Behind a load balancer the client's address comes from X-Forwarded-For, but only from the
    // proxies TRUST_PROXY names; otherwise anyone could choose the address our limits count.
    trustProxy: fastifyTrustProxy(env.TRUST_PROXY),
    // Unique across restarts and instances, so the ID in a 500 body finds its log line.
    genReqId: () => randomUUID(),
  }) as unknown as FastifyInstance;
  // One connection per process: the app's (knowledge cache, Unleash limit) when it has one.
  const redis = options.redis ?? app.redis ?? (await ownRedis(env.REDIS_URL, logger, server));
  answerFailuresGenerically(server);
  if (env.NODE_ENV === 'production' && !env.PUBLIC_URL)
    logger.warn('PUBLIC_URL is not set: chats are accepted only from pages served on the same host');
  await server.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: { 'connect-src': ["'self'", 'ws:', 'wss:'], 'upgrade-insecure-requests': null },
    },
  });
  await server.register(fastifyCors, { origin: app.config.env.PUBLIC_URL ?? false });
  // Limits are per route: a global limit would also count WebSocket upgrades and static files.
  // With Redis they are counted across instances; while Redis is down they are skipped (the
  // per-socket and per-address chat limits still hold, in process).
  await server.register(fastifyRateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: 'sarah:route-limit:', skipOnError: true } : {}),
  });
  // Frames larger than the chat limit get a polite error frame; only absurd ones close the socket.
  await server.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  // After the WebSocket plugin: its own hook must mark an upgrade first, so that a refused one
  // has its socket closed once the 403 is sent.
  restrictOrigins(server, BROWSER_ONLY_PATHS, {
    publicOrigin: env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : undefined,
    production: env.NODE_ENV === 'production',
  });

  scheduleRetentionPurge(server, app);

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

  const limits = { ...chatLimitsFromEnv(env), ...options.chatLimits };
  const tokens = createSessionTokens(
    sessionTokenSecret(env.SESSION_TOKEN_SECRET, logger),
    limits.maxSessionMs + SURVEY_WINDOW_MS,
  );
  registerHealthRoutes(server, app);
  serveMetrics(server, env, logger);
  registerFeedbackRoute(server, app, tokens);
  const handover = new VoiceHandover(VOICE_TOKEN_TTL_SECONDS * 1000);
  registerAdminRoute(server, app);
  registerVoiceRoute(server, app, handover);
  const held = new HeldChats();
  // Saves of chats parked as their sockets closed finish before the store does.
  server.addHook('onClose', () => held.settle());
  registerChatRoute(server, app, {
    handover,
    held,
    snapshots: storeSnapshots(app.store),
    limits,
    slots: createSessionSlots(limits, redis),
    tokens,
  });

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

/** Connects to REDIS_URL when set, waiting briefly so the first limits are already shared. */
async function ownRedis(
  url: string | undefined,
  logger: Logger,
  server: FastifyInstance,
): Promise<Redis | undefined> {
  if (!url) return undefined;
  const redis = connectRedis(url, logger);
  if (!(await redisReady(redis)))
    logger.warn('redis is not answering yet; limits count in this process until it does');
  // After the sockets have closed: `quit` lets their slot give-backs reach Redis first.
  server.addHook('onClose', async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
  return redis;
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
