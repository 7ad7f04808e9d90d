/**
 * Session IDs handed out with voice tokens, so a call that cannot go ahead (microphone refused,
 * no WebRTC, Sarah never joined) continues in the text chat under the same session. An ID can be
 * claimed once, only while its token lives, and only by the instance that issued it (in memory:
 * with several instances the chat may land elsewhere and simply starts a new session).
 */
export class VoiceHandover {
  readonly #issued = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  issue(sessionId: string): void {
    this.#prune();
    // Bounded: under a flood of token requests the oldest entries go first.
    if (this.#issued.size >= this.maxEntries) this.#issued.delete(this.#issued.keys().next().value!);
    this.#issued.set(sessionId, this.now() + this.ttlMs);
  }

  /** True once for an ID this instance issued and that has not expired. */
  claim(sessionId: string): boolean {
    const expires = this.#issued.get(sessionId);
    this.#issued.delete(sessionId);
    return expires !== undefined && expires > this.now();
  }

  #prune(): void {
    const now = this.now();
    for (const [id, expires] of this.#issued) if (expires <= now) this.#issued.delete(id);
  }
}
