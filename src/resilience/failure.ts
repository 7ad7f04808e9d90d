import { TaskCancelledError } from 'cockatiel';

/**
 * What a client may put on the errors it throws so the guard treats them right. The guard also
 * reads the shapes common clients already use (`status`, `statusCode`, `response.status`, a
 * `Retry-After` header on `headers` or `response.headers`).
 */
export interface FailureHints {
  /** HTTP status of the answer, when there was one. */
  status?: number;
  /** false: trying again cannot help (a bad request, a permanently refused address). */
  retryable?: boolean;
  /** How long the dependency asked us to wait before the next call. */
  retryAfterMs?: number;
}

export interface Failure {
  /** Worth another attempt, and a sign the dependency is struggling (counts towards the breaker). */
  transient: boolean;
  retryAfterMs?: number;
}

/**
 * Sorts a failure: timeouts, network failures, 5xx, 408 and 429 are transient; other 4xx and
 * errors marked `retryable: false` are not (the dependency is up and said no: repeating the
 * same request gets the same answer).
 */
export function classifyFailure(error: unknown, nowMs: number = Date.now()): Failure {
  const retryAfterMs = retryAfterOf(error, nowMs);
  // instanceof, not cockatiel's isTaskCancelledError: in 3.2.1 that one tests the wrong marker.
  if (error instanceof TaskCancelledError) return { transient: true };
  const hints = asRecord(error);
  if (hints?.retryable === false) return { transient: false };
  const status = statusOf(error);
  const transient =
    hints?.retryable === true ||
    status === undefined ||
    status === 408 ||
    status === 429 ||
    status < 400 ||
    status >= 500;
  return retryAfterMs === undefined ? { transient } : { transient, retryAfterMs };
}

export function statusOf(error: unknown): number | undefined {
  const record = asRecord(error);
  const candidates = [record?.status, record?.statusCode, asRecord(record?.response)?.status];
  return candidates.find((c): c is number => typeof c === 'number' && c >= 100 && c <= 599);
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterOf(error: unknown, nowMs: number): number | undefined {
  const record = asRecord(error);
  if (typeof record?.retryAfterMs === 'number' && record.retryAfterMs >= 0) return record.retryAfterMs;
  const header = headerOf(record?.headers) ?? headerOf(asRecord(record?.response)?.headers);
  if (header === undefined) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function headerOf(headers: unknown): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function')
    return (headers as Headers).get('retry-after') ?? undefined;
  const record = headers as Record<string, unknown>;
  const value = record['retry-after'] ?? record['Retry-After'];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}
