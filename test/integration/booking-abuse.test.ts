import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAbuseGuards, isDisposableEmail, isOrganisationDomain } from '../../src/agent/abuse/index.js';
import { SarahConversation } from '../../src/agent/conversation.js';
import type { AgentServices } from '../../src/agent/services.js';
import type { App } from '../../src/app.js';
import {
  COPY,
  DISPOSABLE_EMAIL,
  FOLLOW_UP_NOTED,
  OWN_EMAIL_ONLY,
  RESOURCE_DAILY_LIMIT,
  bookingCapReached,
} from '../../src/conversation/index.js';
import { registry } from '../../src/observability/metrics.js';
import { DependencyUnavailableError } from '../../src/resilience/errors.js';
import { buildServer } from '../../src/server/server.js';
import { connectRedis, redisReady } from '../../src/services/shared/redis.js';
import { replayBookingAttack } from '../../scripts/booking_attack.js';
import { FIXED_NOW, testApp } from '../support/app.js';
import { openChat } from '../support/chat_socket.js';

const BOOKING_URL = 'https://www.pandadoc.com/book-a-demo';
const silent = pino({ level: 'silent' });

interface Chat {
  conversation: SarahConversation;
  agent: string[];
  tools: Array<{ name: string; args: unknown; output: unknown; error: boolean }>;
  say(text: string): Promise<void>;
  lastReply(): string;
}

/** A web chat as the chat route opens it: with the client's address key. */
async function chat(
  app: App,
  options: { clientKey?: string; services?: Partial<AgentServices> } = {},
): Promise<Chat> {
  const conversation = SarahConversation.create({
    config: app.config,
    services: { ...app.services, ...options.services },
    channel: 'web',
    clientKey: options.clientKey,
    userTimeZone: 'America/New_York',
    now: () => new Date(FIXED_NOW),
  });
  const c: Chat = {
    conversation,
    agent: [],
    tools: [],
    say: async (text) => {
      await conversation.send(text);
    },
    lastReply: () => c.agent.at(-1) ?? '',
  };
  conversation.on('agent', (text) => c.agent.push(text));
  conversation.on('tool', (event) => c.tools.push(event));
  await conversation.begin();
  return c;
}

/** A qualified trialist asks for a call, takes the first offered time and gives an address. */
async function tryToBook(app: App, email: string, clientKey?: string) {
  const c = await chat(app, { clientKey });
  await c.say('We have 25 sales reps and use Salesforce');
  await c.say('Yes, please find a time');
  await c.say('the first one');
  await c.say(`my email is ${email}`);
  await c.say('yes');
  const booking = c.conversation.context.booking;
  const reply = c.lastReply();
  await c.conversation.end('test');
  return { booked: booking !== undefined, reply };
}

async function refusals(kind: string): Promise<number> {
  const metric = await registry.getSingleMetric('sarah_abuse_refusals_total')!.get();
  return metric.values.find((v) => v.labels.kind === kind)?.value ?? 0;
}

const apps: App[] = [];
async function appWith(env: Record<string, string> = {}): Promise<App> {
  const app = await testApp({ BOOKING_FALLBACK_URL: BOOKING_URL, ...env });
  apps.push(app);
  return app;
}
afterAll(async () => {
  for (const app of apps) await app.close();
});

describe('which addresses are throwaway, and which domains are one organisation', () => {
  it.each([
    ['x@mailinator.com', true],
    ['x@inbox.mailinator.com', true],
    ['x@yopmail.com', true],
    ['jo@acme.com', false],
    ['jo@gmail.com', false],
  ])('%s disposable: %s', (address, disposable) => {
    expect(isDisposableEmail(address)).toBe(disposable);
  });

  it.each([
    ['jo@acme.com', true],
    ['jo@sales.acme.co.uk', true],
    ['jo@gmail.com', false],
    ['jo@outlook.com', false],
    ['jo@example.com', false],
    ['jo@brightco.example', false],
  ])('%s counted per domain: %s', (address, organisation) => {
    expect(isOrganisationDomain(address)).toBe(organisation);
  });
});

describe('booking caps', () => {
  let app: App;
  beforeAll(async () => {
    app = await appWith({ BOOKINGS_PER_DOMAIN_PER_DAY: '2', BOOKINGS_PER_IP_PER_DAY: '3' });
  });

  it('refuses a throwaway inbox and asks for a work address, then books with one', async () => {
    const before = await refusals('disposable_email');
    const c = await chat(app);
    await c.say('We have 25 sales reps and use Salesforce');
    await c.say('Yes, please find a time');
    await c.say('the first one');
    await c.say('my email is jo@mailinator.com');
    await c.say('yes');
    expect(c.conversation.context.booking).toBeUndefined();
    expect(c.lastReply()).toBe(DISPOSABLE_EMAIL);
    expect(c.lastReply()).not.toMatch(/error/i);
    expect(await refusals('disposable_email')).toBe(before + 1);
    await c.say('jo.work@northpeak-media.com');
    await c.say('yes');
    expect(c.conversation.context.booking?.email).toBe('jo.work@northpeak-media.com');
    await c.conversation.end('test');
  });

  it('one upcoming booking per address: a second chat with the same email gets the link instead', async () => {
    const first = await tryToBook(app, 'sam@lumen-hq.com');
    expect(first.booked).toBe(true);
    const before = await refusals('email_has_booking');
    const second = await tryToBook(app, 'Sam@Lumen-HQ.com');
    expect(second.booked).toBe(false);
    expect(second.reply).toBe(bookingCapReached('address_has_booking', BOOKING_URL));
    expect(second.reply).toContain(BOOKING_URL);
    expect(await refusals('email_has_booking')).toBe(before + 1);
  });

  it('a cancelled booking frees its address for a new one', async () => {
    const c = await chat(app);
    await c.say('We have 25 sales reps and use Salesforce');
    await c.say('Yes, please find a time');
    await c.say('the first one');
    await c.say('my email is kim@fernbrook-co.com');
    await c.say('yes');
    const booking = c.conversation.context.booking!;
    expect(booking).toBeDefined();
    await app.store.bookings.cancel(booking.bookingId);
    await c.conversation.end('test');
    expect((await tryToBook(app, 'kim@fernbrook-co.com')).booked).toBe(true);
  });

  it('bookings per company domain per day', async () => {
    expect((await tryToBook(app, 'a@prairie-freight.com')).booked).toBe(true);
    expect((await tryToBook(app, 'b@prairie-freight.com')).booked).toBe(true);
    const before = await refusals('domain_daily');
    const third = await tryToBook(app, 'c@prairie-freight.com');
    expect(third.booked).toBe(false);
    expect(third.reply).toBe(bookingCapReached('daily_limit', BOOKING_URL));
    expect(await refusals('domain_daily')).toBe(before + 1);
    // Another organisation is not affected.
    expect((await tryToBook(app, 'a@harborline-ins.com')).booked).toBe(true);
  });

  it('free-mail providers are not capped per domain (only per address and per client)', async () => {
    for (const name of ['ana', 'ben', 'cy'])
      expect((await tryToBook(app, `${name}.${randomUUID().slice(0, 6)}@gmail.com`)).booked).toBe(true);
  });

  it('bookings per client address per day, whatever the emails', async () => {
    const ip = '198.51.100.23';
    for (const domain of ['quillstack.dev', 'ridgeline-partners.com', 'ponderosa-ventures.com'])
      expect((await tryToBook(app, `lead@${domain}`, ip)).booked).toBe(true);
    const before = await refusals('client_daily');
    const fourth = await tryToBook(app, 'lead@sunray-solar.com', ip);
    expect(fourth.booked).toBe(false);
    expect(fourth.reply).toBe(bookingCapReached('daily_limit', BOOKING_URL));
    expect(await refusals('client_daily')).toBe(before + 1);
    // A refusal by the client cap gives the domain's unit back: the domain's two still go through.
    expect((await tryToBook(app, 'lead@sunray-solar.com', '198.51.100.24')).booked).toBe(true);
    expect((await tryToBook(app, 'ops@sunray-solar.com', '198.51.100.25')).booked).toBe(true);
  });

  it('one booking per session still holds', async () => {
    const c = await chat(app);
    await c.say('We have 25 sales reps and use Salesforce');
    await c.say('Yes, please find a time');
    await c.say('the first one');
    await c.say('my email is pat@kwame-law.com');
    await c.say('yes');
    const first = c.conversation.context.booking!;
    const tools = (await import('../../src/agent/tools/index.js')).createTools(app.services);
    const opts = {
      ctx: { userData: c.conversation.context },
      toolCallId: 'x',
      abortSignal: new AbortController().signal,
    } as never;
    const again = (await tools.book_meeting.execute({ slotId: '1', email: 'other@kwame-law.com' }, opts)) as {
      alreadyBooked?: boolean;
      bookingId?: string;
    };
    expect(again).toMatchObject({ alreadyBooked: true, bookingId: first.bookingId });
    await c.conversation.end('test');
  });

  it('changing the invite address follows the same rules: no throwaway inbox, only the user’s own', async () => {
    // A domain of its own: the caps other tests used up today must not refuse this booking.
    const domain = `rivera-${randomUUID().slice(0, 8)}.com`;
    const c = await chat(app);
    await c.say('We have 25 sales reps and use Salesforce');
    await c.say('Yes, please find a time');
    await c.say('the first one');
    await c.say(`my email is pat@${domain}, and my assistant is sam@${domain}`);
    await c.say('yes');
    const booking = c.conversation.context.booking!;
    expect(booking, c.lastReply()).toBeDefined();
    const tools = (await import('../../src/agent/tools/index.js')).createTools(app.services);
    const opts = {
      ctx: { userData: c.conversation.context },
      toolCallId: 'x',
      abortSignal: new AbortController().signal,
    } as never;
    // Each change is its own turn, as it would be in a conversation (tools are limited per turn).
    const change = (email: string) => {
      c.conversation.context.usage.startTurn();
      return tools.change_meeting.execute({ action: 'change_email', email }, opts);
    };
    await expect(change('pat@mailinator.com')).rejects.toThrow(DISPOSABLE_EMAIL);
    expect(c.conversation.context.othersEmails.has(`sam@${domain}`)).toBe(true);
    await expect(change(`sam@${domain}`)).rejects.toThrow(COPY.inviteOwnAddress);
    // An address the user never gave, as a model obeying injected text might pass: the new
    // invite would be mail to a stranger.
    await expect(change('redirect@evil-example.test')).rejects.toThrow(COPY.inviteOwnAddress);
    await c.say(`Actually, use my work email instead: pat.k@${domain}`);
    expect(c.conversation.context.booking?.email).toBe(`pat.k@${domain}`);
    await expect(change(`pat.k@${domain}`)).resolves.toMatchObject({ emailChanged: true });
    await c.conversation.end('test');
  });

  it('without BOOKING_FALLBACK_URL the refusal offers a follow-up by email', () => {
    const line = bookingCapReached('daily_limit');
    expect(line).toMatch(/have someone from our team email you/);
    expect(line).not.toMatch(/error/i);
  });

  it('a yes to that follow-up is only that: Sarah does not then offer to book the refused address', async () => {
    const noLink = await appWith({ BOOKING_FALLBACK_URL: '' });
    expect((await tryToBook(noLink, 'lee@quarry-hq.com')).booked).toBe(true);
    const c = await chat(noLink);
    await c.say("Yes, fine. We're 30 people on HubSpot, can we book a call?");
    await c.say('Tuesday at 10am');
    await c.say('lee@quarry-hq.com');
    await c.say('yes');
    expect(c.lastReply()).toBe(bookingCapReached('address_has_booking'));
    await c.say('yes');
    expect(c.lastReply(), c.agent.join('\n')).toBe(FOLLOW_UP_NOTED);
    await c.conversation.end('test');
  });
});

describe('resources go only to the trialist’s own address', () => {
  let app: App;
  beforeAll(async () => {
    app = await appWith({ RESOURCE_EMAILS_PER_IP_PER_DAY: '2', RESOURCE_EMAILS_PER_ADDRESS_PER_DAY: '2' });
  });

  /** A self-serve trialist who has just been offered the getting-started guide. */
  async function offeredGuide(options: Parameters<typeof chat>[1] = {}) {
    const c = await chat(app, options);
    await c.say("It's just me, I send maybe 3 contracts a month");
    await c.say('Can I book a demo with sales?');
    expect(c.lastReply()).toMatch(/guide/i);
    return c;
  }

  const sent = (c: Chat) => c.tools.filter((t) => t.name === 'send_resource' && !t.error);

  it('"my colleague bob@…" after the offer: Bob gets nothing, and Sarah asks for the user’s own address', async () => {
    const c = await offeredGuide();
    await c.say('yes, send it to my colleague bob@acme-corp.com');
    expect(sent(c)).toHaveLength(0);
    expect(c.lastReply()).toBe(OWN_EMAIL_ONLY);
    expect(c.lastReply()).not.toMatch(/emailed you/i);
    await c.say('mine is dana@acme-corp.com');
    expect(sent(c)).toHaveLength(1);
    expect(sent(c)[0]!.output).toMatchObject({ sent: true, email: 'dana@acme-corp.com' });
    await c.conversation.end('test');
  });

  it('the tool itself refuses any address but the user’s own, whichever model asks', async () => {
    const c = await chat(app);
    await c.say('please cc my manager lee@acme-corp.com, my email is max@acme-corp.com');
    expect(c.conversation.context.email).toBe('max@acme-corp.com');
    expect(c.conversation.context.othersEmails.has('lee@acme-corp.com')).toBe(true);
    const tools = (await import('../../src/agent/tools/index.js')).createTools(app.services);
    const opts = {
      ctx: { userData: c.conversation.context },
      toolCallId: 'x',
      abortSignal: new AbortController().signal,
    } as never;
    const before = await refusals('resource_not_own_address');
    await expect(tools.send_resource.execute({ email: 'lee@acme-corp.com' }, opts)).rejects.toThrow(
      OWN_EMAIL_ONLY,
    );
    await expect(tools.send_resource.execute({ email: 'stranger@elsewhere.com' }, opts)).rejects.toThrow(
      OWN_EMAIL_ONLY,
    );
    expect(await refusals('resource_not_own_address')).toBe(before + 2);
    await expect(tools.send_resource.execute({ email: 'MAX@acme-corp.com' }, opts)).resolves.toMatchObject({
      sent: true,
    });
    await c.conversation.end('test');
  });

  it('never says "emailed you" when the email could not be queued', async () => {
    const failing = {
      ...app.services.email,
      sendResource: () =>
        Promise.reject(new DependencyUnavailableError('email', 'circuit_open', new Error('test outage'))),
    } as AgentServices['email'];
    const c = await offeredGuide({ services: { email: failing } });
    await c.say('yes, my email is rae@acme-corp.com');
    expect(sent(c)).toHaveLength(0);
    expect(c.lastReply()).toContain(COPY.emailNotSent);
    expect(c.lastReply()).not.toMatch(/emailed you/i);
    await c.conversation.end('test');
  });

  it('per recipient per day: the same inbox claimed in many chats stops at the cap', async () => {
    const replies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await offeredGuide();
      await c.say('yes, my email is victim@target-co.com');
      replies.push(c.lastReply());
      await c.conversation.end('test');
    }
    expect(replies[0]).toMatch(/emailed you/i);
    expect(replies[1]).toMatch(/emailed you/i);
    // The refusal comes first and whole (a transcript question may follow it).
    expect(replies[2]!.slice(0, RESOURCE_DAILY_LIMIT.length)).toBe(RESOURCE_DAILY_LIMIT);
  });

  it('per client address per day, across chats', async () => {
    const ip = '203.0.113.77';
    const replies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await offeredGuide({ clientKey: ip });
      await c.say(`yes, my email is person${i}@spread-co.com`);
      replies.push(c.lastReply());
      await c.conversation.end('test');
    }
    expect(replies.slice(0, 2).every((r) => /emailed you/i.test(r))).toBe(true);
    // The refusal comes first and whole (a transcript question may follow it).
    expect(replies[2]!.slice(0, RESOURCE_DAILY_LIMIT.length)).toBe(RESOURCE_DAILY_LIMIT);
  });
});

describe('the caps are shared by every instance through Redis', () => {
  it('two instances on one Redis count one client together', async (context) => {
    const redis = connectRedis(process.env.SARAH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', silent);
    try {
      if (!(await redisReady(redis))) return context.skip();
      const limits = {
        bookingsPerDomainPerDay: 100,
        bookingsPerClientPerDay: 2,
        resourceEmailsPerClientPerDay: 10,
        resourceEmailsPerAddressPerDay: 10,
      };
      const noBookings = { hasUpcomingFor: () => Promise.resolve(false) };
      const a = createAbuseGuards({ limits, bookingsStore: noBookings, redis, logger: silent });
      const b = createAbuseGuards({ limits, bookingsStore: noBookings, redis, logger: silent });
      // A client key of its own per run: the daily counts outlive the test in Redis.
      const clientKey = `test-${randomUUID()}`;
      const now = new Date();
      const first = await a.bookings.reserve({ email: 'x@one-co.com', clientKey, now });
      const second = await b.bookings.reserve({ email: 'y@two-co.com', clientKey, now });
      const third = await a.bookings.reserve({ email: 'z@three-co.com', clientKey, now });
      expect([first.allowed, second.allowed, third.allowed]).toEqual([true, true, false]);
      // A booking that did not go through gives its count back, on any instance.
      if (second.allowed) await second.release();
      expect((await b.bookings.reserve({ email: 'z@three-co.com', clientKey, now })).allowed).toBe(true);
    } finally {
      redis.disconnect();
    }
  });
});

describe("issue 8's calendar-exhaustion attack, replayed", () => {
  it('one client address, chat after chat with throwaway, made-up and free-mail addresses: 3 slots, not the calendar', async () => {
    const app = await appWith();
    // A client key of its own per run, in case the suite shares a Redis that keeps daily counts.
    const report = await replayBookingAttack(app, { sessions: 30, clientKey: `attack-${randomUUID()}` });
    process.stdout.write(`booking attack, 30 chats from one address: ${JSON.stringify(report)}\n`);
    expect(report.booked).toBeLessThanOrEqual(app.config.env.BOOKINGS_PER_IP_PER_DAY);
    expect(report.refusedByKind.disposable_email).toBe(10);
  });
});

describe('the web chat counts bookings under the client address', () => {
  it('a second booking from the same address (behind the trusted proxy) gets the cap line', async () => {
    const app = await appWith({ TRUST_PROXY: 'loopback', BOOKINGS_PER_IP_PER_DAY: '1' });
    const server = await buildServer(app, silent);
    try {
      const base = await server.listen({ port: 0, host: '127.0.0.1' });
      // A made-up address of its own per run, in case the suite shares a Redis with daily counts.
      const headers = { 'x-forwarded-for': `2001:db8:${randomUUID().slice(0, 4)}::7` };
      const bookOverSocket = async (email: string) => {
        const c = await openChat(base, { headers });
        await c.next((f) => f.type === 'agent');
        for (const line of [
          'We have 25 sales reps and use Salesforce',
          'Yes, please find a time',
          'the first one',
          `my email is ${email}`,
          'yes',
        ]) {
          c.say(line);
          await c.next((f) => f.type === 'agent');
        }
        const last = c.frames.filter((f) => f.type === 'agent').at(-1)!;
        c.socket.close();
        await c.closed;
        return String(last.text);
      };
      expect(await bookOverSocket('first@ridge-co.com')).toMatch(/^You're booked for/);
      expect(await bookOverSocket('second@other-co.com')).toBe(bookingCapReached('daily_limit', BOOKING_URL));
    } finally {
      await server.close();
    }
  });
});
