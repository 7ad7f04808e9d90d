import { setTimeout as sleep } from 'node:timers/promises';
import {
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TimeoutStrategy,
  circuitBreaker,
  halfJitterGenerator,
  handleWhen,
  BrokenCircuitError,
  IsolatedCircuitError,
  timeout,
  type CircuitBreakerPolicy,
  type IBackoff,
} from 'cockatiel';
import { metrics } from '../observability/metrics.js';
import { DependencyUnavailableError, type GiveUpReason } from './errors.js';
import { classifyFailure } from './failure.js';
import { RetryBudget } from './retry_budget.js';

export type BreakerState = 'closed' | 'half-open' | 'open';

export interface GuardOptions {
  /** Name of the outside part, used in metrics, errors and /readyz. */
  dependency: string;
  /** Longest one attempt may take. */
  attemptTimeoutMs: number;
  /** Longest one call may take, attempts and waits together (default 1.5 × attemptTimeoutMs). */
  callDeadlineMs?: number;
  /** Retries after the first attempt, 0 to 2 (default 2). */
  maxRetries?: number;
  /** Backoff before the first retry (default 100 ms), doubling per retry up to maxBackoffMs (1 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Consecutive transient failures that open the breaker (default 5). */
  breakerThreshold?: number;
  /** How long the breaker stays open before one probe call is let through (default 10 s). */
  halfOpenAfterMs?: number;
  /** Retries allowed per first attempt over the budget window (default 0.2 over 60 s). */
  retryRatio?: number;
  budgetWindowMs?: number;
  /** Clock for the deadline and the retry budget, and the wait between attempts (tests fake both). */
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

export interface CallOptions {
  /** Fewer retries than the guard allows, e.g. 0 for a write the dependency cannot deduplicate. */
  retries?: number;
}

export interface GuardDescription {
  dependency: string;
  breaker: BreakerState;
  attemptTimeoutMs: number;
  /** First attempts and retries over the retry budget's window. */
  window: { firstAttempts: number; retries: number };
}

const MAX_RETRIES = 2;
const GAUGE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * The one way out of the process to a dependency: a timeout on each attempt, at most two retries
 * with jittered exponential backoff, a circuit breaker with a half-open probe, and a retry budget.
 * One guard per dependency, shared by every conversation: a breaker opened by one conversation
 * spares all the others the wait. When it gives up it throws DependencyUnavailableError.
 */
export class DependencyGuard {
  readonly dependency: string;
  readonly #options: Required<Omit<GuardOptions, 'now' | 'sleep'>>;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<unknown>;
  readonly #breaker: CircuitBreakerPolicy;
  readonly #budget: RetryBudget;
  readonly #backoff: ExponentialBackoff<unknown>;

  constructor(options: GuardOptions) {
    this.dependency = options.dependency;
    this.#options = {
      dependency: options.dependency,
      attemptTimeoutMs: options.attemptTimeoutMs,
      callDeadlineMs: options.callDeadlineMs ?? Math.round(options.attemptTimeoutMs * 1.5),
      maxRetries: Math.min(Math.max(0, options.maxRetries ?? MAX_RETRIES), MAX_RETRIES),
      initialBackoffMs: options.initialBackoffMs ?? 100,
      maxBackoffMs: options.maxBackoffMs ?? 1000,
      breakerThreshold: options.breakerThreshold ?? 5,
      halfOpenAfterMs: options.halfOpenAfterMs ?? 10_000,
      retryRatio: options.retryRatio ?? 0.2,
      budgetWindowMs: options.budgetWindowMs ?? 60_000,
    };
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? sleep;
    // Only transient failures count towards opening: a 400 means the dependency is up and said no.
    this.#breaker = circuitBreaker(
      handleWhen((error) => classifyFailure(error).transient),
      {
        halfOpenAfter: this.#options.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(this.#options.breakerThreshold),
      },
    );
    this.#budget = new RetryBudget({
      ratio: this.#options.retryRatio,
      windowMs: this.#options.budgetWindowMs,
      now: this.#now,
    });
    // Half jitter: each wait is random in [d/2, d), so concurrent callers spread out without
    // the near-zero waits of full jitter that would hit the dependency again at once.
    this.#backoff = new ExponentialBackoff({
      initialDelay: this.#options.initialBackoffMs,
      maxDelay: this.#options.maxBackoffMs,
      generator: halfJitterGenerator,
    });
    this.#breaker.onStateChange(() => this.#publishState());
    this.#publishState();
  }

  get breakerState(): BreakerState {
    switch (this.#breaker.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.HalfOpen:
        return 'half-open';
      default:
        return 'open';
    }
  }

  /** Runs `action` under the guard; the signal aborts when the attempt times out. */
  async call<T>(action: (signal: AbortSignal) => Promise<T>, options: CallOptions = {}): Promise<T> {
    const deadline = this.#now() + this.#options.callDeadlineMs;
    const maxRetries = Math.min(options.retries ?? this.#options.maxRetries, this.#options.maxRetries);
    let backoff: IBackoff<unknown> | undefined;
    for (let retries = 0; ; retries++) {
      try {
        const attemptMs = Math.min(this.#options.attemptTimeoutMs, deadline - this.#now());
        return await this.#attempt(action, retries > 0, attemptMs);
      } catch (error) {
        backoff = backoff ? backoff.next(undefined) : this.#backoff.next();
        const next = this.#afterFailure(error, {
          retries,
          maxRetries,
          deadline,
          backoffMs: backoff.duration,
        });
        if (typeof next !== 'number') {
          metrics.dependencyFailures.inc({ dependency: this.dependency });
          throw new DependencyUnavailableError(this.dependency, next, error);
        }
        metrics.dependencyRetries.inc({ dependency: this.dependency });
        await this.#sleep(next);
      }
    }
  }

  describe(): GuardDescription {
    return {
      dependency: this.dependency,
      breaker: this.breakerState,
      attemptTimeoutMs: this.#options.attemptTimeoutMs,
      window: this.#budget.usage(),
    };
  }

  /** One attempt through the breaker and a timeout; counted only when it really goes out. */
  #attempt<T>(action: (signal: AbortSignal) => Promise<T>, isRetry: boolean, timeoutMs: number): Promise<T> {
    return this.#breaker.execute(() => {
      metrics.dependencyAttempts.inc({ dependency: this.dependency });
      if (!isRetry) this.#budget.recordFirstAttempt();
      return timeout(Math.max(1, timeoutMs), TimeoutStrategy.Aggressive).execute(({ signal }) =>
        action(signal),
      );
    });
  }

  /** How long to wait before retrying, or why not to retry at all. */
  #afterFailure(
    error: unknown,
    call: { retries: number; maxRetries: number; deadline: number; backoffMs: number },
  ): number | GiveUpReason {
    if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) return 'circuit_open';
    const now = this.#now();
    const failure = classifyFailure(error, now);
    if (!failure.transient) return 'not_retryable';
    if (call.retries >= call.maxRetries) return 'retries_exhausted';
    // The failure may just have opened the breaker: a retry now would only be short-circuited.
    if (this.#breaker.state !== CircuitState.Closed) return 'circuit_open';
    // Retry-After is the dependency's own minimum wait; one longer than the time left is a no.
    const waitMs = Math.max(call.backoffMs, failure.retryAfterMs ?? 0);
    if (waitMs >= call.deadline - now) return 'out_of_time';
    // Last, so a retry that will not happen never spends the budget.
    if (!this.#budget.tryRetry()) return 'retry_budget_spent';
    return waitMs;
  }

  #publishState(): void {
    metrics.dependencyBreakerState.set({ dependency: this.dependency }, GAUGE_VALUE[this.breakerState]);
  }
}
