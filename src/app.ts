import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import { defaultPolicies, type AgentServices, type ConversationRecorder } from './agent/services.js';
import type { AppConfig } from './config.js';
import { scrubPii } from './observability/logger.js';
import { metrics } from './observability/metrics.js';
import { EmbeddedAnalytics } from './services/analytics/embedded.js';
import { EmbeddedCalendar } from './services/calendar/embedded.js';
import type { CalendarRepository } from './services/calendar/types.js';
import { EmbeddedEmailSender } from './services/email/embedded.js';
import { loadCorpus } from './services/knowledge/corpus.js';
import { EmbeddedKnowledgeBase } from './services/knowledge/embedded.js';
import { Store, migrateToLatest, openDatabase } from './store/index.js';

export interface App {
  config: AppConfig;
  store: Store;
  services: AgentServices;
  close(): Promise<void>;
}

/**
 * The composition root: the one place that picks concrete parts (embedded or production)
 * and wires them together. Everything else depends on interfaces.
 */
export async function createApp(
  config: AppConfig,
  logger: Logger,
  options: { sqlitePath?: string } = {},
): Promise<App> {
  const database = await openDatabase({
    url: config.env.DATABASE_URL,
    sqlitePath: options.sqlitePath ?? config.env.SQLITE_PATH,
  });
  await migrateToLatest(database.db);
  const store = new Store(database);
  const seeded = await store.reps.seedDefaultsIfEmpty();
  if (seeded > 0) logger.info({ seeded }, 'seeded sample sales reps');

  const articles = await loadCorpus(path.resolve(config.env.KNOWLEDGE_DIR));
  const services: AgentServices = {
    knowledge: new EmbeddedKnowledgeBase(articles),
    calendar: new EmbeddedCalendar(calendarRepository(store), {
      meetingMinutes: config.env.MEETING_MINUTES,
      horizonDays: config.env.BOOKING_HORIZON_DAYS,
    }),
    email: new EmbeddedEmailSender({ record: (row) => store.emails.record(row) }),
    analytics: new EmbeddedAnalytics(logger),
    recorder: storeRecorder(store, logger),
    logger,
    policies: defaultPolicies(),
  };
  logger.debug({ articles: articles.length }, 'knowledge corpus loaded');
  return {
    config,
    store,
    services,
    close: async () => {
      await services.analytics.flush();
      await store.close();
    },
  };
}

function calendarRepository(store: Store): CalendarRepository {
  return {
    listReps: () => store.reps.listActive(),
    listBusy: async (from, to) =>
      (await store.bookings.listBetween(from, to)).map((b) => ({ repId: b.repId, startAt: b.startAt })),
    insertBooking: (booking) => store.bookings.tryBook(booking),
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
        store.transcripts.append({ id: randomUUID(), sessionId, role, text, at: at.toISOString() }),
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
