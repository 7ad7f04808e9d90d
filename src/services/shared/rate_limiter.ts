import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimit {
  /** Shared name of the limit; keys are namespaced under it. */
  name: string;
  /** How many units per window. */
  points: number;
  windowSeconds: number;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface RateLimiter {
  /** Takes `cost` units for `key`; refuses (without throwing) when the window is used up. */
  take(key: string, cost?: number): Promise<Admission>;
  /** Gives units back, e.g. when a counted session ends. */
  give(key: string, cost?: number): Promise<void>;
}

/**
 * A fixed-window limit, counted in Redis when a client is given (shared by every instance) and in
 * this process otherwise. While Redis is unreachable the same limit is counted in process, so
 * the conversation goes on (rate-limiter-flexible's insurance limiter).
 */
export function createRateLimiter(limit: RateLimit, redis?: Redis): RateLimiter {
  const options = { keyPrefix: `sarah:${limit.name}`, points: limit.points, duration: limit.windowSeconds };
  const memory = new RateLimiterMemory(options);
  const limiter = redis
    ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: memory })
    : memory;
  return {
    async take(key, cost = 1) {
      try {
        await limiter.consume(key, cost);
        return { allowed: true };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        // A refused attempt is not counted, so `give` after `take` always balances.
        await limiter.reward(key, cost).catch(() => undefined);
        return { allowed: false, retryAfterMs: rejection.msBeforeNext };
      }
    },
    async give(key, cost = 1) {
      await limiter.reward(key, cost).catch(() => undefined);
    },
  };
}
