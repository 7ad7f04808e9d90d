import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * One Redis connection per process when `REDIS_URL` is set. Commands fail fast while it is down
 * (no offline queue, one retry) so callers fall back to their in-process state instead of
 * waiting; the client keeps reconnecting in the background.
 */
export function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 500,
    // Back off to once every 2 s, for as long as it takes.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let down = false;
  redis.on('error', (error) => {
    if (down) return;
    down = true;
    logger.warn(
      { reason: error.message },
      'redis unavailable; shared limits and caches fall back to this process',
    );
  });
  redis.on('ready', () => {
    if (down) logger.info('redis is back; limits and caches are shared again');
    down = false;
  });
  return redis;
}

/** Waits up to `timeoutMs` for the connection; false means "carry on in process for now". */
export function redisReady(redis: Redis, timeoutMs = 2000): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}
