import { mkdirSync, writeFileSync } from 'node:fs';
import pino from 'pino';
import { SarahConversation } from '../src/agent/conversation.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { installFrameworkLogger } from '../src/observability/logger.js';

/**
 * Does a long conversation hold on to memory? One in-process conversation (offline brain,
 * in-memory store) takes BENCH_MEMORY_TURNS turns (default 3000), cycling through product
 * questions, and the live heap is read after two forced collections every BENCH_MEMORY_EVERY turns
 * (default 500). The load benchmark's RSS figures include whatever V8 has not collected yet (it
 * grows its heap lazily under a high allocation rate), so this is the figure to read for a leak.
 *
 * Run with `npm run bench:memory` (it passes --expose-gc). Writes bench/results/session-memory.json.
 */
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc (npm run bench:memory does)');

const TURNS = Number(process.env.BENCH_MEMORY_TURNS ?? 3000);
const EVERY = Number(process.env.BENCH_MEMORY_EVERY ?? 500);
const QUESTIONS = [
  'How do I add a pricing table to my template?',
  'Can I reuse a template for every client?',
  'How do signers sign on their phone?',
  'Which CRMs do you integrate with?',
  'Can I set a signing order?',
];

const logger = pino({ level: 'silent' });
installFrameworkLogger(logger, 'silent');
const app = await createApp(loadConfig({}), logger, { sqlitePath: ':memory:' });
const conversation = SarahConversation.create({ config: app.config, services: app.services, channel: 'web' });
await conversation.begin();

const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};
const samples: Array<{ turn: number; heapMb: number }> = [{ turn: 0, heapMb: heapAfterGc() }];
const started = performance.now();
for (let turn = 1; turn <= TURNS; turn += 1) {
  await conversation.send(QUESTIONS[turn % QUESTIONS.length]!);
  if (turn % EVERY === 0) {
    samples.push({ turn, heapMb: heapAfterGc() });
    const [previous, last] = samples.slice(-2);
    const perTurnKb = ((last!.heapMb - previous!.heapMb) * 1000) / (last!.turn - previous!.turn);
    console.log(
      `turn ${turn}: heap ${last!.heapMb.toFixed(1)} MB after GC (${perTurnKb.toFixed(2)} KB/turn since turn ${previous!.turn})`,
    );
  }
}
const seconds = (performance.now() - started) / 1000;
await conversation.end('bench');
await conversation.closed();
const afterEnd = heapAfterGc();
await app.close();

const tail = samples.slice(-3);
const lateKbPerTurn = ((tail.at(-1)!.heapMb - tail[0]!.heapMb) * 1000) / (tail.at(-1)!.turn - tail[0]!.turn);
console.log(
  `after the conversation ended: heap ${afterEnd.toFixed(1)} MB; ${(TURNS / seconds).toFixed(0)} turns/s`,
);
console.log(
  `growth over the last ${tail.at(-1)!.turn - tail[0]!.turn} turns: ${lateKbPerTurn.toFixed(2)} KB/turn`,
);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/session-memory.json',
  `${JSON.stringify({ at: new Date().toISOString(), turns: TURNS, samples, afterEndMb: afterEnd, lateKbPerTurn }, null, 2)}\n`,
);
