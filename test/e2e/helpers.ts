// The named export: the package's CommonJS-style typings make the default import untypeable under NodeNext.
import { AxeBuilder } from '@axe-core/playwright';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { envSchema } from '../../src/config.js';

/** The repository root: the server resolves web/dist, knowledge/ and src/ from its working directory. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

const READY_LINE = /Sarah is ready at http:\/\/localhost:(\d+)/;

/** CI builds the page before the tests; a fresh checkout gets it built here, once. */
export function ensureWebBuilt(): void {
  if (existsSync(path.join(REPO_ROOT, 'web/dist/index.html'))) return;
  execFileSync('npx', ['vite', 'build', 'web'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

export interface RunningServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Everything the server printed so far, for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once: a crash, with no chance to save or close anything. */
  crash(): Promise<void>;
}

/**
 * Starts `src/main.ts start` as a child process with a clean Sarah environment: every variable the
 * config schema knows is dropped from the inherited environment (so a developer's DATABASE_URL,
 * OPENAI_API_KEY or LiveKit keys can't leak in), then only what the test needs is set. The server
 * listens on port 0 and announces the real port on stdout.
 */
export async function startServer(options: {
  sqlitePath: string;
  timeoutMs?: number;
  env?: Record<string, string>;
}): Promise<RunningServer> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(envSchema.shape)) delete env[key];
  Object.assign(env, {
    PORT: '0',
    HOST: '127.0.0.1',
    SQLITE_PATH: options.sqlitePath,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...options.env,
  });

  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (graceMs = 5_000): Promise<void> => {
    if (!isRunning(child)) return;
    child.kill('SIGTERM');
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
    if ((await Promise.race([exited, timer])) === 'timeout' && isRunning(child)) {
      child.kill('SIGKILL');
      await exited;
    }
  };

  const timeoutMs = options.timeoutMs ?? 30_000;
  try {
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server was not ready within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onData = () => {
        const match = READY_LINE.exec(output);
        if (!match?.[1]) return;
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(match[1]);
      };
      child.stdout.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`server exited before it was ready (code ${code}, signal ${signal})`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    // The server binds 127.0.0.1 only; "localhost" in the ready line may resolve to ::1 first.
    const crash = async () => {
      if (!isRunning(child)) return;
      child.kill('SIGKILL');
      await exited;
    };
    return { url: `http://127.0.0.1:${port}`, output: () => output, stop, crash };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`, { cause: error });
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A throwaway headless Chromium profile in `userDataDir`. */
export function launchBrowser(
  userDataDir: string,
  options: { timezoneId?: string } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    ...options,
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Runs axe on the page as it is now; returns one readable line per violating node (empty when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `[${violation.impact ?? 'unknown'}] ${violation.id}: ${violation.help} at ${node.target.join(' ')}\n` +
        `    ${node.failureSummary?.replace(/\n/g, '\n    ') ?? ''}`,
    ),
  );
}

/** Polls `read` until `accept` returns true or the timeout passes; returns the last value read. */
export async function waitForValue<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 10_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Chromium flags for voice tests: a fake microphone, and optionally no permission prompt at all. */
export const FAKE_MICROPHONE_ARGS = ['--use-fake-device-for-media-stream'];
export const AUTO_ALLOW_MEDIA_ARGS = ['--use-fake-ui-for-media-stream'];

/** Like `launchBrowser`, with extra Chromium flags and granted permissions (an empty list grants none). */
export function launchBrowserWith(
  userDataDir: string,
  options: { args?: string[]; permissions?: string[] } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    permissions: options.permissions ?? [],
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.args ?? []),
    ],
  });
}
