import { IANAZone } from 'luxon';
import { z } from 'zod';
import { DEFAULT_THRESHOLDS, type QualificationThresholds } from './conversation/qualification.js';
import { calendarRepsVariable } from './services/calendar/calendar_reps.js';
import {
  GOOGLE_ROOT_URL,
  readServiceAccount,
  type GoogleCalendarSettings,
} from './services/calendar/google_credentials.js';
import { TRUST_PROXY_EXPECTED, parseTrustProxy } from './trust_proxy_setting.js';
import { DEFAULT_UNLEASH_BASE_URL, unleashHostProblem } from './services/knowledge/unleash_host.js';

/**
 * One schema for every environment variable. Anything not set falls back to an embedded
 * default, so `npm start` works with no accounts at all. `.env.example` mirrors this file.
 */
const optionalSecret = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url({ error: 'expected a URL such as https://example.com' }).optional())
  .optional();

/** An optional base URL whose scheme must match `protocol` (a provider's plugin builds its paths on it). */
const optionalBaseUrl = (protocol: RegExp, example: string) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v.replace(/\/+$/, '')))
    .pipe(z.url({ protocol, error: `expected a URL such as ${example}` }).optional())
    .optional();

const timeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), {
  error: 'expected an IANA time zone such as America/New_York',
});

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: `expected a whole number between ${min} and ${max}` })
    .int({ error: `expected a whole number between ${min} and ${max}` })
    .min(min, { error: `expected a whole number between ${min} and ${max}` })
    .max(max, { error: `expected a whole number between ${min} and ${max}` });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: integer(0, 65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: optionalUrl,

  DATABASE_URL: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      error: 'expected a PostgreSQL URL starting with postgres://',
    })
    .optional(),
  SQLITE_PATH: z.string().default('./data/sarah.db'),
  // Production only: start on a missing or empty SQLite file although a first-run marker says one existed.
  ALLOW_EMPTY_DB: z
    .enum(['', '0', '1'], { error: 'expected 1 (start on an empty database on purpose) or 0' })
    .default('0')
    .transform((v) => v === '1'),
  RETENTION_TRANSCRIPT_DAYS: integer(1, 3650).default(30),
  RETENTION_BOOKING_DAYS: integer(1, 3650).default(396),
  REDIS_URL: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || /^rediss?:\/\//.test(v), {
      error: 'expected a Redis URL starting with redis:// or rediss://',
    })
    .optional(),

  OPENAI_API_KEY: optionalSecret,
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_BASE_URL: optionalUrl,
  LLM_TIMEOUT_MS: integer(500, 60_000).default(8000),

  LIVEKIT_URL: optionalUrl,
  LIVEKIT_API_KEY: optionalSecret,
  LIVEKIT_API_SECRET: optionalSecret,
  LIVEKIT_AGENT_NAME: z.string().default('sarah'),
  DEEPGRAM_API_KEY: optionalSecret,
  DEEPGRAM_BASE_URL: optionalBaseUrl(/^(wss?|https?)$/, 'wss://api.deepgram.com'),
  ELEVENLABS_API_KEY: optionalSecret,
  ELEVENLABS_BASE_URL: optionalBaseUrl(/^https?$/, 'https://api.elevenlabs.io/v1'),
  ELEVENLABS_VOICE_ID: z.string().optional(),
  TTS_PROVIDER: z.enum(['auto', 'elevenlabs', 'openai']).default('auto'),
  SILENCE_NUDGE_S: integer(2, 120).default(8),
  MAX_CALL_MINUTES: integer(1, 240).default(15),
  FILLER_AFTER_MS: integer(100, 10_000).default(700),

  DEFAULT_TIME_ZONE: timeZone.default('America/New_York'),
  MEETING_MINUTES: integer(15, 120).default(30),
  BOOKING_HORIZON_DAYS: integer(1, 60).default(14),
  // Offered by Sarah while the calendar is unavailable, next to a follow-up by email.
  BOOKING_FALLBACK_URL: optionalUrl,
  // Booking and email abuse caps (README "Limits and surfaces"); daily counts shared through Redis when set.
  BOOKINGS_PER_DOMAIN_PER_DAY: integer(1, 100_000).default(3),
  BOOKINGS_PER_IP_PER_DAY: integer(1, 100_000).default(3),
  RESOURCE_EMAILS_PER_IP_PER_DAY: integer(1, 100_000).default(10),
  RESOURCE_EMAILS_PER_ADDRESS_PER_DAY: integer(1, 100_000).default(3),
  // Google Calendar: the key switches the calendar to production (README "Calendar").
  GOOGLE_SERVICE_ACCOUNT_JSON: optionalSecret,
  GOOGLE_CALENDAR_ROOT_URL: optionalBaseUrl(/^https?$/, 'https://www.googleapis.com'),
  GOOGLE_CALENDAR_SUBJECT: optionalSecret.pipe(
    z.email({ error: 'expected the email of a Workspace user the service account may act for' }).optional(),
  ),
  CALENDAR_REPS: calendarRepsVariable,
  QUALIFY_MIN_TEAM_SIZE: integer(1, 100_000).default(DEFAULT_THRESHOLDS.minTeamSize),
  QUALIFY_MIN_MONTHLY_DOCS: integer(1, 1_000_000).default(DEFAULT_THRESHOLDS.minMonthlyVolume),
  QUALIFY_SALES_INTEGRATIONS: z
    .string()
    .default(DEFAULT_THRESHOLDS.salesIntegrations.join(','))
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  KNOWLEDGE_DIR: z.string().default('./knowledge'),
  // Unleash search: the key switches knowledge to production (README "Knowledge").
  UNLEASH_API_KEY: optionalSecret,
  UNLEASH_BASE_URL: z
    .string()
    .trim()
    .transform((v) => (v === '' ? DEFAULT_UNLEASH_BASE_URL : v.replace(/\/+$/, '')))
    .pipe(z.url({ protocol: /^https?$/, error: `expected a URL such as ${DEFAULT_UNLEASH_BASE_URL}` }))
    .default(DEFAULT_UNLEASH_BASE_URL),
  UNLEASH_ACCOUNT: optionalSecret,
  UNLEASH_ASSISTANT_ID: optionalSecret,
  UNLEASH_APP_ID: optionalSecret,
  UNLEASH_CACHE_TTL_S: integer(0, 86_400).default(300),
  UNLEASH_RATE_LIMIT_PER_MINUTE: integer(1, 100_000).default(100),
  UNLEASH_TIMEOUT_MS: integer(100, 30_000).default(1000),
  WS_MAX_MESSAGE_CHARS: integer(10, 100_000).default(1000),
  PII_HASH_SALT: optionalSecret,
  // Analytics, email and the CRM hand-off webhook, all sent through the store's outbox.
  AMPLITUDE_API_KEY: optionalSecret,
  AMPLITUDE_SERVER_URL: optionalBaseUrl(/^https?$/, 'https://api2.amplitude.com/2/httpapi'),
  ANALYTICS_SALT: optionalSecret.refine((v) => v === undefined || v.length >= 16, {
    error: 'expected at least 16 characters (e.g. `openssl rand -hex 16`)',
  }),
  SMTP_URL: optionalSecret.refine((v) => v === undefined || /^smtps?:\/\/[^/]+/i.test(v), {
    error: 'expected an SMTP URL such as smtps://user:password@smtp.example.com:465',
  }),
  EMAIL_FROM: optionalSecret.refine((v) => v === undefined || /[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+/.test(v), {
    error: 'expected a sender such as "Sarah at PandaDoc <sarah@example.com>"',
  }),
  HANDOFF_WEBHOOK_URL: optionalBaseUrl(/^https?$/, 'https://crm.example.com/hooks/sarah'),
  HANDOFF_WEBHOOK_SECRET: optionalSecret.refine((v) => v === undefined || v.length >= 16, {
    error: 'expected at least 16 characters (e.g. `openssl rand -hex 32`)',
  }),
  CHAT_RATE_LIMIT_PER_MINUTE: integer(1, 10_000).default(60),
  // Session limits (README "Limits and surfaces"); the per-IP count is shared through Redis when set.
  CHAT_MESSAGES_PER_MINUTE: integer(1, 1_000_000).default(20),
  CHAT_MESSAGE_BURST: integer(1, 1000).default(5),
  CHAT_MAX_SESSIONS_PER_IP: integer(1, 100_000).default(5),
  CHAT_MAX_TURNS: integer(1, 1_000_000).default(50),
  CHAT_IDLE_MINUTES: integer(1, 1440).default(10),
  CHAT_MAX_SESSION_MINUTES: integer(1, 1440).default(30),
  // A dropped chat can be picked up again for this long (README "Conversations survive a dropped connection").
  CHAT_RESUME_SECONDS: integer(0, 3600).default(120),
  TRUST_PROXY: z
    .string()
    .optional()
    .refine((v) => parseTrustProxy(v) !== undefined, { error: TRUST_PROXY_EXPECTED })
    .transform((v) => parseTrustProxy(v)!),
  SESSION_TOKEN_SECRET: optionalSecret.refine((v) => v === undefined || v.length >= 32, {
    error: 'expected at least 32 characters (e.g. `openssl rand -hex 32`)',
  }),
  METRICS_PORT: z.preprocess((v) => (v === '' ? undefined : v), integer(1, 65535).optional()),
  METRICS_TOKEN: optionalSecret.refine((v) => v === undefined || v.length >= 16, {
    error: 'expected at least 16 characters',
  }),
  ADMIN_TOKEN: optionalSecret.refine((v) => v === undefined || v.length >= 32, {
    error: 'expected at least 32 characters (e.g. `openssl rand -hex 32`)',
  }),
});

export type Env = z.infer<typeof envSchema>;

export type PartMode = 'production' | 'embedded' | 'off';

export interface PartStatus {
  part: string;
  mode: PartMode;
  detail: string;
}

export interface AppConfig {
  env: Env;
  thresholds: QualificationThresholds;
  parts: PartStatus[];
  llm: { mode: 'openai' | 'offline' };
  livekit: { url: string; apiKey: string; apiSecret: string } | undefined;
  /** Set when GOOGLE_SERVICE_ACCOUNT_JSON is: the checked key and where the API lives. */
  googleCalendar: GoogleCalendarSettings | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError naming each bad variable and what was expected. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty value (PORT= in .env) means "not set", not zero or an empty string.
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;

  const outboxProblems = outboxPartProblems(env);
  if (outboxProblems.length > 0) throw new ConfigError(outboxProblems);

  const livekitKeys = [env.LIVEKIT_URL, env.LIVEKIT_API_KEY, env.LIVEKIT_API_SECRET];
  const livekitSet = livekitKeys.filter(Boolean).length;
  if (livekitSet > 0 && livekitSet < 3) {
    throw new ConfigError(['LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET: set all three, or none']);
  }
  const livekit =
    env.LIVEKIT_URL && env.LIVEKIT_API_KEY && env.LIVEKIT_API_SECRET
      ? { url: env.LIVEKIT_URL, apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET }
      : undefined;

  return {
    env,
    thresholds: {
      minTeamSize: env.QUALIFY_MIN_TEAM_SIZE,
      minMonthlyVolume: env.QUALIFY_MIN_MONTHLY_DOCS,
      salesIntegrations: env.QUALIFY_SALES_INTEGRATIONS,
    },
    llm: { mode: env.OPENAI_API_KEY ? 'openai' : 'offline' },
    livekit,
    googleCalendar: googleCalendarSettings(env),
    parts: describeParts(env, livekit !== undefined),
  };
}

/** Google Calendar settings when its key is set; a key that cannot be used stops start-up here. */
function googleCalendarSettings(env: Env): GoogleCalendarSettings | undefined {
  if (!env.GOOGLE_SERVICE_ACCOUNT_JSON) return undefined;
  try {
    return {
      credentials: readServiceAccount(env.GOOGLE_SERVICE_ACCOUNT_JSON),
      rootUrl: env.GOOGLE_CALENDAR_ROOT_URL ?? GOOGLE_ROOT_URL,
      subject: env.GOOGLE_CALENDAR_SUBJECT,
    };
  } catch (error) {
    throw new ConfigError([`GOOGLE_SERVICE_ACCOUNT_JSON: ${(error as Error).message}`]);
  }
}

export type SttProvider = 'deepgram' | 'openai';
export type TtsProvider = 'elevenlabs' | 'openai';

/**
 * The voice worker's speech providers in the order it tries them: the first is used, the others are
 * fallbacks. STT: Deepgram, then OpenAI. TTS: ElevenLabs, then OpenAI, unless TTS_PROVIDER puts one
 * first; a forced provider stays in the list even without its key, so the worker can say what is missing.
 */
export function voiceProviderOrder(env: Env): { stt: SttProvider[]; tts: TtsProvider[] } {
  const stt: SttProvider[] = [];
  if (env.DEEPGRAM_API_KEY) stt.push('deepgram');
  if (env.OPENAI_API_KEY) stt.push('openai');
  const configured: TtsProvider[] = [];
  if (env.ELEVENLABS_API_KEY) configured.push('elevenlabs');
  if (env.OPENAI_API_KEY) configured.push('openai');
  const tts =
    env.TTS_PROVIDER === 'auto'
      ? configured
      : [env.TTS_PROVIDER, ...configured.filter((provider) => provider !== env.TTS_PROVIDER)];
  return { stt, tts };
}

function describeParts(env: Env, livekit: boolean): PartStatus[] {
  const order = voiceProviderOrder(env);
  const chain = (names: string[]) => (names.length > 0 ? names.join(' then ') : 'none configured');
  const stt = chain(order.stt.map((p) => (p === 'deepgram' ? 'Deepgram' : 'OpenAI')));
  const tts = chain(order.tts);
  return [
    env.OPENAI_API_KEY
      ? { part: 'llm', mode: 'production', detail: `OpenAI ${env.OPENAI_MODEL}, offline brain as fallback` }
      : { part: 'llm', mode: 'embedded', detail: 'offline rule-based brain (set OPENAI_API_KEY for OpenAI)' },
    env.DATABASE_URL
      ? { part: 'store', mode: 'production', detail: 'PostgreSQL (DATABASE_URL)' }
      : { part: 'store', mode: 'embedded', detail: `SQLite at ${env.SQLITE_PATH}` },
    livekit
      ? {
          part: 'voice',
          mode: 'production',
          detail: `LiveKit worker, STT ${stt}, TTS ${tts}`,
        }
      : {
          part: 'voice',
          mode: 'off',
          detail: 'web and console chat only (set LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET)',
        },
    env.UNLEASH_API_KEY
      ? { part: 'knowledge', mode: 'production', detail: describeUnleash(env) }
      : {
          part: 'knowledge',
          mode: 'embedded',
          detail: `local corpus in ${env.KNOWLEDGE_DIR} (set UNLEASH_API_KEY for Unleash search)`,
        },
    env.GOOGLE_SERVICE_ACCOUNT_JSON
      ? {
          part: 'calendar',
          mode: 'production',
          detail: `Google Calendar${env.GOOGLE_CALENDAR_ROOT_URL ? ` at ${env.GOOGLE_CALENDAR_ROOT_URL}` : ''}, one calendar per rep (calendar_id), bookings also in the store`,
        }
      : {
          part: 'calendar',
          mode: 'embedded',
          detail:
            'sales reps and bookings in the store (set GOOGLE_SERVICE_ACCOUNT_JSON for Google Calendar)',
        },
    env.AMPLITUDE_API_KEY
      ? {
          part: 'analytics',
          mode: 'production',
          detail: `Amplitude${env.AMPLITUDE_SERVER_URL ? ` at ${hostOf(env.AMPLITUDE_SERVER_URL)}` : ''} through the outbox, pseudonymous ids`,
        }
      : {
          part: 'analytics',
          mode: 'embedded',
          detail: 'events counted in process metrics (set AMPLITUDE_API_KEY for Amplitude)',
        },
    env.SMTP_URL
      ? { part: 'email', mode: 'production', detail: `SMTP at ${hostOf(env.SMTP_URL)} through the outbox` }
      : {
          part: 'email',
          mode: 'embedded',
          detail: 'sent emails recorded in the store (set SMTP_URL and EMAIL_FROM for SMTP)',
        },
    env.HANDOFF_WEBHOOK_URL
      ? {
          part: 'handoff',
          mode: 'production',
          detail: `signed CRM webhook to ${hostOf(env.HANDOFF_WEBHOOK_URL)} through the outbox`,
        }
      : {
          part: 'handoff',
          mode: 'off',
          detail: 'no CRM notice on hand-off or booking (set HANDOFF_WEBHOOK_URL and HANDOFF_WEBHOOK_SECRET)',
        },
  ];
}

/**
 * Settings that only make sense together: pseudonymous analytics ids need a salt of our own,
 * email needs a sender, and a webhook is never sent unsigned.
 */
function outboxPartProblems(env: Env): string[] {
  const problems: string[] = [];
  if (env.AMPLITUDE_API_KEY && !env.ANALYTICS_SALT)
    problems.push('ANALYTICS_SALT: set a secret salt when AMPLITUDE_API_KEY is set (ids are hashed with it)');
  if (env.SMTP_URL && !env.EMAIL_FROM)
    problems.push('EMAIL_FROM: set the sender address when SMTP_URL is set');
  if (Boolean(env.HANDOFF_WEBHOOK_URL) !== Boolean(env.HANDOFF_WEBHOOK_SECRET))
    problems.push('HANDOFF_WEBHOOK_URL and HANDOFF_WEBHOOK_SECRET: set both, or neither');
  return problems;
}

/** Host (and port) of a URL, for the parts summary: never its user, password or path. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'a configured host';
  }
}

/** The knowledge line when Unleash is on; a host that will answer 404 is called out (a common slip). */
function describeUnleash(env: Env): string {
  const host = new URL(env.UNLEASH_BASE_URL).host;
  const problem = unleashHostProblem(env.UNLEASH_BASE_URL);
  return (
    `Unleash search at ${host}, cached ${env.UNLEASH_CACHE_TTL_S} s, ${env.UNLEASH_RATE_LIMIT_PER_MINUTE}/min, ` +
    `local corpus in ${env.KNOWLEDGE_DIR} as fallback${problem ? `; WARNING: UNLEASH_BASE_URL ${problem}` : ''}`
  );
}

/** One line per part, for `npm start`. Never prints a secret, only which kind of part is in use. */
export function formatParts(parts: PartStatus[]): string {
  return parts.map((p) => `  ${p.part.padEnd(10)} ${p.mode.padEnd(10)} ${p.detail}`).join('\n');
}
