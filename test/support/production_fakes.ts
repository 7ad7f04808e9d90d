import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { loadCorpus } from '../../src/services/knowledge/corpus.js';
import { FAKE_AMPLITUDE_KEY, startFakeAmplitude, type FakeAmplitude } from '../fakes/amplitude.js';
import { startFakeGoogleCalendar, type FakeGoogleCalendar } from '../fakes/google_calendar.js';
import {
  FAKE_UNLEASH_KEY,
  documentsFromCorpus,
  startFakeUnleash,
  type FakeUnleash,
} from '../fakes/unleash.js';
import { startWebhookReceiver, type FakeWebhookReceiver } from '../fakes/webhook_receiver.js';

/** The seeded sales team, with Google calendars: the same hours as the embedded defaults. */
const TEAM = [
  { name: 'Avery Collins', email: 'avery.collins@example.com', timeZone: 'America/New_York' },
  {
    name: 'Imogen Hartley',
    email: 'imogen.hartley@example.com',
    timeZone: 'Europe/London',
    workEnd: '17:30',
  },
  {
    name: 'Mateo Alvarez',
    email: 'mateo.alvarez@example.com',
    timeZone: 'America/Los_Angeles',
    workStart: '08:00',
    workEnd: '16:00',
  },
];

const WEBHOOK_SECRET = 'fakes-mode-webhook-secret-0123456789';

export interface ProductionFakes {
  /** The variables that switch every part to production, pointed at the fakes. */
  env: Record<string, string>;
  unleash: FakeUnleash;
  google: FakeGoogleCalendar;
  amplitude: FakeAmplitude;
  webhook: FakeWebhookReceiver;
  /** Messages the local SMTP server accepted. */
  mails: number;
  close(): Promise<void>;
}

/**
 * Every production part at once, on local fakes that follow each provider's contract: Unleash
 * (answering from the shipped articles), Google Calendar, Amplitude, an SMTP server, a CRM
 * webhook receiver, plus the Redis CI runs. Used by `npm run test:fakes` to run the agent suite
 * and the shared scenarios in production mode.
 */
export async function startProductionFakes(): Promise<ProductionFakes> {
  const articles = await loadCorpus(path.resolve('knowledge'));
  const unleash = await startFakeUnleash({ documents: documentsFromCorpus(articles) });
  unleash.latencyMs = 5;
  unleash.jitterMs = 2;
  const google = await startFakeGoogleCalendar();
  for (const rep of TEAM) google.addCalendar(rep.email);
  const amplitude = await startFakeAmplitude();
  const webhook = await startWebhookReceiver(WEBHOOK_SECRET);
  let mails = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        mails += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  return {
    env: {
      UNLEASH_API_KEY: FAKE_UNLEASH_KEY,
      UNLEASH_BASE_URL: unleash.url,
      UNLEASH_APP_ID: 'intercom',
      GOOGLE_SERVICE_ACCOUNT_JSON: google.serviceAccountJson,
      GOOGLE_CALENDAR_ROOT_URL: google.url,
      CALENDAR_REPS: JSON.stringify(TEAM),
      AMPLITUDE_API_KEY: FAKE_AMPLITUDE_KEY,
      AMPLITUDE_SERVER_URL: amplitude.url,
      ANALYTICS_SALT: 'fakes-mode-analytics-salt',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      EMAIL_FROM: 'Sarah <sarah@example.com>',
      HANDOFF_WEBHOOK_URL: webhook.url,
      HANDOFF_WEBHOOK_SECRET: WEBHOOK_SECRET,
      REDIS_URL: 'redis://127.0.0.1:6379',
      // This run checks the production parts, not the abuse caps: it books hundreds of times for
      // the same few test domains through one Redis that keeps daily counts between runs, which
      // is exactly what the caps stop (test/integration/booking-abuse.test.ts covers them).
      BOOKINGS_PER_DOMAIN_PER_DAY: '100000',
      RESOURCE_EMAILS_PER_ADDRESS_PER_DAY: '100000',
    },
    unleash,
    google,
    amplitude,
    webhook,
    get mails() {
      return mails;
    },
    async close() {
      await Promise.all([unleash.close(), google.close(), amplitude.close(), webhook.close()]);
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
