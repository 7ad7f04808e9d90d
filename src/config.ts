import { IANAZone } from 'luxon';
import { z } from 'zod';
import { DEFAULT_THRESHOLDS, type QualificationThresholds } from './conversation/qualification.js';

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
  WS_MAX_MESSAGE_CHARS: integer(10, 100_000).default(1000),
  PII_HASH_SALT: optionalSecret,
  CHAT_RATE_LIMIT_PER_MINUTE: integer(1, 10_000).default(60),
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
    parts: describeParts(env, livekit !== undefined),
  };
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
    {
      part: 'knowledge',
      mode: 'embedded',
      detail: `local corpus in ${env.KNOWLEDGE_DIR} (production search client: not built yet)`,
    },
    {
      part: 'calendar',
      mode: 'embedded',
      detail: 'sales reps and bookings in the store (Google Calendar client: not built yet)',
    },
    {
      part: 'analytics',
      mode: 'embedded',
      detail: 'events counted in process metrics (Amplitude client: not built yet)',
    },
    {
      part: 'email',
      mode: 'embedded',
      detail: 'sent resources recorded in the store (SMTP client: not built yet)',
    },
  ];
}

/** One line per part, for `npm start`. Never prints a secret, only which kind of part is in use. */
export function formatParts(parts: PartStatus[]): string {
  return parts.map((p) => `  ${p.part.padEnd(10)} ${p.mode.padEnd(10)} ${p.detail}`).join('\n');
}
