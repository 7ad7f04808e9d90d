import {
  ConsecutiveBreaker,
  ExponentialBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleAll,
  retry,
  timeout,
  wrap,
  type IPolicy,
} from 'cockatiel';
import { metrics } from '../observability/metrics.js';

export interface PolicyOptions {
  /** Name of the outside part, used in metrics. */
  dependency: string;
  timeoutMs: number;
  retries: number;
  /** Consecutive failures that open the breaker. */
  breakerThreshold?: number;
  /** How long the breaker stays open before a half-open trial call. */
  halfOpenAfterMs?: number;
}

/**
 * Timeout per attempt, bounded retries with jittered exponential backoff, and a circuit breaker
 * around the whole, so a dead dependency is skipped quickly instead of slowing every turn.
 */
export function createPolicy(options: PolicyOptions): IPolicy {
  const perAttemptTimeout = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);
  const retryPolicy = retry(handleAll, {
    maxAttempts: options.retries,
    backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 1000 }),
  });
  const breaker = circuitBreaker(handleAll, {
    halfOpenAfter: options.halfOpenAfterMs ?? 10_000,
    breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
  });
  return wrap(breaker, retryPolicy, perAttemptTimeout);
}

/**
 * Runs `action` through `policy`; on any failure returns `fallback(error)` instead of throwing,
 * counting the failure so dashboards show which dependency is degrading.
 */
export async function withFallback<T>(
  policy: IPolicy,
  dependency: string,
  action: (signal: AbortSignal) => Promise<T>,
  fallback: (error: unknown) => T | Promise<T>,
): Promise<T> {
  try {
    return await policy.execute(({ signal }) => action(signal));
  } catch (error) {
    metrics.dependencyFailures.inc({ dependency });
    return fallback(error);
  }
}
