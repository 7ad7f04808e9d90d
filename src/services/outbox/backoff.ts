export interface BackoffPolicy {
  /** Delay before the second attempt. */
  baseMs: number;
  /** No delay grows beyond this. */
  maxMs: number;
}

/** A receiver asking for more than this (a Retry-After of a day) is still retried within the hour. */
const LONGEST_RETRY_AFTER_MS = 60 * 60_000;

/**
 * Delay before the next attempt after `attempts` failed ones: exponential, with "equal jitter"
 * (half fixed, half random) so a burst of failures does not retry in lockstep yet delays still
 * grow. A receiver's own Retry-After wins when it asks for longer.
 */
export function retryDelayMs(
  attempts: number,
  policy: BackoffPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  const asked = retryAfterMs === undefined ? 0 : Math.min(Math.max(0, retryAfterMs), LONGEST_RETRY_AFTER_MS);
  return Math.round(Math.max(jittered, asked));
}

/** Parses an HTTP Retry-After header: seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(
  header: string | null | undefined,
  now: Date = new Date(),
): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
