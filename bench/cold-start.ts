import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { envSchema } from '../src/config.js';

/**
 * Cold start: how long from spawning a command until Sarah is useful.
 *
 * - servers: spawn → first `GET /healthz` answered 200 (polled every POLL_MS on 127.0.0.1);
 * - the console: spawn → the greeting line of `chat --jsonl` on stdout, with stdin closed at once
 *   (no input), plus spawn → exit for the whole run.
 *
 * Each scenario runs once unmeasured first (it builds what is missing or stale and fills the compile
 * cache; its time is reported as `first`), then RUNS measured rounds in which the scenarios take
 * turns, one process at a time so runs never compete for the CPU: p50 and max per scenario. Every
 * Sarah setting is dropped from the inherited environment (a developer's keys must not change what
 * is measured); each server gets its own port and a SQLite file in a temporary folder (migrated by
 * the unmeasured first run).
 *
 * POSIX only (each run is its own process group, stopped as a whole). Prints a summary and writes
 * bench/results/cold-start.json. Settings: BENCH_RUNS (5), BENCH_SCENARIOS (comma-separated ids,
 * default all), BENCH_TIMEOUT_MS (60000).
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = intFromEnv('BENCH_RUNS', 5);
const TIMEOUT_MS = intFromEnv('BENCH_TIMEOUT_MS', 60_000);
const POLL_MS = 10;
const NODE = process.execPath;
const COMPILE_CACHE = path.join(REPO_ROOT, 'node_modules/.cache/sarah-compile');
const TARGETS = { ready: 1_500, greeting: 1_000 };

interface Scenario {
  id: string;
  label: string;
  command: string;
  args: string[];
  until: 'healthz' | 'greeting';
  env?: Record<string, string>;
  /** A file the scenario needs; without it the scenario is skipped. */
  needs?: string;
}

const SCENARIOS: Scenario[] = [
  { id: 'npm-start', label: 'npm start', command: 'npm', args: ['start'], until: 'healthz' },
  {
    id: 'node-dist',
    label: 'node dist/main.js start (NODE_COMPILE_CACHE)',
    command: NODE,
    args: ['--env-file-if-exists=.env', 'dist/main.js', 'start'],
    until: 'healthz',
    env: { NODE_COMPILE_CACHE: COMPILE_CACHE },
    needs: 'dist/main.js',
  },
  {
    id: 'node-dist-nocache',
    label: 'node dist/main.js start (no compile cache)',
    command: NODE,
    args: ['--env-file-if-exists=.env', 'dist/main.js', 'start'],
    until: 'healthz',
    needs: 'dist/main.js',
  },
  {
    id: 'tsx-start',
    label: 'tsx src/main.ts start (the dev path, no watch)',
    command: NODE,
    args: ['--import', 'tsx', 'src/main.ts', 'start'],
    until: 'healthz',
  },
  {
    id: 'npm-chat',
    label: 'npm run --silent chat -- --jsonl',
    command: 'npm',
    args: ['run', '--silent', 'chat', '--', '--jsonl'],
    until: 'greeting',
  },
];

interface RunResult {
  readyMs: number;
  exitMs?: number;
}

interface ScenarioResult {
  id: string;
  command: string;
  until: string;
  targetMs: number;
  first?: RunResult;
  runs: RunResult[];
  p50Ms?: number;
  maxMs?: number;
  exitP50Ms?: number;
  skipped?: string;
}

// ---------------------------------------------------------------- one run

function intFromEnv(name: string, fallback: number): number {
  const value = Math.floor(Number(process.env[name] ?? ''));
  return Number.isFinite(value) && value >= 1 ? value : fallback;
}

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(envSchema.shape)) delete env[key];
  // npm sets these for scripts it runs; a child npm must not inherit this run's settings.
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  delete env.NODE_COMPILE_CACHE;
  // Nor the PATH npm gave this run (node_modules/.bin first): `npm start` is measured as typed in a shell.
  env.PATH = (env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => !dir.split(path.sep).includes('node_modules'))
    .join(path.delimiter);
  return { ...env, ...extra };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(false));
  });
}

/** Stops the whole process group (npm → sh → node): the child was started detached for this. */
async function stopGroup(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signal('SIGKILL');
    await exited;
  }
}

async function runOnce(scenario: Scenario, dataDir: string): Promise<RunResult> {
  const port = await freePort();
  const env = cleanEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    SQLITE_PATH: path.join(dataDir, 'sarah.db'),
    ...scenario.env,
  });
  const started = performance.now();
  const child = spawn(scenario.command, scenario.args, {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: [scenario.until === 'greeting' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  if (scenario.until === 'greeting') child.stdin!.end();
  let output = '';
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    stdout += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  let exitMs: number | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exitMs = performance.now() - started;
      resolve();
    }),
  );

  try {
    const deadline = started + TIMEOUT_MS;
    let readyMs: number | undefined;
    while (readyMs === undefined) {
      if (performance.now() > deadline) throw new Error(`not ready within ${TIMEOUT_MS} ms`);
      if (scenario.until === 'healthz') {
        if (await healthy(port)) readyMs = performance.now() - started;
      } else if (stdout.split('\n').some((line) => line.startsWith('{"type":"agent"'))) {
        readyMs = performance.now() - started;
      }
      if (readyMs !== undefined) break;
      if (exitMs !== undefined) throw new Error('exited before it was ready');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    if (scenario.until === 'greeting') {
      const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS).unref());
      if ((await Promise.race([exited, timer])) === 'timeout') throw new Error('did not exit');
      return { readyMs: round(readyMs), exitMs: exitMs === undefined ? undefined : round(exitMs) };
    }
    return { readyMs: round(readyMs) };
  } catch (error) {
    throw new Error(
      `${scenario.label}: ${(error as Error).message}\n--- output ---\n${output.slice(-4_000)}`,
      { cause: error },
    );
  } finally {
    await stopGroup(child, exited);
  }
}

// ---------------------------------------------------------------- summary

function round(ms: number): number {
  return Math.round(ms);
}

/** Nearest-rank percentile of a non-empty list. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function main(): Promise<void> {
  const wanted = process.env.BENCH_SCENARIOS?.split(',').map((id) => id.trim());
  const scenarios = SCENARIOS.filter((s) => !wanted || wanted.includes(s.id));
  const results: ScenarioResult[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sarah-cold-start-'));
  const active: Array<{ scenario: Scenario; result: ScenarioResult }> = [];
  try {
    for (const scenario of scenarios) {
      const result: ScenarioResult = {
        id: scenario.id,
        command: scenario.label,
        until: scenario.until === 'healthz' ? 'GET /healthz 200' : 'greeting line on stdout',
        targetMs: scenario.until === 'healthz' ? TARGETS.ready : TARGETS.greeting,
        runs: [],
      };
      results.push(result);
      if (scenario.needs && !existsSync(path.join(REPO_ROOT, scenario.needs))) {
        result.skipped = `${scenario.needs} is missing`;
        process.stdout.write(`${scenario.label}: skipped (${result.skipped})\n`);
        continue;
      }
      result.first = await runOnce(scenario, dataDir);
      process.stdout.write(`${scenario.label}: first run ${result.first.readyMs} ms (not counted)\n`);
      active.push({ scenario, result });
    }
    // Round-robin: a burst of load on the machine hits every scenario, not just one.
    for (let i = 0; i < RUNS; i++) {
      process.stdout.write(`round ${i + 1}/${RUNS}:`);
      for (const { scenario, result } of active) {
        const run = await runOnce(scenario, dataDir);
        result.runs.push(run);
        process.stdout.write(` ${scenario.id} ${run.readyMs}`);
      }
      process.stdout.write('\n');
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  process.stdout.write('\n');
  for (const { scenario, result } of active) {
    const ready = result.runs.map((r) => r.readyMs);
    result.p50Ms = percentile(ready, 50);
    result.maxMs = Math.max(...ready);
    const exits = result.runs.flatMap((r) => (r.exitMs === undefined ? [] : [r.exitMs]));
    if (exits.length > 0) result.exitP50Ms = percentile(exits, 50);
    process.stdout.write(
      `${scenario.label}: p50 ${result.p50Ms} ms, max ${result.maxMs} ms (target ${result.targetMs} ms)` +
        (result.exitP50Ms === undefined ? '' : `; exit p50 ${result.exitP50Ms} ms`) +
        '\n',
    );
  }

  const report = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    runs: RUNS,
    pollMs: POLL_MS,
    scenarios: results,
  };
  mkdirSync(path.join(REPO_ROOT, 'bench/results'), { recursive: true });
  const file = path.join(REPO_ROOT, 'bench/results/cold-start.json');
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nWrote ${path.relative(process.cwd(), file)}\n`);
}

await main();
