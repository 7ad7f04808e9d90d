/**
 * Replays issue 8's calendar-exhaustion attack against the real agent (offline brain, embedded
 * calendar, in-memory store) and prints what it takes:
 *
 *   npx tsx scripts/booking_attack.ts [sessions]
 *
 * One client address opens chat after chat, as fast as it can, each one qualifying itself
 * ("25 sales reps, Salesforce"), asking for a call, taking the first time and giving a fresh
 * address: a throwaway inbox, a made-up company, or a free-mail account, in turn. The hour is
 * simulated: the daily caps' window (24 h) is longer than it, so nothing the attacker used frees
 * up within the hour, and the number of chats it may open is bounded by the per-address
 * connection limit (CHAT_RATE_LIMIT_PER_MINUTE × 60) rather than by how fast this machine
 * answers. "Before" is every bookable slot in the horizon: without caps each chat took one.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import type { AbuseGuards } from '../src/agent/abuse/index.js';
import { SarahConversation } from '../src/agent/conversation.js';
import { loadLlmPlugin } from '../src/agent/llm_factory.js';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { installFrameworkLogger } from '../src/observability/logger.js';

const ATTACK_NOW = new Date('2026-11-25T15:00:00Z');

export interface AttackReport {
  sessions: number;
  booked: number;
  refusedByKind: Record<string, number>;
  seconds: number;
}

/** The addresses an attacker cycles through: throwaway, made-up company, free mail. */
function attackerAddress(i: number): string {
  const id = randomUUID().slice(0, 8);
  return [`bot${id}@mailinator.com`, `ops@${id}-logistics.com`, `sales.${id}@gmail.com`][i % 3]!;
}

/** The abuse rules switched off: the code as it was before issue 8's fix, for the "before" figure. */
const NO_CAPS: AbuseGuards = {
  bookings: {
    checkAddress: () => undefined,
    reserve: () => Promise.resolve({ allowed: true, release: () => Promise.resolve() }),
  },
  resources: { take: () => Promise.resolve(undefined), give: () => Promise.resolve() },
};

export async function replayBookingAttack(
  app: App,
  options: { sessions: number; clientKey?: string; now?: Date; withoutCaps?: boolean },
): Promise<AttackReport> {
  const now = options.now ?? ATTACK_NOW;
  const clientKey = options.clientKey ?? '203.0.113.66';
  const services = options.withoutCaps ? { ...app.services, abuse: NO_CAPS } : app.services;
  const refusedByKind: Record<string, number> = {};
  let booked = 0;
  const started = performance.now();
  for (let i = 0; i < options.sessions; i++) {
    const conversation = SarahConversation.create({
      config: app.config,
      services,
      channel: 'web',
      clientKey,
      userTimeZone: 'America/New_York',
      now: () => now,
    });
    let refusal: string | undefined;
    conversation.on('tool', (event) => {
      if (event.name === 'book_meeting' && event.error) refusal = String(event.output);
    });
    await conversation.begin();
    for (const line of [
      'We have 25 sales reps and use Salesforce',
      'Yes, please find a time',
      'the first one',
      `my email is ${attackerAddress(i)}`,
      'yes',
    ])
      await conversation.send(line);
    if (conversation.context.booking) booked += 1;
    else {
      const kind = refusal ? refusalKind(refusal) : 'no_booking';
      refusedByKind[kind] = (refusedByKind[kind] ?? 0) + 1;
    }
    await conversation.end('attack replay');
  }
  return {
    sessions: options.sessions,
    booked,
    refusedByKind,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

function refusalKind(line: string): string {
  if (/temporary inbox/.test(line)) return 'disposable_email';
  if (/already has a call/.test(line)) return 'email_has_booking';
  if (/any more calls from here today/.test(line)) return 'daily_limit';
  return 'other';
}

/** A fresh app on an empty in-memory store, caps as configured (defaults) and in process. */
async function freshApp(): Promise<App> {
  const logger = pino({ level: 'silent' });
  installFrameworkLogger(logger, 'silent');
  const config = loadConfig({ REDIS_URL: '', BOOKING_FALLBACK_URL: 'https://www.pandadoc.com/book-a-demo' });
  await loadLlmPlugin(config);
  return createApp(config, logger, { sqlitePath: ':memory:' });
}

async function main(): Promise<void> {
  const sessions = Number(process.argv[2] ?? 450);
  const before = await freshApp();
  const after = await freshApp();
  try {
    const uncapped = await replayBookingAttack(before, { sessions, withoutCaps: true });
    const capped = await replayBookingAttack(after, { sessions });
    const env = after.config.env;
    process.stdout.write(
      `${JSON.stringify(
        {
          sessionsPerRun: sessions,
          chatsOneAddressMayOpenPerHour: env.CHAT_RATE_LIMIT_PER_MINUTE * 60,
          before: {
            ...uncapped,
            note: `no caps: every chat books until the ${env.BOOKING_HORIZON_DAYS}-day calendar is full`,
          },
          after: {
            ...capped,
            caps: {
              BOOKINGS_PER_IP_PER_DAY: env.BOOKINGS_PER_IP_PER_DAY,
              BOOKINGS_PER_DOMAIN_PER_DAY: env.BOOKINGS_PER_DOMAIN_PER_DAY,
            },
          },
          slotsPerClientAddressPerHour: { before: uncapped.booked, after: capped.booked },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await before.close();
    await after.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
