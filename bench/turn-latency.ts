import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { SarahConversation } from '../src/agent/conversation.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { installFrameworkLogger } from '../src/observability/logger.js';

/**
 * Reply latency of the embedded stack (offline brain, tools, SQLite in memory) for a full
 * booking conversation, one at a time and with several conversations at once. Prints numbers;
 * it has no pass/fail threshold.
 */
const TURNS = [
  'How do I add a pricing table to my template?',
  'We are a team of 15 and send about 300 proposals a month',
  'Yes, please find a time',
  'the second one',
  'my email is bench@example.com',
];
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);

const logger = pino({ level: 'silent' });
installFrameworkLogger(logger, 'silent');
const app = await createApp(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }), logger, {
  sqlitePath: ':memory:',
});

async function oneConversation(latencies: number[]): Promise<number> {
  const started = performance.now();
  const conversation = await SarahConversation.start({
    config: app.config,
    services: app.services,
    channel: 'console',
  });
  const startup = performance.now() - started;
  for (const turn of TURNS) {
    const t0 = performance.now();
    await conversation.send(turn);
    latencies.push(performance.now() - t0);
  }
  await conversation.end('bench');
  return startup;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const summarize = (latencies: number[], startups: number[]) => ({
  turns: latencies.length,
  turnP50Ms: Math.round(percentile(latencies, 50)),
  turnP95Ms: Math.round(percentile(latencies, 95)),
  turnMaxMs: Math.round(Math.max(...latencies)),
  sessionStartP50Ms: Math.round(percentile(startups, 50)),
});

const sequentialLatencies: number[] = [];
const sequentialStartups: number[] = [];
for (let i = 0; i < Math.min(CONVERSATIONS, 5); i += 1)
  sequentialStartups.push(await oneConversation(sequentialLatencies));

const concurrentLatencies: number[] = [];
const concurrentStartups: number[] = [];
const wallStart = performance.now();
for (let done = 0; done < CONVERSATIONS; done += CONCURRENCY) {
  const batch = Array.from({ length: Math.min(CONCURRENCY, CONVERSATIONS - done) }, () =>
    oneConversation(concurrentLatencies),
  );
  concurrentStartups.push(...(await Promise.all(batch)));
}
const wallMs = performance.now() - wallStart;

const result = {
  benchmark: 'turn-latency',
  at: new Date().toISOString(),
  node: process.version,
  sequential: summarize(sequentialLatencies, sequentialStartups),
  concurrent: {
    conversations: CONVERSATIONS,
    concurrency: CONCURRENCY,
    wallMs: Math.round(wallMs),
    ...summarize(concurrentLatencies, concurrentStartups),
  },
  rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
  bookings: (await app.store.bookings.listBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z')).length,
};
await app.close();
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/turn-latency.json', `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
process.exit(0);
