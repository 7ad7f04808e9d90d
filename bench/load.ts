import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { COPY } from '../src/conversation/index.js';

/**
 * Load on the real server: `tsx src/main.ts start` (or BENCH_SERVER=launch) as a child process
 * (offline brain, SQLite in a temp file), driven over the `/api/chat` WebSocket like the web page does.
 *
 * 1. Cold start: spawn to the "ready" line, and to the first `/healthz` 200.
 * 2. Idle sessions: K sockets that only got the greeting; RSS and heap delta per session.
 * 3. Levels: N conversations at once (five turns each); turn latency, turns/s, failures, the longest
 *    event-loop stall (`sarah_event_loop_delay_max_seconds`) and the server's RSS.
 * 4. Long run: many turns over a few long-lived sockets; RSS and heap at start, middle and end.
 *
 * A turn's latency is from sending `{"type":"user"}` to the first `agent` frame after it (or an
 * `error` frame, counted as failed): the server emits a turn's agent frames in one synchronous
 * burst once the turn is done, and sends no "turn done" frame. `/metrics` is scraped every
 * BENCH_SCRAPE_MS; each scrape resets the stall window, so the max over the scrapes of a phase is
 * the longest stall in that phase. RSS is the server's own `process_resident_memory_bytes` (the
 * tsx wrapper process is not counted). turns/s is successful turns over the span from the first
 * turn sent to the last reply; `wallMs` also covers opening the sockets (greetings) and closing them.
 *
 * Env: BENCH_LEVELS (1,10,50,100,200), BENCH_IDLE_SESSIONS (200), BENCH_LONG_TURNS (10000),
 * BENCH_LONG_SOCKETS (20), BENCH_WARMUP_CONVERSATIONS (10), BENCH_TURN_TIMEOUT_MS (20000),
 * BENCH_SCRAPE_MS (1000), BENCH_SETTLE_MS (2000), BENCH_SERVER (`tsx`; `launch` runs what
 * `npm start` runs, scripts/launch.mjs, which first builds dist/ if it is stale). The server gets
 * only embedded parts (OPENAI_API_KEY, DATABASE_URL and LiveKit settings are blanked whatever the
 * shell has) and never reads .env.
 *
 * Prints a table and writes bench/results/load.json; no pass/fail threshold.
 */

// ---------------------------------------------------------------- settings (env overridable)

function intFromEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Math.floor(Number(raw));
  return Number.isFinite(value) && value >= min ? value : fallback;
}

const LEVELS = (process.env.BENCH_LEVELS ?? '1,10,50,100,200')
  .split(',')
  .map((level) => Math.floor(Number(level.trim())))
  .filter((level) => Number.isFinite(level) && level > 0);
const IDLE_SESSIONS = intFromEnv('BENCH_IDLE_SESSIONS', 200, 0);
const LONG_TURNS = intFromEnv('BENCH_LONG_TURNS', 10_000, 0);
const LONG_SOCKETS = intFromEnv('BENCH_LONG_SOCKETS', 20);
const WARMUP_CONVERSATIONS = intFromEnv('BENCH_WARMUP_CONVERSATIONS', 10, 0);
const TURN_TIMEOUT_MS = intFromEnv('BENCH_TURN_TIMEOUT_MS', 20_000);
const CONNECT_TIMEOUT_MS = intFromEnv('BENCH_CONNECT_TIMEOUT_MS', 20_000);
const READY_TIMEOUT_MS = intFromEnv('BENCH_READY_TIMEOUT_MS', 90_000);
const SCRAPE_MS = intFromEnv('BENCH_SCRAPE_MS', 1000, 100);
const SETTLE_MS = intFromEnv('BENCH_SETTLE_MS', 2000, 0);
const RESULT_FILE = 'bench/results/load.json';
/**
 * Pause between a reply and the user's next message, in ms ("1000-3000" = uniform between): people
 * read and type. Conversations also start spread over the same window rather than all at once.
 * `0` sends each turn the moment the reply lands, which measures capacity instead.
 */
const THINK = (() => {
  const [lo, hi] = (process.env.BENCH_THINK_MS ?? '1000-3000')
    .split('-')
    .map((v) => Math.max(0, Number(v) || 0));
  return { min: lo ?? 0, max: Math.max(lo ?? 0, hi ?? lo ?? 0) };
})();
/** One extra level run back to back (no pauses) to measure turns per second at saturation. */
const SATURATION = intFromEnv('BENCH_SATURATION', 200, 0);
const think = () => THINK.min + Math.random() * (THINK.max - THINK.min);
/** `tsx`: the TypeScript sources (`tsx src/main.ts start`); `launch`: what `npm start` runs (built dist/). */
const SERVER_MODE = process.env.BENCH_SERVER === 'launch' ? 'launch' : 'tsx';

const PRODUCT_QUESTIONS = [
  'How do I add a pricing table to my template?',
  'Can I collect payments when a document is signed?',
  'How do I invite teammates during my trial?',
];

/** The realistic five-turn conversation: question, facts, meeting, slot pick, email. */
function conversationTurns(i: number): string[] {
  return [
    PRODUCT_QUESTIONS[i % PRODUCT_QUESTIONS.length]!,
    "We're a team of 12 and use HubSpot",
    'Can we book a meeting with your sales team?',
    'the first one',
    `user${i}@example.com`,
  ];
}

/** What the long-lived sockets keep saying once the booking flow is done. */
const LONG_CYCLE = [
  ...PRODUCT_QUESTIONS,
  'We send about 300 proposals a month',
  'Does PandaDoc integrate with Salesforce?',
  'Is an e-signature legally binding?',
];

// ---------------------------------------------------------------- small helpers

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1024 / 1024);

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function latencySummary(values: number[]) {
  return {
    n: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    max: round(values.length ? Math.max(...values) : NaN),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------- the server under test

interface Server {
  child: ChildProcess;
  base: string;
  coldStart: { readyLineMs: number; firstHealthzMs: number };
  output(): string;
}

const tempDir = mkdtempSync(path.join(os.tmpdir(), 'sarah-load-'));

async function startServer(): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SQLITE_PATH: path.join(tempDir, 'sarah.db'),
    CHAT_RATE_LIMIT_PER_MINUTE: '10000',
    // The bench is one IP driving hundreds of chats and a 10,000-turn session: lift the abuse limits.
    CHAT_MAX_SESSIONS_PER_IP: '100000',
    CHAT_MAX_TURNS: '1000000',
    CHAT_MESSAGES_PER_MINUTE: '1000000',
    CHAT_MESSAGE_BURST: '1000',
    // Embedded parts only: no language model, database or voice service outside this machine.
    DATABASE_URL: '',
    OPENAI_API_KEY: '',
    LIVEKIT_URL: '',
    LIVEKIT_API_KEY: '',
    LIVEKIT_API_SECRET: '',
  };
  const args =
    SERVER_MODE === 'launch'
      ? ['scripts/launch.mjs', 'start']
      : [fileURLToPath(import.meta.resolve('tsx/cli')), 'src/main.ts', 'start'];
  let output = '';
  // BENCH_SERVER_LOG copies everything the server prints to a file (with --trace-gc, say).
  const serverLog = process.env.BENCH_SERVER_LOG;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (serverLog) appendFileSync(serverLog, chunk);
  };
  const started = performance.now();
  // BENCH_NODE_ARGS adds flags to the server's Node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', keep);

  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `server exited (code ${code}, signal ${signal})`));

  const readyLine = new Promise<number>((resolve) => {
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk);
      pending += chunk.toString();
      if (/Sarah is ready at http:\/\/\S+/.test(pending)) {
        resolve(performance.now() - started);
        pending = '';
      } else pending = pending.slice(-500);
    });
  });

  const base = `http://127.0.0.1:${port}`;
  let firstHealthzMs: number | undefined;
  while (firstHealthzMs === undefined) {
    if (exited) throw new Error(`${exited}\n${output}`);
    if (performance.now() - started > READY_TIMEOUT_MS)
      throw new Error(`no /healthz 200 within ${READY_TIMEOUT_MS} ms\n${output}`);
    try {
      const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) firstHealthzMs = performance.now() - started;
      else await sleep(10);
    } catch {
      await sleep(10);
    }
  }
  const readyLineMs = await Promise.race([readyLine, sleep(5000).then(() => NaN)]);
  return {
    child,
    base,
    coldStart: { readyLineMs: Math.round(readyLineMs), firstHealthzMs: Math.round(firstHealthzMs) },
    output: () => output,
  };
}

async function stopServer(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await Promise.race([exited, sleep(2000)]);
  }
}

// ---------------------------------------------------------------- /metrics

type Metrics = Map<string, number>;

async function scrape(base: string): Promise<Metrics> {
  const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(30_000) })).text();
  const values: Metrics = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const value = Number(match[3]);
    // Series of one name are summed (e.g. active sessions across channels).
    if (Number.isFinite(value)) values.set(match[1]!, (values.get(match[1]!) ?? 0) + value);
  }
  const version = /nodejs_version_info\{[^}]*version="([^"]+)"/.exec(text)?.[1];
  if (version) serverNodeVersion = version;
  return values;
}
let serverNodeVersion: string | undefined;

const RSS = 'process_resident_memory_bytes';
const HEAP = 'nodejs_heap_size_used_bytes';
const STALL = 'sarah_event_loop_delay_max_seconds';
const STALL_P99 = 'sarah_event_loop_delay_p99_seconds';

/**
 * Scrapes `/metrics` every SCRAPE_MS while a phase runs. Starts with a scrape (which also closes
 * the previous stall window) and ends with one.
 */
class Watcher {
  readonly samples: Array<{ atMs: number; metrics: Metrics; progress: number }> = [];
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> = Promise.resolve();
  #started = performance.now();
  #scrapeErrors = 0;

  constructor(
    private readonly base: string,
    private readonly progress: () => number = () => 0,
  ) {}

  async start(): Promise<Metrics> {
    this.#started = performance.now();
    const first = await scrape(this.base);
    this.#timer = setInterval(() => {
      this.#inFlight = this.#inFlight.then(() => this.#sample());
    }, SCRAPE_MS);
    return first;
  }

  async #sample(): Promise<void> {
    try {
      const atMs = performance.now() - this.#started;
      const progress = this.progress();
      this.samples.push({ atMs, metrics: await scrape(this.base), progress });
    } catch {
      this.#scrapeErrors += 1;
    }
  }

  async stop(): Promise<{ last: Metrics; maxStallMs: number; maxP99Ms: number; peakRssMb: number }> {
    clearInterval(this.#timer);
    await this.#inFlight;
    await this.#sample();
    const all = this.samples.map((s) => s.metrics);
    const max = (name: string) => Math.max(0, ...all.map((m) => m.get(name) ?? 0));
    return {
      last: all.at(-1) ?? new Map(),
      maxStallMs: round(max(STALL) * 1000),
      maxP99Ms: round(max(STALL_P99) * 1000),
      peakRssMb: mb(max(RSS)),
    };
  }

  get scrapeErrors(): number {
    return this.#scrapeErrors;
  }
}

/** Waits until the server has closed every conversation (so phases do not overlap). */
async function waitForNoSessions(base: string, timeoutMs = 30_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const open = (await scrape(base)).get('sarah_active_sessions') ?? 0;
    if (open <= 0 || performance.now() > deadline) return open;
    await sleep(200);
  }
}

// ---------------------------------------------------------------- a chat client

type Frame = { type: string; text?: string; message?: string };

type TurnOutcome = { sentAt: number; ms: number } & (
  { ok: true; recovery: boolean } | { ok: false; reason: 'error' | 'timeout' | 'closed' }
);

class ChatClient {
  /** Agent frames that arrived while no turn was waiting (a reply that came in several frames). */
  strayAgentFrames = 0;
  #waiter: ((frame: Frame | undefined) => void) | undefined;
  #closed = false;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      let frame: Frame;
      try {
        frame = JSON.parse(raw.toString()) as Frame;
      } catch {
        return;
      }
      if (frame.type !== 'agent' && frame.type !== 'error' && frame.type !== 'end') return;
      const waiter = this.#waiter;
      if (waiter) {
        this.#waiter = undefined;
        waiter(frame);
      } else if (frame.type === 'agent') this.strayAgentFrames += 1;
    });
    socket.on('close', () => {
      this.#closed = true;
      const waiter = this.#waiter;
      this.#waiter = undefined;
      waiter?.(undefined);
    });
  }

  /** Opens a chat and waits for the greeting; resolves with the client and the time it took. */
  static async open(base: string): Promise<{ client: ChatClient; greetingMs: number }> {
    const started = performance.now();
    const socket = new WebSocket(`${base.replace('http', 'ws')}/api/chat`);
    socket.on('error', () => undefined); // surfaced as 'close'
    const client = new ChatClient(socket);
    const greeting = await client.#next(CONNECT_TIMEOUT_MS);
    if (greeting === undefined || greeting === 'timeout' || greeting.type !== 'agent') {
      socket.terminate();
      throw new Error(`no greeting: ${JSON.stringify(greeting ?? 'closed')}`);
    }
    return { client, greetingMs: performance.now() - started };
  }

  #next(timeoutMs: number): Promise<Frame | undefined | 'timeout'> {
    if (this.#closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        resolve('timeout');
      }, timeoutMs);
      this.#waiter = (frame) => {
        clearTimeout(timer);
        resolve(frame);
      };
    });
  }

  async turn(text: string): Promise<TurnOutcome> {
    const started = performance.now();
    const reply = this.#next(TURN_TIMEOUT_MS);
    this.socket.send(JSON.stringify({ type: 'user', text }));
    const frame = await reply;
    const ms = performance.now() - started;
    // Frames of the same burst that are already here count as strays, not as the next turn's reply.
    await new Promise((resolve) => setImmediate(resolve));
    const sentAt = started;
    if (frame === 'timeout') return { ok: false, reason: 'timeout', ms, sentAt };
    if (frame === undefined || frame.type === 'end') return { ok: false, reason: 'closed', ms, sentAt };
    if (frame.type === 'error') return { ok: false, reason: 'error', ms, sentAt };
    return { ok: true, ms, sentAt, recovery: frame.text === COPY.genericRecovery };
  }

  /** Ends the conversation politely and waits (briefly) for the server to close the socket. */
  async end(): Promise<void> {
    if (this.#closed) return;
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    this.socket.send(JSON.stringify({ type: 'end' }));
    await Promise.race([closed, sleep(5000)]);
    if (!this.#closed) this.socket.terminate();
  }
}

// ---------------------------------------------------------------- phases

interface TurnStats {
  latencies: number[];
  greetings: number[];
  timeouts: number;
  errors: number;
  closed: number;
  recoveries: number;
  connectFailures: number;
  strayAgentFrames: number;
  /** First turn sent and last reply received (performance.now()): the span turns/s is taken over. */
  firstSentAt: number;
  lastReplyAt: number;
}

const emptyStats = (): TurnStats => ({
  latencies: [],
  greetings: [],
  timeouts: 0,
  errors: 0,
  closed: 0,
  recoveries: 0,
  connectFailures: 0,
  strayAgentFrames: 0,
  firstSentAt: Infinity,
  lastReplyAt: -Infinity,
});

/** Successful turns per second between the first turn sent and the last reply received. */
const turnsPerSecond = (stats: TurnStats) =>
  stats.latencies.length
    ? round(stats.latencies.length / ((stats.lastReplyAt - stats.firstSentAt) / 1000))
    : 0;

function record(stats: TurnStats, outcome: TurnOutcome): boolean {
  stats.firstSentAt = Math.min(stats.firstSentAt, outcome.sentAt);
  if (outcome.ok) {
    stats.lastReplyAt = Math.max(stats.lastReplyAt, outcome.sentAt + outcome.ms);
    stats.latencies.push(outcome.ms);
    if (outcome.recovery) stats.recoveries += 1;
    return true;
  }
  if (outcome.reason === 'timeout') stats.timeouts += 1;
  else if (outcome.reason === 'error') stats.errors += 1;
  else stats.closed += 1;
  // A timed-out or closed conversation cannot continue in order; an error frame can.
  return outcome.reason === 'error';
}

/** One conversation: greeting, the given turns in order, then `end`. */
async function converse(
  base: string,
  turns: string[],
  stats: TurnStats,
  onTurn?: () => void,
  pause: () => number = () => 0,
): Promise<void> {
  let opened: Awaited<ReturnType<typeof ChatClient.open>>;
  try {
    opened = await ChatClient.open(base);
  } catch {
    stats.connectFailures += 1;
    return;
  }
  const { client, greetingMs } = opened;
  stats.greetings.push(greetingMs);
  try {
    for (const [k, text] of turns.entries()) {
      const wait = pause();
      if (wait > 0) await sleep(k === 0 ? wait / 2 : wait);
      const carryOn = record(stats, await client.turn(text));
      onTurn?.();
      if (!carryOn) break;
    }
  } finally {
    stats.strayAgentFrames += client.strayAgentFrames;
    await client.end();
  }
}

async function runLevel(base: string, conversations: number, paced: boolean) {
  const stats = emptyStats();
  const watcher = new Watcher(base);
  const before = await watcher.start();
  const started = performance.now();
  const pause = paced ? think : () => 0;
  await Promise.all(
    Array.from({ length: conversations }, async (_, i) => {
      // Paced users arrive spread over the think window, as real visitors do.
      if (paced) await sleep(Math.random() * THINK.max);
      await converse(base, conversationTurns(i), stats, undefined, pause);
    }),
  );
  const wallMs = performance.now() - started;
  const watched = await watcher.stop();
  const sessionsLeft = await waitForNoSessions(base);
  const attempted = conversations * 5;
  return {
    conversations,
    pacing: paced ? `${THINK.min}-${THINK.max} ms between turns` : 'back to back',
    turnsAttempted: attempted,
    turnsOk: stats.latencies.length,
    wallMs: Math.round(wallMs),
    turnsPerSecond: turnsPerSecond(stats),
    turnMs: latencySummary(stats.latencies),
    greetingMs: latencySummary(stats.greetings),
    failed: stats.errors + stats.closed,
    timeouts: stats.timeouts,
    connectFailures: stats.connectFailures,
    recoveryReplies: stats.recoveries,
    strayAgentFrames: stats.strayAgentFrames,
    longestStallMs: watched.maxStallMs,
    stallP99MaxMs: watched.maxP99Ms,
    rssMb: {
      before: mb(before.get(RSS) ?? NaN),
      after: mb(watched.last.get(RSS) ?? NaN),
      peak: watched.peakRssMb,
    },
    heapUsedMbAfter: mb(watched.last.get(HEAP) ?? NaN),
    sessionsStillOpenAfter: sessionsLeft,
    scrapes: watcher.samples.length,
    scrapeErrors: watcher.scrapeErrors,
  };
}

async function runIdle(base: string, sockets: number) {
  await sleep(SETTLE_MS);
  const before = await scrape(base);
  const watcher = new Watcher(base);
  await watcher.start();
  const opened = await Promise.allSettled(Array.from({ length: sockets }, () => ChatClient.open(base)));
  const clients = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  await sleep(SETTLE_MS);
  const after = await scrape(base);
  const watched = await watcher.stop();
  const open = clients.length;
  const rssDelta = (after.get(RSS) ?? NaN) - (before.get(RSS) ?? NaN);
  const heapDelta = (after.get(HEAP) ?? NaN) - (before.get(HEAP) ?? NaN);
  const result = {
    sockets,
    open,
    failed: sockets - open,
    activeSessionsReported: after.get('sarah_active_sessions') ?? NaN,
    greetingMs: latencySummary(clients.map((c) => c.greetingMs)),
    rssMb: { before: mb(before.get(RSS) ?? NaN), after: mb(after.get(RSS) ?? NaN) },
    heapUsedMb: { before: mb(before.get(HEAP) ?? NaN), after: mb(after.get(HEAP) ?? NaN) },
    rssPerSessionMb: open ? round(rssDelta / open / 1024 / 1024, 3) : NaN,
    heapPerSessionMb: open ? round(heapDelta / open / 1024 / 1024, 3) : NaN,
    longestStallMs: watched.maxStallMs,
  };
  await Promise.all(clients.map(({ client }) => client.end()));
  await waitForNoSessions(base);
  return result;
}

async function runLong(base: string, totalTurns: number, sockets: number) {
  const perSocket = Math.ceil(totalTurns / sockets);
  const stats = emptyStats();
  let done = 0;
  const watcher = new Watcher(base, () => done);
  await sleep(SETTLE_MS);
  const first = await watcher.start();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: sockets }, (_, s) => {
      const turns = Array.from({ length: perSocket }, (_, t) => {
        const opening = conversationTurns(s);
        return t < opening.length ? opening[t]! : LONG_CYCLE[(t + s) % LONG_CYCLE.length]!;
      });
      return converse(base, turns, stats, () => (done += 1));
    }),
  );
  const wallMs = performance.now() - started;
  const watched = await watcher.stop();
  const series = watcher.samples.map((s) => ({
    atMs: Math.round(s.atMs),
    turnsDone: s.progress,
    rssMb: mb(s.metrics.get(RSS) ?? NaN),
    heapUsedMb: mb(s.metrics.get(HEAP) ?? NaN),
  }));
  // "Start" is once the first turns are in (sessions open, code warm), "middle" is half way.
  const nearest = (turns: number) =>
    series.reduce((best, s) => (Math.abs(s.turnsDone - turns) < Math.abs(best.turnsDone - turns) ? s : best));
  const startPoint = nearest(Math.min(totalTurns * 0.05, 500));
  const middle = nearest(totalTurns / 2);
  const end = series.at(-1)!;
  await waitForNoSessions(base);
  const settled = await scrape(base);
  return {
    sockets,
    turnsPerSocket: perSocket,
    turnsAttempted: perSocket * sockets,
    turnsOk: stats.latencies.length,
    wallMs: Math.round(wallMs),
    turnsPerSecond: turnsPerSecond(stats),
    turnMs: latencySummary(stats.latencies),
    failed: stats.errors + stats.closed,
    timeouts: stats.timeouts,
    connectFailures: stats.connectFailures,
    recoveryReplies: stats.recoveries,
    strayAgentFrames: stats.strayAgentFrames,
    longestStallMs: watched.maxStallMs,
    rssMb: {
      beforeSockets: mb(first.get(RSS) ?? NaN),
      start: startPoint.rssMb,
      middle: middle.rssMb,
      end: end.rssMb,
      peak: watched.peakRssMb,
      afterSessionsClosed: mb(settled.get(RSS) ?? NaN),
    },
    heapUsedMb: {
      start: startPoint.heapUsedMb,
      middle: middle.heapUsedMb,
      end: end.heapUsedMb,
      afterSessionsClosed: mb(settled.get(HEAP) ?? NaN),
    },
    points: { startAtTurn: startPoint.turnsDone, middleAtTurn: middle.turnsDone, endAtTurn: end.turnsDone },
    series,
  };
}

// ---------------------------------------------------------------- main

const loadavgBefore = os.loadavg().map((v) => round(v, 2));
const benchStarted = performance.now();
let server: Server | undefined;
let exitCode = 0;
try {
  server = await startServer();
  const { base } = server;
  process.stdout.write(
    `server up: ready line ${server.coldStart.readyLineMs} ms, first /healthz 200 ${server.coldStart.firstHealthzMs} ms\n`,
  );

  const warmup = emptyStats();
  await Promise.all(
    Array.from({ length: WARMUP_CONVERSATIONS }, (_, i) => converse(base, conversationTurns(i), warmup)),
  );
  await waitForNoSessions(base);

  const idle = IDLE_SESSIONS > 0 ? await runIdle(base, IDLE_SESSIONS) : null;
  if (idle)
    process.stdout.write(
      `idle: ${idle.open} sockets, ${idle.rssPerSessionMb} MB RSS / ${idle.heapPerSessionMb} MB heap per session\n`,
    );

  const levels = [];
  const paced = THINK.max > 0;
  const runs: Array<[number, boolean]> = LEVELS.map((level) => [level, paced]);
  if (paced && SATURATION > 0) runs.push([SATURATION, false]);
  for (const [level, withPauses] of runs) {
    const result = await runLevel(base, level, withPauses);
    levels.push(result);
    process.stdout.write(
      `level ${level} (${result.pacing}): ${result.turnsOk}/${result.turnsAttempted} turns, ${result.turnsPerSecond}/s, p95 ${result.turnMs.p95} ms, stall ${result.longestStallMs} ms\n`,
    );
  }

  const long = LONG_TURNS > 0 ? await runLong(base, LONG_TURNS, LONG_SOCKETS) : null;

  const serverNode = serverNodeVersion;
  await stopServer(server);
  const result = {
    benchmark: 'load',
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim(),
      totalMemMb: Math.round(os.totalmem() / 1024 / 1024),
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      benchNode: process.version,
      serverNode,
      loadavgBefore,
      loadavgAfter: os.loadavg().map((v) => round(v, 2)),
    },
    settings: {
      command: SERVER_MODE === 'launch' ? 'node scripts/launch.mjs start' : 'tsx src/main.ts start',
      store: 'SQLite in a temp file',
      llm: 'offline',
      levels: LEVELS,
      idleSessions: IDLE_SESSIONS,
      longTurns: LONG_TURNS,
      longSockets: LONG_SOCKETS,
      warmupConversations: WARMUP_CONVERSATIONS,
      turnTimeoutMs: TURN_TIMEOUT_MS,
      scrapeMs: SCRAPE_MS,
      settleMs: SETTLE_MS,
    },
    wallMs: Math.round(performance.now() - benchStarted),
    coldStart: server.coldStart,
    warmup: {
      conversations: WARMUP_CONVERSATIONS,
      turnsOk: warmup.latencies.length,
      turnMs: latencySummary(warmup.latencies),
    },
    idle,
    levels,
    long,
  };

  mkdirSync(path.dirname(RESULT_FILE), { recursive: true });
  writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  printTable(result);
  process.stdout.write(`\nwrote ${RESULT_FILE}\n`);
} catch (error) {
  exitCode = 1;
  process.stderr.write(`bench:load failed: ${error instanceof Error ? error.message : String(error)}\n`);
  if (server) process.stderr.write(`--- server output (tail) ---\n${server.output().slice(-4000)}\n`);
} finally {
  if (server) await stopServer(server);
  rmSync(tempDir, { recursive: true, force: true });
}
process.exit(exitCode);

function printTable(result: {
  machine: { cpus: number; serverNode?: string; loadavgBefore: number[]; loadavgAfter: number[] };
  coldStart: Server['coldStart'];
  idle: Awaited<ReturnType<typeof runIdle>> | null;
  levels: Awaited<ReturnType<typeof runLevel>>[];
  long: Awaited<ReturnType<typeof runLong>> | null;
  wallMs: number;
}): void {
  const rows = [
    [
      'convs',
      'turns ok',
      'turns/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'failed',
      'timeouts',
      'stall ms',
      'RSS MB (peak)',
    ],
    ...result.levels.map((l) => [
      `${l.conversations}${l.pacing === 'back to back' ? ' b2b' : ''}`,
      `${l.turnsOk}/${l.turnsAttempted}`,
      String(l.turnsPerSecond),
      String(l.turnMs.p50),
      String(l.turnMs.p95),
      String(l.turnMs.p99),
      String(l.turnMs.max),
      String(l.failed + l.connectFailures),
      String(l.timeouts),
      String(l.longestStallMs),
      `${l.rssMb.after} (${l.rssMb.peak})`,
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padStart(widths[c]!)).join('  ');
  const out = [
    '',
    `machine: ${result.machine.cpus} cpus, server node ${result.machine.serverNode ?? '?'}, loadavg ${result.machine.loadavgBefore.join(' ')} -> ${result.machine.loadavgAfter.join(' ')}`,
    `cold start: ready line ${result.coldStart.readyLineMs} ms, first /healthz 200 ${result.coldStart.firstHealthzMs} ms`,
  ];
  if (result.idle)
    out.push(
      `idle sessions: ${result.idle.open}/${result.idle.sockets} open, RSS ${result.idle.rssMb.before} -> ${result.idle.rssMb.after} MB ` +
        `(${result.idle.rssPerSessionMb} MB/session), heap ${result.idle.heapUsedMb.before} -> ${result.idle.heapUsedMb.after} MB ` +
        `(${result.idle.heapPerSessionMb} MB/session), greeting p95 ${result.idle.greetingMs.p95} ms`,
    );
  out.push('', line(rows[0]!), ...rows.slice(1).map(line));
  if (result.long) {
    const l = result.long;
    out.push(
      '',
      `long run: ${l.turnsOk}/${l.turnsAttempted} turns over ${l.sockets} sockets, ${l.turnsPerSecond} turns/s, ` +
        `p50/p95/p99 ${l.turnMs.p50}/${l.turnMs.p95}/${l.turnMs.p99} ms, failed ${l.failed + l.connectFailures}, timeouts ${l.timeouts}, stall ${l.longestStallMs} ms`,
      `  RSS MB: start ${l.rssMb.start} (turn ${l.points.startAtTurn}), middle ${l.rssMb.middle} (turn ${l.points.middleAtTurn}), ` +
        `end ${l.rssMb.end} (turn ${l.points.endAtTurn}), peak ${l.rssMb.peak}, after close ${l.rssMb.afterSessionsClosed}`,
      `  heap MB: start ${l.heapUsedMb.start}, middle ${l.heapUsedMb.middle}, end ${l.heapUsedMb.end}, after close ${l.heapUsedMb.afterSessionsClosed}`,
    );
  }
  out.push(`bench wall time ${Math.round(result.wallMs / 1000)} s`);
  process.stdout.write(`${out.join('\n')}\n`);
}
