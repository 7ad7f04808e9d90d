/**
 * Whether the store can keep what Sarah is told. Every write that reaches the database reports
 * here (see write_watch.ts), so one failed write anywhere (the recorder, a booking, the outbox)
 * turns readiness false until a later write succeeds. A database file that disappeared or was
 * replaced under us is permanent: the open connection would keep writing into a file nobody can
 * find again, so only a restart (which the empty-database guard then checks) can fix it.
 */
export type StoreProblem = 'write_failed' | 'file_missing' | 'file_replaced';

export interface StoreHealthChange {
  /** undefined when the store became writable again. */
  problem: StoreProblem | undefined;
  /** The failure that caused it, for logs only (it may quote a driver message). */
  cause?: unknown;
}

export class StoreHealth {
  #problem: StoreProblem | undefined;
  #lastFailureAt = Number.NEGATIVE_INFINITY;
  readonly #listeners: Array<(change: StoreHealthChange) => void> = [];

  /** Called on every change between writable and not, never for repeats of the same state. */
  onChange(listener: (change: StoreHealthChange) => void): void {
    this.#listeners.push(listener);
  }

  get writable(): boolean {
    return this.#problem === undefined;
  }

  get problem(): StoreProblem | undefined {
    return this.#problem;
  }

  /**
   * True when no write has failed since `since` and the store is writable now: what Sarah checks
   * before saying anything of this conversation was saved (a conservative answer: a failure in
   * another conversation counts too).
   */
  keptEverythingSince(since: Date): boolean {
    return this.writable && this.#lastFailureAt < since.getTime();
  }

  writeFailed(cause: unknown): void {
    this.#lastFailureAt = Date.now();
    if (this.#problem === undefined) this.#set('write_failed', cause);
  }

  fileLost(problem: 'file_missing' | 'file_replaced'): void {
    this.#lastFailureAt = Date.now();
    if (this.#problem !== problem && this.#problem !== 'file_missing') this.#set(problem);
  }

  writeSucceeded(): void {
    // A lost file stays lost: writes "succeed" into the unlinked file, which is the silent loss.
    if (this.#problem === 'write_failed') this.#set(undefined);
  }

  #set(problem: StoreProblem | undefined, cause?: unknown): void {
    this.#problem = problem;
    for (const listener of this.#listeners) listener({ problem, cause });
  }
}
