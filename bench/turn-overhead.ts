import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { initializeLogger, llm, voice, type APIConnectOptions } from '@livekit/agents';
import pino from 'pino';
import { z } from 'zod';

/**
 * What Sarah adds to a LiveKit agent turn, and whether a turn gets slower as a session grows.
 *
 * 1. Tool turn, framework baseline vs Sarah: a bare `voice.AgentSession` whose trivial LLM calls one
 *    trivial tool and then says "ok", against `SarahConversation` (offline brain, in-memory app)
 *    answering a product question (search_knowledge) or a fact (record_qualification). Both use
 *    fresh sessions every few turns, and the two run in alternating blocks so drift hits both.
 * 2. Turn time vs session length: one long session of each, turns interleaved one for one,
 *    summarised in windows around turn 10, 100, 250 and the last turn.
 *
 * Prints numbers and writes bench/results/turn-overhead.json; no pass/fail. Never calls gc(); GC
 * pauses are only observed (PerformanceObserver 'gc') and reported per phase.
 */

// ---------------------------------------------------------------- settings (env overridable)

function intFromEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Math.floor(Number(raw));
  return Number.isFinite(value) && value >= min ? value : fallback;
}

const CONVERSATIONS = intFromEnv('BENCH_CONVERSATIONS', 200);
const TURNS_PER_CONVERSATION = intFromEnv('BENCH_TURNS_PER_CONVERSATION', 3);
const ROUNDS = intFromEnv('BENCH_ROUNDS', 4);
const WARMUP_CONVERSATIONS = intFromEnv('BENCH_WARMUP_CONVERSATIONS', 20, 0);
const LONG_TURNS = intFromEnv('BENCH_TURNS', 500, 20);
const LONG_WARMUP_TURNS = intFromEnv('BENCH_LONG_WARMUP_TURNS', 40, 0);
const WINDOW = Math.min(intFromEnv('BENCH_WINDOW', 20), LONG_TURNS);
const TURN_TIMEOUT_MS = intFromEnv('BENCH_TURN_TIMEOUT_MS', 15_000);
/**
 * Finished sessions are closed in batches, between measured turns: AgentSession.close() idles about
 * 500 ms (timers, not CPU), which would otherwise dominate the wall time.
 */
const CLOSE_BATCH = intFromEnv('BENCH_CLOSE_BATCH', 25);
const POINTS = [
  ...new Set(
    (process.env.BENCH_POINTS ?? `10,100,250,${LONG_TURNS}`)
      .split(',')
      .map((p) => Math.floor(Number(p)))
      .filter((p) => Number.isFinite(p) && p >= 1 && p <= LONG_TURNS),
  ),
].sort((a, b) => a - b);
const OVERHEAD_GOAL_MS = 15;

// ---------------------------------------------------------------- what the users say

const FIXED_NOW = new Date('2026-11-25T15:00:00Z');

/** Product questions: the offline brain answers them through search_knowledge. */
const QUESTIONS = [
  'How do I add a pricing table to my template?',
  'Can I send the same document to many people in bulk?',
  'How do approval workflows work?',
  'Where do I see the audit trail for a document?',
  'How do I change the branding and colors on my documents?',
  'Can recipients pay when they sign a document?',
  'How do I create a form?',
  'What is the content library for?',
];
/**
 * Facts about the team: record_qualification. The numbers change so the facts are always new, and
 * are exact ("about 300" makes the brain ask to confirm first, which is a turn without a tool).
 */
const FACTS = [
  (n: number) => `We are a team of ${n} and send ${n * 20} proposals a month`,
  (n: number) => `There are ${n} of us in sales and we use HubSpot`,
  (n: number) => `We send ${n * 15} contracts a month`,
  (n: number) => `Our team has ${n} people and we work with Salesforce`,
];
/** Small talk: answered without a tool. */
const SMALL_TALK = [
  'Hi there',
  'interesting',
  'good to know',
  'hmm, let me think about that',
  'I was just looking around',
  'that makes sense',
];

type Category = 'question' | 'fact' | 'smalltalk';

/** The message for long-session turn i (0-based): a 10-turn cycle of 4 questions, 3 facts, 3 small talk. */
function longSessionMessage(i: number): { text: string; category: Category } {
  const cycle = Math.floor(i / 10);
  switch (i % 10) {
    case 0:
    case 3:
    case 6:
    case 8:
      return { text: QUESTIONS[(i + cycle) % QUESTIONS.length]!, category: 'question' };
    case 1:
    case 5:
    case 9:
      return { text: FACTS[(i + cycle) % FACTS.length]!(2 + (i % 97)), category: 'fact' };
    default:
      return { text: SMALL_TALK[(i + cycle) % SMALL_TALK.length]!, category: 'smalltalk' };
  }
}

/** The messages of short tool-turn conversation c: question, fact, question, fact, ... */
function toolTurnMessage(c: number, turn: number): string {
  return turn % 2 === 0
    ? QUESTIONS[(c + turn) % QUESTIONS.length]!
    : FACTS[(c + turn) % FACTS.length]!(3 + ((c * 7 + turn) % 60));
}

// ---------------------------------------------------------------- statistics

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

const round2 = (value: number) => (Number.isFinite(value) ? Math.round(value * 100) / 100 : null);

interface Summary {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  max: number | null;
}

function summarize(values: readonly number[]): Summary {
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
  return {
    n: values.length,
    p50: round2(percentile(values, 50)),
    p95: round2(percentile(values, 95)),
    p99: round2(percentile(values, 99)),
    mean: round2(mean),
    max: round2(values.length ? Math.max(...values) : NaN),
  };
}

/** Least-squares slope of y over x, scaled to "ms per 100 turns". */
function slopePer100(points: Array<[number, number]>): number | null {
  if (points.length < 2) return null;
  const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
  const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? null : round2((num / den) * 100);
}

// ---------------------------------------------------------------- GC observation (passive)

/** Phase start times; a GC entry belongs to the phase that was running when it started. */
const phases: Array<{ name: string; start: number }> = [{ name: 'setup', start: 0 }];
const setPhase = (name: string) => {
  if (phases[phases.length - 1]!.name !== name) phases.push({ name, start: performance.now() });
};
const gcEntries: Array<{ start: number; ms: number }> = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcEntries.push({ start: entry.startTime, ms: entry.duration });
});
gcObserver.observe({ entryTypes: ['gc'] });

function gcByPhase(): Record<string, { count: number; ms: number }> {
  for (const entry of gcObserver.takeRecords())
    gcEntries.push({ start: entry.startTime, ms: entry.duration });
  gcObserver.disconnect();
  const totals = new Map<string, { count: number; ms: number }>();
  for (const entry of gcEntries) {
    const phase = phases.findLast((p) => p.start <= entry.start)?.name ?? 'setup';
    const bucket = totals.get(phase) ?? { count: 0, ms: 0 };
    bucket.count += 1;
    bucket.ms += entry.ms;
    totals.set(phase, bucket);
  }
  return Object.fromEntries(
    [...totals].map(([phase, v]) => [phase, { count: v.count, ms: round2(v.ms) ?? 0 }]),
  );
}

// ---------------------------------------------------------------- turn outcome

type Outcome = 'tool' | 'tool_error' | 'no_tool' | 'failed';

interface TurnSample {
  ms: number;
  outcome: Outcome;
  tools: string[];
  error?: string;
}

function classify(result: voice.testing.RunResult | undefined): Pick<TurnSample, 'outcome' | 'tools'> {
  if (!result) return { outcome: 'failed', tools: [] };
  const tools: string[] = [];
  let toolError = false;
  for (const event of result.events) {
    if (event.type === 'function_call') tools.push(event.item.name);
    if (event.type === 'function_call_output' && event.item.isError) toolError = true;
  }
  if (tools.length === 0) return { outcome: 'no_tool', tools };
  return { outcome: toolError ? 'tool_error' : 'tool', tools };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const describeError = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Times one turn; a throw, a timeout or an undefined result counts as a failed turn, never a crash. */
async function timeTurn(run: () => Promise<voice.testing.RunResult | undefined>): Promise<TurnSample> {
  const t0 = performance.now();
  try {
    const result = await withTimeout(run(), TURN_TIMEOUT_MS, 'turn');
    const ms = performance.now() - t0;
    return { ms, ...classify(result) };
  } catch (error) {
    return { ms: performance.now() - t0, outcome: 'failed', tools: [], error: describeError(error) };
  }
}

// ---------------------------------------------------------------- the framework baseline

type ChatArgs = Parameters<llm.LLM['chat']>[0];
const CONN_OPTIONS: APIConnectOptions = { maxRetry: 0, retryIntervalMs: 0, timeoutMs: 10_000 };
let chunkSeq = 0;

/** The smallest LLM that makes a tool turn: one tool call, then "ok" once the tool output is in. */
class ToolThenTextLLM extends llm.LLM {
  label(): string {
    return 'bench.tool-then-text';
  }

  chat({ chatCtx, toolCtx, connOptions }: ChatArgs): llm.LLMStream {
    return new ToolThenTextStream(this, { chatCtx, toolCtx, connOptions: connOptions ?? CONN_OPTIONS });
  }
}

class ToolThenTextStream extends llm.LLMStream {
  protected async run(): Promise<void> {
    const items = this.chatCtx.items;
    const last = items[items.length - 1];
    chunkSeq += 1;
    const id = `bench-${chunkSeq}`;
    if (last?.type === 'function_call_output') {
      this.queue.put({ id, delta: { role: 'assistant', content: 'ok' } });
      return;
    }
    const userText = last?.type === 'message' ? (last.textContent ?? '') : '';
    const call = llm.FunctionCall.create({
      callId: `${id}-call`,
      name: 'lookup',
      args: JSON.stringify({ query: userText.slice(0, 100) || 'anything' }),
    });
    this.queue.put({ id, delta: { role: 'assistant', toolCalls: [call] } });
  }
}

class BaselineAgent extends voice.Agent {
  constructor() {
    super({
      instructions: 'You are a benchmark agent. Call lookup, then answer.',
      tools: {
        lookup: llm.tool({
          description: 'Look something up.',
          parameters: z.object({ query: z.string().min(1).max(300) }),
          execute: async ({ query }) => ({ found: true, title: 'Result', answer: `about ${query.length}` }),
        }),
      },
    });
  }
}

interface BenchSession {
  turn(text: string): Promise<TurnSample>;
  close(): Promise<void>;
}

async function startBaseline(): Promise<BenchSession> {
  const session = new voice.AgentSession({
    llm: new ToolThenTextLLM(),
    connOptions: { llmConnOptions: { maxRetry: 0 } },
  });
  await session.start({ agent: new BaselineAgent() });
  return {
    turn: (text) => timeTurn(() => session.run({ userInput: text }).wait()),
    close: () => session.close().catch(() => undefined),
  };
}

// ---------------------------------------------------------------- Sarah

/*
 * Sarah's modules are imported dynamically: src/agent/ may be mid-rewrite, and a module that does
 * not load should cost the Sarah half of the numbers, not the baseline half.
 */
const logger = pino({ level: 'silent' });
try {
  const { installFrameworkLogger } = await import('../src/observability/logger.js');
  installFrameworkLogger(logger, 'silent');
} catch {
  initializeLogger({ pretty: false, level: 'silent' });
}

type SarahLoad =
  { ok: true; start: () => Promise<BenchSession>; close: () => Promise<void> } | { ok: false; error: string };

async function loadSarah(): Promise<SarahLoad> {
  try {
    const [{ SarahConversation }, { createApp }, { loadConfig }] = await Promise.all([
      import('../src/agent/conversation.js'),
      import('../src/app.js'),
      import('../src/config.js'),
    ]);
    // No OPENAI_API_KEY is passed on purpose: the offline brain answers, so no network is involved.
    const app = await createApp(loadConfig({ LOG_LEVEL: 'silent' }), logger, { sqlitePath: ':memory:' });
    const start = async (): Promise<BenchSession> => {
      const conversation = SarahConversation.create({
        config: app.config,
        services: app.services,
        channel: 'web',
        userTimeZone: 'America/New_York',
        now: () => new Date(FIXED_NOW),
      });
      await withTimeout(conversation.begin(), TURN_TIMEOUT_MS, 'begin');
      return {
        turn: (text) => timeTurn(() => conversation.send(text)),
        close: async () => {
          await withTimeout(conversation.end('bench'), TURN_TIMEOUT_MS, 'end').catch(() => undefined);
        },
      };
    };
    return { ok: true, start, close: () => app.close() };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

const sarahLoad = await loadSarah();
const sarahUnavailable = sarahLoad.ok ? undefined : sarahLoad.error;

// ---------------------------------------------------------------- part 1: tool turns

interface Collected {
  samples: TurnSample[];
  startMs: number[];
  startFailures: number;
  errors: Map<string, number>;
  noTool: Map<string, number>;
}

const newCollected = (): Collected => ({
  samples: [],
  startMs: [],
  startFailures: 0,
  errors: new Map(),
  noTool: new Map(),
});

function noteError(into: Collected, message: string): void {
  into.errors.set(message, (into.errors.get(message) ?? 0) + 1);
}

async function shortConversations(
  start: () => Promise<BenchSession>,
  count: number,
  offset: number,
  into: Collected,
): Promise<void> {
  const finished: BenchSession[] = [];
  const closeFinished = () => Promise.all(finished.splice(0).map((s) => s.close()));
  for (let c = 0; c < count; c += 1) {
    if (finished.length >= CLOSE_BATCH) await closeFinished();
    const t0 = performance.now();
    let session: BenchSession;
    try {
      session = await start();
    } catch (error) {
      into.startFailures += 1;
      noteError(into, `start: ${describeError(error)}`);
      continue;
    }
    into.startMs.push(performance.now() - t0);
    for (let turn = 0; turn < TURNS_PER_CONVERSATION; turn += 1) {
      const sample = await session.turn(toolTurnMessage(offset + c, turn));
      into.samples.push(sample);
      if (sample.outcome === 'failed') noteError(into, sample.error ?? 'turn answered with a recovery line');
      if (sample.outcome === 'no_tool') {
        // Which messages did not lead to a tool (the brain changes); digits grouped as N.
        const key = `turn ${turn + 1}: ${toolTurnMessage(offset + c, turn).replace(/\d+/g, 'N')}`;
        into.noTool.set(key, (into.noTool.get(key) ?? 0) + 1);
      }
    }
    finished.push(session);
  }
  await closeFinished();
}

function outcomeCounts(samples: readonly TurnSample[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { tool: 0, tool_error: 0, no_tool: 0, failed: 0 };
  for (const s of samples) counts[s.outcome] += 1;
  return counts;
}

function toolCounts(samples: readonly TurnSample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of samples) for (const t of s.tools) counts[t] = (counts[t] ?? 0) + 1;
  return counts;
}

const isToolTurn = (s: TurnSample) => s.outcome === 'tool' || s.outcome === 'tool_error';

function describeCollected(collected: Collected) {
  const toolTurns = collected.samples.filter(isToolTurn).map((s) => s.ms);
  const completed = collected.samples.filter((s) => s.outcome !== 'failed').map((s) => s.ms);
  return {
    toolTurnMs: summarize(toolTurns),
    allCompletedTurnMs: summarize(completed),
    outcomes: outcomeCounts(collected.samples),
    tools: toolCounts(collected.samples),
    sessionStartMs: summarize(collected.startMs),
    sessionStartFailures: collected.startFailures,
    errors: Object.fromEntries(collected.errors),
    noToolMessages: Object.fromEntries([...collected.noTool].sort((a, b) => b[1] - a[1])),
  };
}

const loadBefore = os.loadavg();
const benchStart = performance.now();

setPhase('warmup');
{
  const discard = newCollected();
  await shortConversations(startBaseline, WARMUP_CONVERSATIONS, 10_000, discard);
  if (sarahLoad.ok) await shortConversations(sarahLoad.start, WARMUP_CONVERSATIONS, 10_000, discard);
}

const baseline = newCollected();
const sarah = newCollected();
const perRound = Math.max(1, Math.ceil(CONVERSATIONS / ROUNDS));
for (let r = 0, done = 0; done < CONVERSATIONS; r += 1) {
  const count = Math.min(perRound, CONVERSATIONS - done);
  // Alternate which goes first (ABBA...) so slow drift of the machine does not favour one side.
  const order: Array<[string, () => Promise<BenchSession>, Collected]> = [
    ['baseline', startBaseline, baseline],
  ];
  if (sarahLoad.ok) order.push(['sarah', sarahLoad.start, sarah]);
  if (r % 2 === 1) order.reverse();
  for (const [name, start, into] of order) {
    setPhase(`toolTurns.${name}`);
    await shortConversations(start, count, done, into);
  }
  done += count;
}

const part1 = {
  conversations: CONVERSATIONS,
  turnsPerConversation: TURNS_PER_CONVERSATION,
  rounds: ROUNDS,
  warmupConversations: WARMUP_CONVERSATIONS,
  baseline: describeCollected(baseline),
  sarah: describeCollected(sarah),
  overheadMs: {} as Record<'p50' | 'p95' | 'p99', number | null>,
  goal: `Sarah's tool-turn p95 within ${OVERHEAD_GOAL_MS} ms of the framework baseline`,
};
for (const p of ['p50', 'p95', 'p99'] as const) {
  const s = part1.sarah.toolTurnMs[p];
  const b = part1.baseline.toolTurnMs[p];
  part1.overheadMs[p] = s === null || b === null ? null : round2(s - b);
}

// ---------------------------------------------------------------- part 2: long sessions

interface LongSample extends TurnSample {
  index: number;
  category: Category;
}

async function longSessions(): Promise<{ baseline: LongSample[]; sarah: LongSample[]; errors: string[] }> {
  const errors: string[] = [];
  const sessions: Array<{ name: 'baseline' | 'sarah'; session: BenchSession | undefined }> = [];
  const starts: Array<['baseline' | 'sarah', () => Promise<BenchSession>]> = [['baseline', startBaseline]];
  if (sarahLoad.ok) starts.push(['sarah', sarahLoad.start]);
  for (const [name, start] of starts) {
    try {
      sessions.push({ name, session: await start() });
    } catch (error) {
      errors.push(`${name} start: ${describeError(error)}`);
      sessions.push({ name, session: undefined });
    }
  }
  const out = { baseline: [] as LongSample[], sarah: [] as LongSample[] };
  const total = LONG_WARMUP_TURNS + LONG_TURNS;
  for (let i = 0; i < total; i += 1) {
    const { text, category } = longSessionMessage(i);
    // One turn of each per step, alternating which goes first.
    const order = i % 2 === 0 ? sessions : [...sessions].reverse();
    for (const { name, session } of order) {
      if (!session) continue;
      setPhase(`longSession.${name}`);
      const sample = await session.turn(text);
      if (sample.outcome === 'failed' && errors.length < 20)
        errors.push(`${name} turn ${i + 1}: ${sample.error ?? 'recovery line'}`);
      // Warm-up turns still grow the session; they are numbered 1.. after the warm-up.
      if (i >= LONG_WARMUP_TURNS) out[name].push({ ...sample, index: i - LONG_WARMUP_TURNS + 1, category });
    }
  }
  for (const { session } of sessions) await session?.close();
  return { ...out, errors };
}

function windowOf(point: number): [number, number] {
  const start = Math.min(Math.max(1, point - Math.floor(WINDOW / 2) + 1), LONG_TURNS - WINDOW + 1);
  return [start, start + WINDOW - 1];
}

function describeLong(samples: readonly LongSample[]) {
  const completed = samples.filter((s) => s.outcome !== 'failed');
  const windows = POINTS.map((point) => {
    const [from, to] = windowOf(point);
    const inWindow = completed.filter((s) => s.index >= from && s.index <= to);
    const byCategory = (c: Category) =>
      round2(
        percentile(
          inWindow.filter((s) => s.category === c).map((s) => s.ms),
          50,
        ),
      );
    return {
      point,
      turns: `${from}-${to}`,
      ...summarize(inWindow.map((s) => s.ms)),
      p50ByCategory: {
        question: byCategory('question'),
        fact: byCategory('fact'),
        smalltalk: byCategory('smalltalk'),
      },
      outcomes: outcomeCounts(samples.filter((s) => s.index >= from && s.index <= to)),
    };
  });
  // Growth: slope through the medians of consecutive windows.
  const medians: Array<[number, number]> = [];
  for (let from = 1; from + WINDOW - 1 <= LONG_TURNS; from += WINDOW) {
    const ms = completed.filter((s) => s.index >= from && s.index < from + WINDOW).map((s) => s.ms);
    if (ms.length > 0) medians.push([from + WINDOW / 2, percentile(ms, 50)]);
  }
  const first = windows[0];
  const last = windows[windows.length - 1];
  return {
    turns: samples.length,
    outcomes: outcomeCounts(samples),
    tools: toolCounts(samples),
    windows,
    lastMinusFirstP50Ms:
      first && last && first.p50 !== null && last.p50 !== null ? round2(last.p50 - first.p50) : null,
    lastMinusFirstP95Ms:
      first && last && first.p95 !== null && last.p95 !== null ? round2(last.p95 - first.p95) : null,
    p50SlopeMsPer100Turns: slopePer100(medians),
  };
}

const long = await longSessions();
setPhase('teardown');
const part2 = {
  turns: LONG_TURNS,
  warmupTurns: LONG_WARMUP_TURNS,
  window: WINDOW,
  mix: 'per 10 turns: 4 product questions, 3 team facts, 3 small talk (Sarah); every baseline turn is a tool turn',
  goal: 'turn time at the last window the same as at turn 10, within noise',
  baseline: describeLong(long.baseline),
  sarah: describeLong(long.sarah),
  errors: long.errors,
};

// ---------------------------------------------------------------- report

const gc = gcByPhase();
const cpus = os.cpus();
const result = {
  benchmark: 'turn-overhead',
  at: new Date().toISOString(),
  machine: {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemMb: Math.round(os.totalmem() / 1024 / 1024),
    loadavgBefore: loadBefore.map((v) => round2(v)),
    loadavgAfter: os.loadavg().map((v) => round2(v)),
  },
  wallMs: Math.round(performance.now() - benchStart),
  rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
  sarahUnavailable: sarahUnavailable ?? null,
  toolTurn: part1,
  sessionLength: part2,
  gcByPhase: gc,
};

if (sarahLoad.ok) await sarahLoad.close().catch(() => undefined);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/turn-overhead.json', `${JSON.stringify(result, null, 2)}\n`);

const fmt = (v: number | null | undefined, width = 8) =>
  (v === null || v === undefined ? '-' : v.toFixed(2)).padStart(width);
const lines: string[] = [];
const m = result.machine;
lines.push(
  `turn-overhead  node ${m.node}  ${m.cpus} cpu (${m.cpuModel})  loadavg ${m.loadavgBefore.join(' ')} -> ${m.loadavgAfter.join(' ')}  wall ${(result.wallMs / 1000).toFixed(1)} s`,
);
const busiest = Math.max(...m.loadavgBefore.map((v) => v ?? 0), ...m.loadavgAfter.map((v) => v ?? 0));
if (busiest > m.cpus / 2)
  lines.push(`NOTE: machine busy (1-min loadavg up to ${busiest} on ${m.cpus} cpus); expect noisier tails`);
if (sarahUnavailable) lines.push(`SARAH DID NOT LOAD, baseline only: ${sarahUnavailable}`);
lines.push('');
lines.push(`1. tool turn, ${CONVERSATIONS} conversations x ${TURNS_PER_CONVERSATION} turns each side (ms)`);
lines.push(
  `   ${'side'.padEnd(9)}${'n'.padStart(6)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'max'.padStart(8)}   outcomes`,
);
for (const [name, d] of [
  ['baseline', part1.baseline],
  ['sarah', part1.sarah],
] as const) {
  const t = d.toolTurnMs;
  const o = d.outcomes;
  lines.push(
    `   ${name.padEnd(9)}${String(t.n).padStart(6)}${fmt(t.p50)}${fmt(t.p95)}${fmt(t.p99)}${fmt(t.max)}   tool ${o.tool}, tool-error ${o.tool_error}, no-tool ${o.no_tool}, failed ${o.failed}${d.sessionStartFailures ? `, start failures ${d.sessionStartFailures}` : ''}`,
  );
}
lines.push(
  `   overhead ${''.padStart(6)}${fmt(part1.overheadMs.p50)}${fmt(part1.overheadMs.p95)}${fmt(part1.overheadMs.p99)}   goal: p95 overhead <= ${OVERHEAD_GOAL_MS} ms`,
);
lines.push(
  `   session start p50: baseline ${fmt(part1.baseline.sessionStartMs.p50, 0)} ms, sarah ${fmt(part1.sarah.sessionStartMs.p50, 0)} ms (not in turn times)`,
);
lines.push('');
lines.push(
  `2. turn time vs session length, ${LONG_TURNS} turns (+${LONG_WARMUP_TURNS} warm-up), windows of ${WINDOW} turns (ms)`,
);
lines.push(
  `   ${'turn'.padEnd(6)}${'window'.padEnd(10)}${'base p50'.padStart(9)}${'base p95'.padStart(9)}${'sarah p50'.padStart(10)}${'sarah p95'.padStart(10)}   sarah p50 question/fact/smalltalk`,
);
part2.sarah.windows.forEach((w, i) => {
  const b = part2.baseline.windows[i];
  const c = w.p50ByCategory;
  lines.push(
    `   ${String(w.point).padEnd(6)}${w.turns.padEnd(10)}${fmt(b?.p50, 9)}${fmt(b?.p95, 9)}${fmt(w.p50, 10)}${fmt(w.p95, 10)}   ${fmt(c.question, 0)} / ${fmt(c.fact, 0)} / ${fmt(c.smalltalk, 0)}`,
  );
});
lines.push(
  `   growth (last - first window): baseline p50 ${fmt(part2.baseline.lastMinusFirstP50Ms, 0)}, p95 ${fmt(part2.baseline.lastMinusFirstP95Ms, 0)}; sarah p50 ${fmt(part2.sarah.lastMinusFirstP50Ms, 0)}, p95 ${fmt(part2.sarah.lastMinusFirstP95Ms, 0)}`,
);
lines.push(
  `   p50 slope, ms per 100 turns: baseline ${fmt(part2.baseline.p50SlopeMsPer100Turns, 0)}, sarah ${fmt(part2.sarah.p50SlopeMsPer100Turns, 0)}`,
);
const so = part2.sarah.outcomes;
lines.push(
  `   sarah outcomes: tool ${so.tool}, tool-error ${so.tool_error}, no-tool ${so.no_tool}, failed ${so.failed}; tools ${JSON.stringify(part2.sarah.tools)}`,
);
if (part2.errors.length) lines.push(`   errors: ${part2.errors.slice(0, 3).join(' | ')}`);
const failures = { ...part1.baseline.errors, ...part1.sarah.errors };
if (Object.keys(failures).length) lines.push(`   part 1 errors: ${JSON.stringify(failures).slice(0, 400)}`);
lines.push('');
lines.push(
  `gc (observed, ms): ${Object.entries(gc)
    .map(([k, v]) => `${k} ${v.ms}/${v.count}`)
    .join(', ')}`,
);
lines.push('wrote bench/results/turn-overhead.json');
process.stdout.write(`${lines.join('\n')}\n`);
process.exit(0);
