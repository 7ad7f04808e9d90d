import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import { abuseLimits, createAbuseGuards } from './agent/abuse/index.js';
import { ReplyPolicyBase } from './agent/session/reply_policy.js';
import type { AgentServices, ConversationRecorder } from './agent/services.js';
import type { AppConfig } from './config.js';
import { scrubPii } from './observability/logger.js';
import { redactPersonalData } from './privacy/redact.js';
import { metrics } from './observability/metrics.js';
import { createDependencyGuards, type DependencyGuards } from './resilience/dependency_guards.js';
import { guardCalendar, guardEmail, guardKnowledge } from './resilience/guarded_services.js';
import { createAmplitudeAnalytics } from './services/analytics/amplitude.js';
import { EmbeddedAnalytics } from './services/analytics/embedded.js';
import { createSmtpSender } from './services/email/smtp.js';
import { createHandoffNotifier } from './services/handoff/webhook.js';
import { createOutbox } from './services/outbox/index.js';
import { EmbeddedCalendar } from './services/calendar/embedded.js';
import { createGoogleCalendar } from './services/calendar/google_factory.js';
import type { CalendarRepository, CalendarService } from './services/calendar/types.js';
import { EmbeddedEmailSender } from './services/email/embedded.js';
import type { EmailSender } from './services/email/types.js';
import { loadCorpus } from './services/knowledge/corpus.js';
import { EmbeddedKnowledgeBase } from './services/knowledge/embedded.js';
import { createKnowledgeCache, layeredKnowledge } from './services/knowledge/layered.js';
import type { KnowledgeArticle } from './services/knowledge/types.js';
import { createUnleashKnowledge } from './services/knowledge/unleash.js';
import { connectRedis, redisReady } from './services/shared/redis.js';
import type { Redis } from 'ioredis';
import { DependencyGuard } from './resilience/guard.js';
import type { KnowledgeBase } from './services/knowledge/types.js';
import { Store, migrateToLatest, openDatabase } from './store/index.js';
import { withMaintenanceConnection } from './store/maintenance.js';
import { reportStoreHealth } from './observability/store_health_report.js';

export interface App {
  config: AppConfig;
  store: Store;
  services: AgentServices;
  /** The guard in front of each outside part; /readyz reports their breakers. */
  guards: DependencyGuards;
  /** Shared limits and caches across instances, when REDIS_URL is set. */
  redis?: Redis;
  close(): Promise<void>;
}

/** The outside parts tools call; each is wrapped in its guard here, whichever implementation it is. */
export interface OutsideParts {
  knowledge: KnowledgeBase;
  calendar: CalendarService;
  email: EmailSender;
}

export interface AppOptions {
  sqlitePath?: string;
  /** Parts to use instead of the configured ones (fault-injection tests); guarded all the same. */
  parts?: Partial<OutsideParts>;
  /** Guards to use instead of the default ones (tests shorten their timings). */
  guards?: DependencyGuards;
}

/**
 * The composition root: the one place that picks concrete parts (embedded or production)
 * and wires them together. Everything else depends on interfaces.
 */
export async function createApp(config: AppConfig, logger: Logger, options: AppOptions = {}): Promise<App> {
  const database = await openDatabase({
    url: config.env.DATABASE_URL,
    sqlitePath: options.sqlitePath ?? config.env.SQLITE_PATH,
    // A lost database must not be replaced by an empty one without a word (README "Never losing data silently").
    refuseLostDatabase: config.env.NODE_ENV === 'production' && !config.env.ALLOW_EMPTY_DB,
    log: logger,
  });
  reportStoreHealth(database.health, logger);
  await withMaintenanceConnection(database, config.env.DATABASE_URL, (db) => migrateToLatest(db));
  await database.markInitialised();
  const store = new Store(database);
  const seeded = await store.reps.seedDefaultsIfEmpty();
  if (seeded > 0) logger.info({ seeded }, 'seeded sample sales reps');
  await closeSessionsLeftOpen(store, config, logger);
  if (config.env.CALENDAR_REPS)
    logger.info(await store.reps.applyTeam(config.env.CALENDAR_REPS), 'applied CALENDAR_REPS');

  const redis = config.env.REDIS_URL ? connectRedis(config.env.REDIS_URL, logger) : undefined;
  // Not fatal: without Redis, limits and caches count in this process until it connects.
  if (redis && !(await redisReady(redis)))
    logger.warn('redis not reachable yet; starting with in-process limits');

  const articles = await loadCorpus(path.resolve(config.env.KNOWLEDGE_DIR));
  // Analytics, email and the CRM webhook leave through a durable outbox in the store.
  const outbox = createOutbox(store, logger);
  const parts: OutsideParts = {
    knowledge: knowledgeBase(config, articles, redis, logger),
    // Google's client is loaded only when its credentials are set.
    calendar: config.googleCalendar
      ? await createGoogleCalendar(config, store, logger)
      : new EmbeddedCalendar(calendarRepository(store), {
          meetingMinutes: config.env.MEETING_MINUTES,
          horizonDays: config.env.BOOKING_HORIZON_DAYS,
        }),
    // SMTP when configured (sent through the outbox, so an outage loses nothing); otherwise recorded.
    email:
      createSmtpSender(config, outbox) ??
      new EmbeddedEmailSender({ record: (row) => store.emails.record(row) }),
    ...options.parts,
  };
  const analytics = createAmplitudeAnalytics(config, outbox, { logger }) ?? new EmbeddedAnalytics(logger);
  const handoff = createHandoffNotifier(config, outbox);
  // Started once every part has registered its sender; rows left by a previous run go out now.
  outbox.start();
  // Every call a tool makes to an outside part goes through its guard: there is no other way in.
  const guards = options.guards ?? createDependencyGuards();
  const services: AgentServices = {
    knowledge: guardKnowledge(parts.knowledge, guards.knowledge),
    // Google bookings carry a request id, so a retried insert never makes a second event.
    calendar: guardCalendar(parts.calendar, guards.calendar, {
      idempotentBooking: config.googleCalendar !== undefined && !options.parts?.calendar,
    }),
    email: guardEmail(parts.email, guards.email),
    analytics,
    handoff,
    recorder: storeRecorder(store, logger),
    storeHealth: database.health,
    logger,
    fallbacks: { bookingUrl: config.env.BOOKING_FALLBACK_URL },
    abuse: createAbuseGuards({ limits: abuseLimits(config), bookingsStore: store.bookings, redis, logger }),
    // Figures and wording a reply may use come from the shipped articles (and a turn's own tools).
    replyPolicy: new ReplyPolicyBase(articles.map((a) => `${a.title}\n${a.summary}\n${a.body}`).join('\n')),
  };
  logger.debug({ articles: articles.length }, 'knowledge corpus loaded');
  return {
    config,
    store,
    services,
    guards,
    redis,
    close: async () => {
      await services.analytics.flush();
      // What cannot be sent within the deadline stays in the store and goes out after the next start.
      await outbox.stop(5_000);
      await store.close();
      redis?.disconnect();
    },
  };
}

/**
 * The shipped corpus alone, or with UNLEASH_API_KEY: a cached Unleash search in front of it. The
 * Unleash call has its own short guard inside the chain, so the corpus still answers within the
 * knowledge guard's deadline when Unleash is down or slow.
 */
function knowledgeBase(
  config: AppConfig,
  articles: KnowledgeArticle[],
  redis: Redis | undefined,
  logger: Logger,
): KnowledgeBase {
  const corpus = new EmbeddedKnowledgeBase(articles);
  const unleash = createUnleashKnowledge(config.env, { articles, redis });
  if (!unleash) return corpus;
  const unleashGuard = new DependencyGuard({
    dependency: 'unleash',
    attemptTimeoutMs: config.env.UNLEASH_TIMEOUT_MS,
    // Ends before the knowledge guard around the whole chain does, leaving the corpus time to answer.
    callDeadlineMs: 1200,
    maxRetries: 1,
  });
  return layeredKnowledge({
    cache: createKnowledgeCache({ ttlSeconds: config.env.UNLEASH_CACHE_TTL_S, redis }),
    primary: guardKnowledge(unleash, unleashGuard),
    fallback: corpus,
    logger,
  });
}

/**
 * Sessions a crash left open are closed as `interrupted` at the next start. Only those older than
 * the longest conversation allowed (a chat or a call, plus a margin): with several instances on
 * one database, a younger open session may be alive on another instance.
 */
async function closeSessionsLeftOpen(store: Store, config: AppConfig, logger: Logger): Promise<void> {
  const longestMinutes = Math.max(config.env.CHAT_MAX_SESSION_MINUTES, config.env.MAX_CALL_MINUTES + 1) + 5;
  const now = Date.now();
  const closed = await store.sessions
    .closeAbandoned(new Date(now - longestMinutes * 60_000).toISOString(), new Date(now).toISOString())
    .catch((error: unknown) => {
      logger.warn({ reason: scrubPii(String(error)) }, 'could not close sessions left open');
      return 0;
    });
  if (closed > 0) logger.info({ closed }, 'closed sessions left open by an earlier run as interrupted');
}

function calendarRepository(store: Store): CalendarRepository {
  return {
    listReps: () => store.reps.listActive(),
    listBusy: async (from, to) =>
      (await store.bookings.listBetween(from, to)).map((b) => ({ repId: b.repId, startAt: b.startAt })),
    insertBooking: (booking) => store.bookings.tryBook(booking),
    getBooking: (id) => store.bookings.get(id),
    cancelBooking: (id) => store.bookings.cancel(id),
    updateAttendee: (id, email) => store.bookings.updateAttendee(id, email),
  };
}

/**
 * Writes the conversation's record to the store. A failed write is logged and counted but never
 * interrupts the conversation: the in-memory session context still holds everything.
 */
function storeRecorder(store: Store, logger: Logger): ConversationRecorder {
  const safely = async (what: string, sessionId: string, write: () => Promise<unknown>) => {
    try {
      await write();
    } catch (error) {
      metrics.dependencyFailures.inc({ dependency: 'store' });
      logger.warn({ sessionId, what, reason: scrubPii(String(error)) }, 'store write failed');
    }
  };
  return {
    sessionStarted: (s) =>
      safely('session', s.id, () =>
        store.sessions.create({
          id: s.id,
          channel: s.channel,
          startedAt: s.at.toISOString(),
          userTimeZone: s.userTimeZone,
          state: 'GREETING',
        }),
      ),
    transition: (sessionId, t) =>
      safely('transition', sessionId, async () => {
        await store.transitions.record({
          id: randomUUID(),
          sessionId,
          from: t.from,
          to: t.to,
          reason: t.reason,
          at: t.at.toISOString(),
        });
        await store.sessions.updateState(sessionId, t.to);
      }),
    qualification: (sessionId, signals, tier, at) =>
      safely('qualification', sessionId, () =>
        store.qualification.save(sessionId, { ...signals, tier }, at.toISOString()),
      ),
    consent: (sessionId, granted, at) =>
      safely('consent', sessionId, () => store.consent.record(sessionId, granted, at.toISOString())),
    transcript: (sessionId, role, text, at) =>
      safely('transcript', sessionId, () =>
        // Cards, phones, street addresses and emails never reach the transcript table.
        store.transcripts.append({
          id: randomUUID(),
          sessionId,
          role,
          text: redactPersonalData(text),
          at: at.toISOString(),
        }),
      ),
    sessionEnded: (sessionId, end) =>
      safely('session end', sessionId, () =>
        store.sessions.end(sessionId, {
          endedAt: end.at.toISOString(),
          reason: end.reason,
          handoff: end.handoff,
        }),
      ),
  };
}
