import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createSharedCache, type SharedCache } from '../shared/cache.js';
import type { KnowledgeBase, KnowledgeHit, KnowledgeSearchOptions } from './types.js';

/*
 * The production knowledge chain, as KnowledgeBase decorators:
 *
 *   fresh cached answer  ->  Unleash (guarded)  ->  stale cached answer  ->  shipped corpus  ->  throw
 *
 * Only when Unleash and the corpus both fail does a search throw; the tools then say their honest
 * "can't look that up right now" line. Searches with a category (competitor comparisons) go straight
 * to the corpus: those categories are ours, and Unleash's help-centre source has none of them.
 */

/** Default time a cached answer may still serve, after it stopped being fresh, while Unleash fails. */
export const DEFAULT_STALE_SECONDS = 3600;
/** Results fetched per search whatever the caller's limit, so one cached entry serves every tool. */
const FETCH_AT_LEAST = 3;

export interface CachedSearch {
  hits: KnowledgeHit[];
  /** How many results were asked for; a caller wanting more is a cache miss. */
  fetched: number;
  /** Epoch ms when Unleash answered. */
  storedAt: number;
}

export interface KnowledgeCache {
  store: SharedCache<CachedSearch>;
  /** An entry younger than this answers without asking Unleash. */
  freshMs: number;
}

/**
 * Cached answers per normalised question: fresh for `ttlSeconds` (UNLEASH_CACHE_TTL_S), then kept
 * `staleSeconds` longer for outages only. In Redis when given (shared by every instance), always
 * also in a bounded in-process LRU.
 */
export function createKnowledgeCache(options: {
  ttlSeconds: number;
  staleSeconds?: number;
  redis?: Redis;
  name?: string;
}): KnowledgeCache {
  const stale = options.staleSeconds ?? DEFAULT_STALE_SECONDS;
  return {
    store: createSharedCache<CachedSearch>({
      name: options.name ?? 'knowledge',
      ttlSeconds: options.ttlSeconds + stale,
      maxEntries: 2000,
      redis: options.redis,
    }),
    freshMs: options.ttlSeconds * 1000,
  };
}

/**
 * The cache key of a question: lower case, accents, punctuation and extra spaces gone, so "How do I
 * sign?" and "how do i  sign" share one entry.
 */
export function normaliseQuery(query: string): string {
  return query
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Serves fresh cached answers without calling `inner`; stores what `inner` answers (an empty answer
 * too: "nothing on that" is an answer). Failures are never stored: when `inner` throws, a stale
 * entry answers if there is one, otherwise the failure goes on to the next layer.
 */
export function cachedKnowledge(
  inner: KnowledgeBase,
  cache: KnowledgeCache,
  options: { logger?: Logger; now?: () => number } = {},
): KnowledgeBase {
  const now = options.now ?? Date.now;
  return {
    async search(query: string, searchOptions: KnowledgeSearchOptions = {}) {
      const limit = Math.max(1, searchOptions.limit ?? 3);
      const key = normaliseQuery(query);
      const cached = await cache.store.get(key);
      const entry = cached && cached.fetched >= limit ? cached : undefined;
      if (entry && now() - entry.storedAt < cache.freshMs) return entry.hits.slice(0, limit);
      const fetched = Math.max(limit, FETCH_AT_LEAST);
      try {
        const hits = await inner.search(query, { ...searchOptions, limit: fetched });
        // Not awaited: a slow Redis must not delay the answer (the local copy is set at once).
        void cache.store.set(key, { hits, fetched, storedAt: now() });
        return hits.slice(0, limit);
      } catch (error) {
        if (!entry) throw error;
        options.logger?.warn(
          { reason: describeFailure(error), ageSeconds: Math.round((now() - entry.storedAt) / 1000) },
          'knowledge search failed; answered from a stale cached result',
        );
        return entry.hits.slice(0, limit);
      }
    },
  };
}

/** Thrown when the primary knowledge base and its fallback both failed. */
export class KnowledgeUnavailableError extends Error {
  override readonly name = 'KnowledgeUnavailableError';
  /** For the guard around the whole chain: the corpus is local, so another go would fail the same way. */
  readonly retryable = false;
  constructor(
    readonly primaryFailure: unknown,
    readonly fallbackFailure: unknown,
  ) {
    super(
      `knowledge unavailable: primary (${describeFailure(primaryFailure)}), fallback (${describeFailure(fallbackFailure)})`,
      { cause: fallbackFailure },
    );
  }
}

/**
 * Asks `primary`; when it throws, or has nothing relevant to say, asks `fallback` (the shipped
 * corpus is written for this beta and often covers what the help centre's search misses); throws
 * only when both fail.
 */
export function fallbackKnowledge(
  primary: KnowledgeBase,
  fallback: KnowledgeBase,
  options: { logger?: Logger } = {},
): KnowledgeBase {
  return {
    async search(query, searchOptions) {
      try {
        const hits = await primary.search(query, searchOptions);
        if (hits.length > 0) return hits;
        return await fallback.search(query, searchOptions).catch(() => hits);
      } catch (primaryFailure) {
        options.logger?.warn(
          { reason: describeFailure(primaryFailure) },
          'knowledge search failed; answered from the shipped corpus',
        );
        try {
          return await fallback.search(query, searchOptions);
        } catch (fallbackFailure) {
          throw new KnowledgeUnavailableError(primaryFailure, fallbackFailure);
        }
      }
    },
  };
}

/**
 * The whole chain. `primary` is the Unleash client as the integrator wraps it (resilience guard:
 * timeouts, retries, breaker); `fallback` is the shipped corpus (EmbeddedKnowledgeBase).
 */
export function layeredKnowledge(parts: {
  cache: KnowledgeCache;
  primary: KnowledgeBase;
  fallback: KnowledgeBase;
  logger?: Logger;
}): KnowledgeBase {
  const { cache, primary, fallback, logger } = parts;
  const chain = fallbackKnowledge(cachedKnowledge(primary, cache, { logger }), fallback, { logger });
  return {
    search: (query, options = {}) =>
      options.category ? fallback.search(query, options) : chain.search(query, options),
  };
}

/** A failure for a log line: its kind and status, never the question or a key. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { failure, status } = error as Error & { failure?: string; status?: number };
  return [error.name, failure, status].filter((part) => part !== undefined).join(' ');
}
