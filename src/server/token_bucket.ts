/**
 * A token bucket for one socket's messages: it holds up to `capacity` tokens (the burst) and
 * refills at `perMinute`. Refusing costs two subtractions and no allocation, which is what a
 * flood of frames on one socket should cost us. Kept in process on purpose: a socket lives on one
 * instance, so sharing its bucket through Redis would add a round trip per message for nothing.
 */
export class TokenBucket {
  #tokens: number;
  #updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#tokens = capacity;
    this.#updatedAt = now();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    const now = this.now();
    const refill = ((now - this.#updatedAt) * this.perMinute) / 60_000;
    this.#tokens = Math.min(this.capacity, this.#tokens + refill);
    this.#updatedAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
