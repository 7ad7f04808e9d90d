import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { IANAZone } from 'luxon';
import type { Logger } from 'pino';
import { SarahConversation } from './agent/conversation.js';
import { loadLlmPlugin } from './agent/llm_factory.js';
import { createApp } from './app.js';
import type { AppConfig } from './config.js';
import { COPY } from './conversation/copy.js';

export interface ConsoleOptions {
  jsonl: boolean;
  now?: Date;
  timeZone?: string;
  email?: string;
}

export class UsageError extends Error {}

/** Parses `chat` flags; a bad value is a clear UsageError, never a silent default. */
export function parseConsoleArgs(args: string[]): ConsoleOptions {
  const { values } = parseArgs({
    args,
    options: {
      jsonl: { type: 'boolean', default: false },
      now: { type: 'string' },
      tz: { type: 'string' },
      email: { type: 'string' },
    },
    strict: true,
  });
  const now = values.now === undefined ? undefined : new Date(values.now);
  if (now && Number.isNaN(now.getTime()))
    throw new UsageError(`--now: expected an ISO-8601 date-time, got "${values.now}"`);
  if (values.tz !== undefined && !IANAZone.isValidZone(values.tz)) {
    throw new UsageError(`--tz: expected an IANA time zone such as Europe/Paris, got "${values.tz}"`);
  }
  return { jsonl: values.jsonl ?? false, now, timeZone: values.tz, email: values.email };
}

/**
 * The terminal door. With --jsonl it follows the contract in ARCHITECTURE.md: one JSON object per
 * line on stdout (agent, tool, state, end) and nothing else; logs go to stderr.
 */
export async function runConsole(config: AppConfig, logger: Logger, options: ConsoleOptions): Promise<void> {
  // A fresh in-memory store per run keeps runs repeatable, unless an operator points at PostgreSQL.
  await loadLlmPlugin(config);
  const app = await createApp(config, logger, { sqlitePath: ':memory:' });
  const write = (event: object) => process.stdout.write(`${JSON.stringify(event)}\n`);
  const fixedNow = options.now;
  const conversation = SarahConversation.create({
    config,
    services: app.services,
    channel: 'console',
    userTimeZone: options.timeZone,
    now: fixedNow ? () => new Date(fixedNow) : undefined,
  });
  if (options.email) conversation.context.rememberEmail(options.email.trim().toLowerCase());
  if (options.jsonl) {
    conversation.on('agent', (text) => write({ type: 'agent', text }));
    conversation.on('tool', (event) => write({ type: 'tool', ...event }));
    conversation.on('state', ({ from, to }) => write({ type: 'state', from, to }));
  } else {
    conversation.on('agent', (text) => process.stdout.write(`\nSarah: ${text}\n`));
  }
  await conversation.begin();

  const lines = createInterface({ input: process.stdin, terminal: false });
  if (!options.jsonl) process.stdout.write('(Type a message and press Enter; Ctrl+D ends the chat.)\nYou: ');
  for await (const line of lines) {
    const text = line.trim();
    if (text) await conversation.send(text.slice(0, config.env.WS_MAX_MESSAGE_CHARS));
    if (!options.jsonl) process.stdout.write('\nYou: ');
  }
  const summary = await conversation.end('input_closed');
  if (options.jsonl) write({ type: 'end', ...summary });
  else process.stdout.write(`\n\n${COPY.consoleGoodbye(conversation.sessionId)}\n`);
  await app.close();
}
