/**
 * One error type for every way a Google Calendar call can fail, so the resilience guard can decide
 * without knowing Google: `retryable` says whether trying again may help, `retryAfterMs` how long
 * the server asked us to wait. Messages never carry request bodies (attendee emails), and the
 * client's own error is not kept as `cause`: it holds the request, body and all, for any logger.
 */
export class CalendarApiError extends Error {
  override readonly name = 'CalendarApiError';
  /** HTTP status when the server answered; undefined for network failures and timeouts. */
  readonly status: number | undefined;
  /** Google's machine-readable reason (`rateLimitExceeded`, `duplicate`, `notFound`…) or our own. */
  readonly reason: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  /** The same wait in whole seconds, as the Retry-After header gives it. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    message: string,
    details: { status?: number; reason: string; retryable: boolean; retryAfterMs?: number },
  ) {
    super(message);
    this.status = details.status;
    this.reason = details.reason;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
    this.retryAfterSeconds =
      details.retryAfterMs === undefined ? undefined : Math.ceil(details.retryAfterMs / 1000);
  }
}

/** Google answers rate limits with 403 as well as 429; these reasons mean "slow down", not "forbidden". */
const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);
/** A deleted event answers 410, an unknown one 404: either way there is nothing left to change. */
const GONE = new Set([404, 410]);

/** A response whose body is not what Google documents: a proxy page, a cut-off body. Worth retrying. */
export function malformedResponse(what: string): CalendarApiError {
  return new CalendarApiError(`Google Calendar returned a malformed ${what} response`, {
    reason: 'malformedResponse',
    retryable: true,
  });
}

/** True when the event or calendar no longer exists (404 notFound, 410 deleted). */
export function isGone(error: unknown): boolean {
  return error instanceof CalendarApiError && error.status !== undefined && GONE.has(error.status);
}

/** True for Google's 409 "The requested identifier already exists." */
export function isDuplicate(error: unknown): boolean {
  return error instanceof CalendarApiError && error.status === 409;
}

/**
 * Turns whatever the Google client threw (a GaxiosError from either copy of gaxios, a timeout, a
 * refused connection) into a CalendarApiError. Duck-typed because two gaxios versions are installed.
 */
export function toCalendarError(error: unknown, operation: string): CalendarApiError {
  if (error instanceof CalendarApiError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    status?: unknown;
    code?: unknown;
    name?: unknown;
    message?: unknown;
    config?: unknown;
    response?: { status?: unknown; headers?: unknown; data?: unknown };
  };
  const status =
    typeof e.response?.status === 'number'
      ? e.response.status
      : typeof e.status === 'number'
        ? e.status
        : undefined;
  if (status === undefined) {
    // Our requests are only ever aborted by their timeout, and gaxios reports that as "aborted".
    const timedOut =
      e.name === 'AbortError' ||
      e.name === 'TimeoutError' ||
      /timeout|abort/i.test(`${String(e.code)} ${String(e.message)}`);
    // Not from the HTTP layer (gaxios always attaches the request config): a bug, not an outage.
    if (!timedOut && e.config === undefined) {
      return new CalendarApiError(`Google Calendar ${operation} failed in the client: ${String(e.message)}`, {
        reason: 'client',
        retryable: false,
      });
    }
    return new CalendarApiError(
      `Google Calendar ${operation} ${timedOut ? 'timed out' : `failed before a response (${String(e.code ?? e.name ?? 'network error')})`}`,
      { reason: timedOut ? 'timeout' : 'network', retryable: true },
    );
  }
  const { reason, message } = readGoogleError(e.response?.data);
  const retryAfterMs = parseRetryAfter(header(e.response?.headers, 'retry-after'));
  const rateLimited = status === 429 || (status === 403 && RATE_LIMIT_REASONS.has(reason ?? ''));
  const retryable = rateLimited || status === 408 || status >= 500;
  return new CalendarApiError(
    `Google Calendar ${operation} failed with ${status}: ${message ?? reason ?? 'no detail'}`,
    {
      status,
      reason: reason ?? (rateLimited ? 'rateLimitExceeded' : `http${status}`),
      retryable,
      retryAfterMs,
    },
  );
}

/**
 * Google's error body is `{ error: { code, message, errors: [{ domain, reason, message }] } }`; the
 * OAuth token endpoint's is `{ error: 'invalid_grant', error_description }`. Anything else: no detail.
 */
function readGoogleError(data: unknown): { reason?: string; message?: string } {
  let body = data;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return {};
    }
  }
  if (typeof body !== 'object' || body === null) return {};
  const error = (body as { error?: unknown; error_description?: unknown }).error;
  if (typeof error === 'string') {
    const description = (body as { error_description?: unknown }).error_description;
    return { reason: error, message: typeof description === 'string' ? description : error };
  }
  if (typeof error !== 'object' || error === null) return {};
  const { message, errors } = error as { message?: unknown; errors?: unknown };
  const first = Array.isArray(errors) ? (errors[0] as { reason?: unknown } | undefined) : undefined;
  return {
    reason: typeof first?.reason === 'string' ? first.reason : undefined,
    message: typeof message === 'string' ? message.slice(0, 200) : undefined,
  };
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
