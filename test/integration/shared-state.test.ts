import net from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedCache } from '../../src/services/shared/cache.js';
import { createRateLimiter } from '../../src/services/shared/rate_limiter.js';
import { connectRedis, redisReady } from '../../src/services/shared/redis.js';

// The Redis that CI starts at 127.0.0.1:6379; a second client plays a second instance.
const REDIS = 'redis://127.0.0.1:6379';
const logger = pino({ level: 'silent' });
const clients = [connectRedis(REDIS, logger), connectRedis(REDIS, logger)];
beforeAll(async () => {
  for (const client of clients) expect(await redisReady(client)).toBe(true);
});
afterAll(() => clients.forEach((c) => c.disconnect()));
const unique = () => `test-${process.pid}-${Math.random().toString(36).slice(2)}`;

/** A port nothing listens on: Redis "down". */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('limits and caches shared through Redis', () => {
  it('counts one limit across instances', async () => {
    const name = unique();
    const [a, b] = clients.map((redis) => createRateLimiter({ name, points: 3, windowSeconds: 60 }, redis));
    expect((await a!.take('ip-1')).allowed).toBe(true);
    expect((await b!.take('ip-1')).allowed).toBe(true);
    expect((await a!.take('ip-1')).allowed).toBe(true);
    const refused = await b!.take('ip-1');
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterMs).toBeGreaterThan(0);
    // Other keys are untouched, and giving back frees a unit.
    expect((await a!.take('ip-2')).allowed).toBe(true);
    await a!.give('ip-1');
    expect((await b!.take('ip-1')).allowed).toBe(true);
  });

  it('serves cached values to every instance', async () => {
    const name = unique();
    const [a, b] = clients.map((redis) =>
      createSharedCache<{ answer: string }>({ name, ttlSeconds: 60, redis }),
    );
    await a!.set('how do i sign', { answer: 'drag a signature field' });
    expect(await b!.get('how do i sign')).toEqual({ answer: 'drag a signature field' });
    expect(await b!.get('something else')).toBeUndefined();
  });

  it('falls back to this process when Redis is down, without an error', async () => {
    const down = connectRedis(`redis://127.0.0.1:${await closedPort()}`, logger);
    try {
      expect(await redisReady(down, 300)).toBe(false);
      const limiter = createRateLimiter({ name: unique(), points: 2, windowSeconds: 60 }, down);
      expect((await limiter.take('ip')).allowed).toBe(true);
      expect((await limiter.take('ip')).allowed).toBe(true);
      expect((await limiter.take('ip')).allowed).toBe(false);
      const cache = createSharedCache<{ n: number }>({ name: unique(), ttlSeconds: 60, redis: down });
      await cache.set('k', { n: 1 });
      expect(await cache.get('k')).toEqual({ n: 1 });
    } finally {
      down.disconnect();
    }
  });

  it('works in process alone when no Redis is configured', async () => {
    const limiter = createRateLimiter({ name: unique(), points: 1, windowSeconds: 60 });
    expect((await limiter.take('k')).allowed).toBe(true);
    expect((await limiter.take('k')).allowed).toBe(false);
  });
});
