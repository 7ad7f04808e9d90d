import { createHash } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import { redactPersonalData } from '../privacy/redact.js';

/**
 * Keys whose values are personal data or secrets. pino replaces them before a line is written,
 * wherever they appear one or two levels deep. LiveKit's framework logs user and assistant text
 * under `lk.pii.*`; those are removed too.
 */
export const REDACTED_PATHS = [
  'email',
  'name',
  'phone',
  'text',
  'transcript',
  'userInput',
  'user_input',
  'content',
  'attendeeEmail',
  'apiKey',
  'authorization',
  'password',
  'token',
  '*.email',
  '*.name',
  '*.phone',
  '*.text',
  '*.transcript',
  '*.content',
  '*.attendeeEmail',
  '*.apiKey',
  '*.authorization',
  '*.password',
  '*.token',
  'req.headers.authorization',
  'req.headers.cookie',
  '["lk.pii.user_input"]',
  '["lk.pii.text"]',
  '["lk.pii.transcript"]',
];

export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  // Logs go to stderr so stdout stays clean for the console's JSON lines.
  destination: DestinationStream = pino.destination(2),
): Logger {
  return pino(
    {
      level,
      base: { service: 'sarah' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { log: dropPiiKeys },
      serializers: { err: scrubbedError, error: scrubbedError },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** Errors from drivers and clients can quote the values they failed on (an email in a SQL error). */
function scrubbedError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(error);
  return {
    ...serialized,
    message: scrubPii(serialized.message),
    stack: serialized.stack && scrubPii(serialized.stack),
  };
}

/** LiveKit puts user and assistant text under keys named `lk.pii.*`; no line of ours keeps them. */
export function dropPiiKeys(object: Record<string, unknown>): Record<string, unknown> {
  if (!Object.keys(object).some((k) => k.startsWith('lk.pii.'))) return object;
  return Object.fromEntries(Object.entries(object).filter(([k]) => !k.startsWith('lk.pii.')));
}

/**
 * Routes the LiveKit framework's own logs through our logger (stderr, redaction, no PII keys).
 * The framework keeps its logger in a process-wide slot keyed by a registered symbol; filling
 * that slot is the only hook it offers for a custom destination.
 */
export function installFrameworkLogger(logger: Logger, level = 'warn'): void {
  const framework = logger.child({ component: 'livekit' }, { level });
  const globals = globalThis as Record<symbol, unknown>;
  globals[Symbol.for('@livekit/agents:loggerOptions')] = { pretty: false, level };
  globals[Symbol.for('@livekit/agents:logger')] = framework;
}

/** A stable, non-reversible reference to a personal value, for correlating logs without storing it. */
export function pseudonymize(value: string, salt = process.env.PII_HASH_SALT ?? 'sarah'): string {
  return createHash('sha256').update(`${salt}:${value.trim().toLowerCase()}`).digest('hex').slice(0, 16);
}

// A dotted quad, optionally with a port, that is not part of a longer dotted number such as the
// French phone format 01.23.45.67.89 (octets have no leading zero, so a group like "01" fails).
// IPv6 needs no rule: its colons keep the phone pattern from spanning its groups, and an
// embedded IPv4 (::ffff:10.0.0.1) is caught here.
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\d.])${OCTET}(?:\\.${OCTET}){3}(?::\\d{1,5})?(?!\\.?\\d)`, 'g');
// Stands in for an address while phones are masked: no digit for the phone pattern to use.
const HELD = '\u0000';

/**
 * Masks personal data inside free text that must be logged (e.g. a failure message), with the same
 * rules as stored text (src/privacy/redact.ts: emails, cards, phones, street addresses). IP
 * addresses are not phone numbers and stay readable (a database host and port in a connection
 * failure is what an operator needs): they are set aside while the rest is masked.
 */
export function scrubPii(text: string): string {
  const held: string[] = [];
  const withAddressesHeld = text.replaceAll(HELD, '\uFFFD').replace(IPV4, (address) => {
    held.push(address);
    return HELD;
  });
  return redactPersonalData(withAddressesHeld).replaceAll(HELD, () => held.shift() ?? '');
}
