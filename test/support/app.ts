import pino from 'pino';
import { createApp, type App } from '../../src/app.js';
import { SarahConversation } from '../../src/agent/conversation.js';
import { loadLlmPlugin } from '../../src/agent/llm_factory.js';
import type { AgentServices } from '../../src/agent/services.js';
import { loadConfig } from '../../src/config.js';
import { installFrameworkLogger } from '../../src/observability/logger.js';
import { scanBeforeClose } from './pii_scan.js';

export const FIXED_NOW = new Date('2026-11-25T15:00:00Z');

/**
 * Under `npm run test:fakes` (SARAH_TEST_PARTS=fakes) the production variables the global setup
 * put in the environment, so every part runs against its fake; otherwise nothing (embedded).
 */
function productionFakesEnv(): Record<string, string> {
  if (process.env.SARAH_TEST_PARTS !== 'fakes') return {};
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined &&
        /^(UNLEASH_|GOOGLE_|CALENDAR_REPS|AMPLITUDE_|ANALYTICS_SALT|SMTP_URL|EMAIL_FROM|HANDOFF_WEBHOOK_|REDIS_URL|BOOKINGS_PER_|RESOURCE_EMAILS_PER_)/.test(
          entry[0],
        ),
    ),
  );
}

/**
 * A real app (embedded parts, in-memory SQLite, or production fakes under test:fakes) with a silent
 * logger. Its close() first scans the database for card and phone numbers stored in clear, and
 * fails if it finds any (test/support/pii_scan.ts).
 */
export async function testApp(env: Record<string, string> = {}): Promise<App> {
  const logger = pino({ level: 'silent' });
  installFrameworkLogger(logger, 'silent');
  const config = loadConfig({ ...productionFakesEnv(), ...env });
  await loadLlmPlugin(config);
  return scanBeforeClose(await createApp(config, logger, { sqlitePath: ':memory:' }));
}

export interface Transcript {
  conversation: SarahConversation;
  agent: string[];
  tools: Array<{ name: string; args: unknown; output: unknown; error: boolean }>;
  say(text: string): Promise<void>;
  lastReply(): string;
}

/** Starts a web-channel conversation on a fixed clock and records everything it emits. */
export async function talk(
  app: App,
  options: { userTimeZone?: string; services?: Partial<AgentServices> } = {},
): Promise<Transcript> {
  const conversation = SarahConversation.create({
    config: app.config,
    services: { ...app.services, ...options.services },
    channel: 'web',
    userTimeZone: options.userTimeZone ?? 'America/New_York',
    now: () => new Date(FIXED_NOW),
  });
  const transcript: Transcript = {
    conversation,
    agent: [],
    tools: [],
    say: async (text) => {
      await conversation.send(text);
    },
    lastReply: () => transcript.agent[transcript.agent.length - 1] ?? '',
  };
  conversation.on('agent', (text) => transcript.agent.push(text));
  conversation.on('tool', (event) => transcript.tools.push(event));
  await conversation.begin();
  return transcript;
}
