import type { Database } from './database.js';
import { probeWrite } from './heartbeat.js';
import type { StoreProblem } from './store_health.js';

export interface StoreReadiness {
  ready: boolean;
  /** Why not, for logs and metrics; never the driver's message. */
  problem?: StoreProblem | 'probe_failed' | 'probe_timeout';
}

export interface ReadinessProbeOptions {
  /** A probe that takes longer answers "not ready" (orchestrators give up after about a second or two). */
  timeoutMs?: number;
  /** One write answers every /readyz call within this window, so hammering /readyz cannot turn into a write flood. */
  reuseMs?: number;
}

/**
 * Readiness of the store: a committed write (heartbeat.ts) plus everything StoreHealth has seen
 * since the last one. A write that failed elsewhere keeps the store unready until a later write,
 * this probe's included, succeeds; a lost SQLite file keeps it unready until a restart.
 */
export function storeReadinessProbe(
  database: Database,
  { timeoutMs = 2_000, reuseMs = 1_000 }: ReadinessProbeOptions = {},
): () => Promise<StoreReadiness> {
  let last: { at: number; answer: Promise<StoreReadiness> } | undefined;
  return async () => {
    // Checked on every call, even when the last write's answer is reused: both are cheap and a
    // lost file or a failed write must show at once.
    database.verifyFile();
    const { problem } = database.health;
    if (problem === 'file_missing' || problem === 'file_replaced') return { ready: false, problem };
    const now = Date.now();
    if (last && now - last.at < reuseMs && problem === undefined) return last.answer;
    last = { at: now, answer: probeOnce(database, timeoutMs) };
    return last.answer;
  };
}

async function probeOnce(database: Database, timeoutMs: number): Promise<StoreReadiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([
      probeWrite(database.db as never).then(
        () => 'ok' as const,
        () => 'failed' as const,
      ),
      timeout,
    ]);
    const { problem } = database.health;
    if (problem) return { ready: false, problem };
    if (outcome === 'timeout') return { ready: false, problem: 'probe_timeout' };
    if (outcome === 'failed') return { ready: false, problem: 'probe_failed' };
    return { ready: true };
  } finally {
    clearTimeout(timer);
  }
}
