export interface RetryBudgetOptions {
  /** Retries allowed per first attempt over the window: 0.2 is one retry for every five calls. */
  ratio: number;
  windowMs: number;
  now?: () => number;
}

interface Bucket {
  start: number;
  firstAttempts: number;
  retries: number;
}

const BUCKETS_PER_WINDOW = 10;

/**
 * Allows a retry only while retries stay within `ratio` of the first attempts made over a sliding
 * window. Every call still makes its first attempt, so however bad an outage gets, the calls sent
 * to a dependency stay at most (1 + ratio) times what a healthy dependency would get: retries
 * cannot pile onto a service that is already struggling. There is deliberately no minimum
 * allowance: a quiet process retries less, but never beyond the bound.
 */
export class RetryBudget {
  readonly #ratio: number;
  readonly #windowMs: number;
  readonly #bucketMs: number;
  readonly #now: () => number;
  #buckets: Bucket[] = [];

  constructor(options: RetryBudgetOptions) {
    this.#ratio = options.ratio;
    this.#windowMs = options.windowMs;
    this.#bucketMs = Math.max(1, Math.floor(options.windowMs / BUCKETS_PER_WINDOW));
    this.#now = options.now ?? Date.now;
  }

  recordFirstAttempt(): void {
    this.#current().firstAttempts += 1;
  }

  /** Takes one retry from the budget when there is room; false means do not retry. */
  tryRetry(): boolean {
    const { firstAttempts, retries } = this.usage();
    if (retries + 1 > firstAttempts * this.#ratio) return false;
    this.#current().retries += 1;
    return true;
  }

  /** First attempts and retries inside the current window. */
  usage(): { firstAttempts: number; retries: number } {
    this.#dropExpired();
    return this.#buckets.reduce(
      (sum, b) => ({ firstAttempts: sum.firstAttempts + b.firstAttempts, retries: sum.retries + b.retries }),
      { firstAttempts: 0, retries: 0 },
    );
  }

  #current(): Bucket {
    this.#dropExpired();
    const start = Math.floor(this.#now() / this.#bucketMs) * this.#bucketMs;
    const last = this.#buckets[this.#buckets.length - 1];
    if (last?.start === start) return last;
    const bucket = { start, firstAttempts: 0, retries: 0 };
    this.#buckets.push(bucket);
    return bucket;
  }

  #dropExpired(): void {
    const oldest = this.#now() - this.#windowMs;
    while (this.#buckets[0] && this.#buckets[0].start + this.#bucketMs <= oldest) this.#buckets.shift();
  }
}
