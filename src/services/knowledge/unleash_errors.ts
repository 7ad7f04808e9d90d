/**
 * Why an Unleash search failed, classified for the resilience guard around the client: the guard
 * retries only `retryable` errors (and waits at least `retryAfterMs` when Unleash names a time);
 * anything else goes straight to the next layer of the fallback chain.
 */
export type UnleashFailure =
  /** 401/403: the key is wrong, revoked, or lacks access to the assistant. */
  | 'auth'
  /** 404: usually the wrong host (the API lives on e-api.unleash.so). */
  | 'not_found'
  /** Another 4xx: the request itself is wrong; sending it again will not help. */
  | 'bad_request'
  /** 429 from Unleash. */
  | 'rate_limited'
  /** Refused by our own client-side limit before any request was made. */
  | 'limited'
  /** 5xx. */
  | 'server'
  /** No answer within the per-request timeout (or 408 from a proxy). */
  | 'timeout'
  /** The connection failed (refused, reset, DNS). */
  | 'network'
  /** A 200 whose body is not the documented search response. */
  | 'malformed'
  /** The caller aborted the search (its own deadline); not ours to retry. */
  | 'aborted';

/** An RFC 7807 problem body, as Unleash sends on errors (every field optional in practice). */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  /** Unleash's own short reason, e.g. "Missing impersonation header". */
  reason?: string;
  /** Quote it to Unleash support. */
  requestId?: string;
}

export interface UnleashErrorDetails {
  /** Whether another attempt could succeed (408, 429, 5xx, timeouts, connection failures). */
  retryable: boolean;
  status?: number;
  /** From Retry-After on 429 (and 503), or from our own limiter: when trying again makes sense. */
  retryAfterMs?: number;
  problem?: ProblemDetails;
  cause?: unknown;
}

export class UnleashError extends Error {
  override readonly name = 'UnleashError';
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly problem?: ProblemDetails;

  constructor(
    readonly failure: UnleashFailure,
    message: string,
    details: UnleashErrorDetails,
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.retryable = details.retryable;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.problem = details.problem;
  }
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The problem body if it is one; problem+json or plain JSON with a title or detail both count. */
export function parseProblem(body: string): ProblemDetails | undefined {
  try {
    const value: unknown = JSON.parse(body);
    if (!value || typeof value !== 'object') return undefined;
    const raw = value as Record<string, unknown>;
    const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
    const problem: ProblemDetails = {
      type: text('type'),
      title: text('title'),
      status: typeof raw.status === 'number' ? raw.status : undefined,
      detail: text('detail'),
      reason: text('reason'),
      requestId: text('requestId') ?? text('RequestId'),
    };
    return problem.title || problem.detail || problem.reason ? problem : undefined;
  } catch {
    return undefined;
  }
}

/** Classifies a non-2xx answer: 408, 429 and 5xx are worth another try, other 4xx are not. */
export function errorFromResponse(status: number, problem?: ProblemDetails, retryAfter?: string | null) {
  const said = [problem?.title, problem?.detail ?? problem?.reason].filter(Boolean).join(': ');
  const message = `Unleash search failed with HTTP ${status}${said ? ` (${said})` : ''}`;
  const fail = (failure: UnleashFailure, retryable: boolean, text = message) =>
    new UnleashError(failure, text, {
      retryable,
      status,
      problem,
      // A 503 may name a time too.
      retryAfterMs: status === 429 || status === 503 ? parseRetryAfter(retryAfter ?? null) : undefined,
    });
  if (status === 401 || status === 403) return fail('auth', false);
  if (status === 404) return fail('not_found', false, `${message}; check UNLEASH_BASE_URL (the API host is e-api.unleash.so)`);
  if (status === 408) return fail('timeout', true);
  if (status === 429) return fail('rate_limited', true);
  if (status >= 500) return fail('server', true);
  return fail('bad_request', false);
}
