/**
 * What a turn costs when an outside part is down and its circuit breaker is open: the same
 * meeting request, answered with a healthy embedded calendar and with a calendar that fails (after
 * its breaker has opened). The goal: under 5 ms of overhead with the circuit open.
 *
 * Run: npm run bench:breaker   (BENCH_TURNS=200 by default). Prints numbers, writes
 * bench/results/breaker-open.json; no pass/fail.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { App } from '../src/app.js';
import type { CalendarService } from '../src/services/calendar/types.js';
import { testApp, talk } from '../test/support/app.js';

const TURNS = Number(process.env.BENCH_TURNS ?? 200);

const down: CalendarService = {
  findSlots: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
  book: () => Promise.reject(new Error('down')),
  cancel: () => Promise.reject(new Error('down')),
  updateAttendee: () => Promise.reject(new Error('down')),
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Times the meeting-request turn of `TURNS` fresh conversations. */
async function meetingTurns(app: App): Promise<{ ms: number[]; lastReply: string; breaker: string }> {
  const ms: number[] = [];
  let lastReply = '';
  for (let i = 0; i < TURNS; i++) {
    const t = await talk(app);
    await t.say("Yes that's fine. We're a team of 30 and we use HubSpot.");
    const started = performance.now();
    await t.say('Can we book a call with sales?');
    ms.push(performance.now() - started);
    lastReply = t.lastReply();
    await t.conversation.end('bench');
  }
  return { ms, lastReply, breaker: app.guards.calendar.breakerState };
}

const healthy = await testApp();
const failing = await testApp();
// Same app shape, failing calendar: rebuilt with the part swapped in (guarded all the same).
const { createApp } = await import('../src/app.js');
const broken = await createApp(failing.config, failing.services.logger, {
  sqlitePath: ':memory:',
  parts: { calendar: down },
});
await failing.close();

// Warm both up; the failing one until its breaker is open.
await meetingTurns(healthy);
while (broken.guards.calendar.breakerState !== 'open') await meetingTurns(broken);

const ok = await meetingTurns(healthy);
const open = await meetingTurns(broken);
await healthy.close();
await broken.close();

const summary = {
  when: new Date().toISOString(),
  turns: TURNS,
  healthy: { p50: percentile(ok.ms, 50), p95: percentile(ok.ms, 95) },
  circuitOpen: { p50: percentile(open.ms, 50), p95: percentile(open.ms, 95), breaker: open.breaker },
  overheadP95Ms: percentile(open.ms, 95) - percentile(ok.ms, 95),
  replyWithCircuitOpen: open.lastReply,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/breaker-open.json', `${JSON.stringify(summary, null, 2)}\n`);
const f = (n: number) => n.toFixed(2);
console.log(
  [
    `meeting-request turn, ${TURNS} conversations each`,
    `  calendar healthy        p50 ${f(summary.healthy.p50)} ms   p95 ${f(summary.healthy.p95)} ms`,
    `  calendar down, circuit ${open.breaker}  p50 ${f(summary.circuitOpen.p50)} ms   p95 ${f(summary.circuitOpen.p95)} ms`,
    `  reply with the circuit open: ${open.lastReply}`,
    'wrote bench/results/breaker-open.json',
  ].join('\n'),
);
process.exit(0);
