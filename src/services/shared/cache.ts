import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

export interface SharedCache<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T): Promise<void>;
}

/**
 * A JSON cache with a time to live: in Redis when a client is given (every instance sees the
 * same entries), always also in a bounded in-process LRU, which answers alone while Redis is
 * down. A Redis failure is never an error for the caller.
 */
export function createSharedCache<T extends object | string | number | boolean>(options: {
  name: string;
  ttlSeconds: number;
  maxEntries?: number;
  redis?: Redis;
}): SharedCache<T> {
  const local = new LRUCache<string, { value: T }>({
    max: options.maxEntries ?? 1000,
    ttl: options.ttlSeconds * 1000,
  });
  const redisKey = (key: string) => `sarah:${options.name}:${key}`;
  const { redis } = options;
  return {
    async get(key) {
      const hit = local.get(key);
      if (hit) return hit.value;
      if (!redis) return undefined;
      try {
        const raw = await redis.get(redisKey(key));
        if (raw === null) return undefined;
        const value = JSON.parse(raw) as T;
        local.set(key, { value });
        return value;
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      local.set(key, { value });
      if (!redis) return;
      await redis.set(redisKey(key), JSON.stringify(value), 'EX', options.ttlSeconds).catch(() => undefined);
    },
  };
}
