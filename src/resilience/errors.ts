/** Why a guard stopped trying and gave the caller its fallback. */
export type GiveUpReason =
  'circuit_open' | 'not_retryable' | 'retries_exhausted' | 'retry_budget_spent' | 'out_of_time';

/**
 * The one failure a guarded service throws: the dependency could not serve this call. Tools catch
 * it and say their graceful line; anything else reaching a tool is a bug and surfaces as one.
 * The message names only the dependency and the reason, never the cause's text (which may quote
 * what the user typed); the cause is kept for logs, which scrub it.
 */
export class DependencyUnavailableError extends Error {
  override readonly name = 'DependencyUnavailableError';
  /** An outer guard must not retry a call an inner guard already gave up on. */
  readonly retryable = false;

  constructor(
    readonly dependency: string,
    readonly reason: GiveUpReason,
    cause: unknown,
  ) {
    super(`${dependency} unavailable (${reason})`, { cause });
  }
}

/** Lets a `catch` handle only an unavailable dependency: anything else is thrown on. */
export function rethrowUnlessUnavailable(error: unknown): asserts error is DependencyUnavailableError {
  if (!(error instanceof DependencyUnavailableError)) throw error;
}
