import { Counter, Gauge } from 'prom-client';
import type { Logger } from 'pino';
import type { StoreHealth } from '../store/store_health.js';
import { scrubPii } from './logger.js';
import { registry } from './metrics.js';

const writable = new Gauge({
  name: 'sarah_store_writable',
  help: 'Whether the store accepts writes: 1 yes; 0 after a failed write (until one succeeds) or a lost SQLite file',
  registers: [registry],
});

const unwritable = new Counter({
  name: 'sarah_store_unwritable_total',
  help: 'Times the store stopped accepting writes, by problem (write_failed, file_missing, file_replaced)',
  labelNames: ['problem'] as const,
  registers: [registry],
});

/**
 * A metric and one log line for each change between writable and not (never one per failed
 * write: a store that is down fails every write, and the recorder already counts them).
 */
export function reportStoreHealth(health: StoreHealth, logger: Logger): void {
  writable.set(health.writable ? 1 : 0);
  health.onChange(({ problem, cause }) => {
    writable.set(problem ? 0 : 1);
    if (!problem) {
      logger.info('store accepts writes again; ready');
      return;
    }
    unwritable.inc({ problem });
    logger.error(
      { problem, reason: cause === undefined ? undefined : scrubPii(String(cause)) },
      problem === 'write_failed'
        ? 'store write failed: not ready, and Sarah says nothing was saved until a write succeeds'
        : 'the SQLite database file is gone or replaced: writes refused and not ready until a restart',
    );
  });
}
