import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Env } from '../../config.js';
import { createRateLimiter, type RateLimiter } from '../shared/rate_limiter.js';
import { DEFAULT_GROUNDING_THRESHOLD, Grounding } from './grounding.js';
import { plainText, spokenAnswer } from './speakable.js';
import type { KnowledgeArticle, KnowledgeBase, KnowledgeHit, KnowledgeSearchOptions } from './types.js';
import { UnleashError, errorFromResponse, parseProblem } from './unleash_errors.js';

/*
 * The search contract, from Unleash's platform API (swagger at api.unleash.wiki; its official JS SDK,
 * github.com/unleash-tech/platform-js-sdk, is the most precise public description, with its Postman
 * collection giving the host):
 *
 *   POST {base}/search   Authorization: Bearer <key>   [unleash-account: <email or account id>]
 *   { query, assistantId?, filters?: { appId?: string[] }, paging?: { size?, nextToken? } }
 *   200 { requestId, totalResults, results: [{ resource: { id, appId, type, title, subtitle, url, ... },
 *         snippet, highlights }], paging: { token } }
 *   errors: RFC 7807 problem bodies { type, title, status, detail } (+ Unleash's reason, requestId)
 *
 * Where the public sources disagree or are silent we take the simplest reading:
 * - paging: the SDK's { size }. A second-hand copy of the help pages shows { pageSize, pageNumber };
 *   either way we read only the first page and cut the results to `limit` ourselves, so a server
 *   that ignored our page size would still give a correct (if larger) answer.
 * - title, subtitle and url sit on `resource` in the current SDK and on the result in older ones:
 *   both are read, resource first.
 * - contentSearch and semanticSearch are optional flags; we leave them to Unleash's defaults.
 * - Unleash returns no score, so relevance comes from our own grounding (grounding.ts).
 */

export interface UnleashSearchRequest {
  query: string;
  assistantId?: string;
  filters?: { appId: string[] };
  paging: { size: number };
}

const text = z.string().nullish();
const resultSchema = z.object({
  resource: z
    .object({
      id: z.union([z.string(), z.number()]).nullish(),
      externalId: text,
      type: text,
      name: text,
      title: text,
      subtitle: text,
      url: text,
    })
    .nullish(),
  snippet: text,
  title: text,
  subtitle: text,
  url: text,
});
type UnleashResult = z.infer<typeof resultSchema>;

/** At least this many results are asked for, so grounding has a few candidates to choose from. */
const MIN_PAGE_SIZE = 5;
const MAX_PAGE_SIZE = 20;
/** The client-side limit is one budget for the whole API key, whichever instance spends it. */
const LIMIT_KEY = 'api-key';

export interface UnleashClientOptions {
  /** Without a trailing slash, e.g. https://e-api.unleash.so. */
  baseUrl: string;
  apiKey: string;
  /** Sent as `unleash-account`: the user an organisation-wide (impersonating) key acts for. */
  account?: string;
  assistantId?: string;
  /** The data source to search (the Intercom help centre), sent as `filters.appId`. */
  appId?: string;
  /** One attempt's budget, response body included; retries belong to the guard around this client. */
  timeoutMs: number;
  /** Client-side request limit; a refused request fails at once as a non-retryable "limited" error. */
  limiter?: RateLimiter;
  /** Drops results that do not answer the question; without it every result counts. */
  grounding?: Grounding;
  minRelevance?: number;
}

/**
 * Unleash search as a KnowledgeBase. One attempt per call with a per-request timeout; every failure
 * is an UnleashError saying whether another attempt could help, for the guard and the fallback
 * chain (layered.ts) around it. Results are shaped for speech: one or two plain sentences, the
 * title and link kept for the web door.
 */
export class UnleashKnowledgeBase implements KnowledgeBase {
  readonly #options: UnleashClientOptions;
  readonly #headers: Record<string, string>;

  constructor(options: UnleashClientOptions) {
    this.#options = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') };
    this.#headers = {
      authorization: `Bearer ${options.apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json, application/problem+json',
      ...(options.account ? { 'unleash-account': options.account } : {}),
    };
  }

  /** The request body for a question; `limit` is what the caller will use. */
  requestFor(query: string, limit: number): UnleashSearchRequest {
    const { assistantId, appId } = this.#options;
    return {
      query,
      ...(assistantId ? { assistantId } : {}),
      ...(appId ? { filters: { appId: [appId] } } : {}),
      paging: { size: Math.min(MAX_PAGE_SIZE, Math.max(MIN_PAGE_SIZE, limit)) },
    };
  }

  /**
   * `category` is not sent: our categories are the shipped corpus's, and Unleash's Intercom source
   * has none that match (the layered knowledge base sends category searches to the corpus).
   */
  async search(query: string, options: KnowledgeSearchOptions = {}): Promise<KnowledgeHit[]> {
    const limit = Math.max(1, options.limit ?? 3);
    await this.#admit();
    const body = await this.#post(this.requestFor(query, limit), options.signal);
    return this.#toHits(query, body, limit);
  }

  async #admit(): Promise<void> {
    const { limiter } = this.#options;
    if (!limiter) return;
    const admission = await limiter.take(LIMIT_KEY);
    if (!admission.allowed) {
      throw new UnleashError('limited', 'Unleash search held back by the client-side rate limit', {
        retryable: false,
        retryAfterMs: admission.retryAfterMs,
      });
    }
  }

  async #post(request: UnleashSearchRequest, callerSignal?: AbortSignal): Promise<unknown[]> {
    const timeout = AbortSignal.timeout(this.#options.timeoutMs);
    const signal = callerSignal ? AbortSignal.any([timeout, callerSignal]) : timeout;
    let response: Response;
    let body: string;
    try {
      response = await fetch(`${this.#options.baseUrl}/search`, {
        method: 'POST',
        headers: this.#headers,
        body: JSON.stringify(request),
        signal,
      });
      body = await response.text();
    } catch (error) {
      if (callerSignal?.aborted) {
        throw new UnleashError('aborted', 'Unleash search aborted by the caller', { retryable: false, cause: error });
      }
      if (timeout.aborted) {
        const message = `Unleash search gave no answer within ${this.#options.timeoutMs} ms`;
        throw new UnleashError('timeout', message, { retryable: true, cause: error });
      }
      const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : '';
      throw new UnleashError('network', `Unleash search could not connect (${reason})`, { retryable: true, cause: error });
    }
    if (!response.ok) {
      throw errorFromResponse(response.status, parseProblem(body), response.headers.get('retry-after'));
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      // Not retried: a 200 that is not JSON is a proxy page or a contract change, not a blip.
      throw new UnleashError('malformed', 'Unleash search answered 200 with a body that is not JSON', {
        retryable: false,
        status: 200,
      });
    }
    const results = (parsed as { results?: unknown } | null)?.results;
    if (!Array.isArray(results)) {
      throw new UnleashError('malformed', 'Unleash search answered 200 without a results list', {
        retryable: false,
        status: 200,
      });
    }
    return results;
  }

  #toHits(query: string, results: unknown[], limit: number): KnowledgeHit[] {
    const candidates = results.flatMap((raw) => {
      const parsed = resultSchema.safeParse(raw);
      const hit = parsed.success ? spokenHit(parsed.data) : undefined;
      return hit ? [hit] : [];
    });
    const { grounding, minRelevance = DEFAULT_GROUNDING_THRESHOLD } = this.#options;
    const relevance = grounding?.score(
      query,
      candidates.map(({ hit, snippet }) => ({ title: hit.title, summary: hit.answer, body: snippet })),
    );
    // Unleash's order is kept: its ranking is the better judge; grounding only says yes or no.
    return candidates
      .map(({ hit }, i) => ({
        ...hit,
        // Unleash gives no score; its rank does (1, 0.5, 0.33, ...), so higher still means better.
        score: Math.round(100 / (i + 1)) / 100,
        ...(relevance ? { relevance: relevance[i]! } : {}),
      }))
      .filter((hit) => hit.relevance === undefined || hit.relevance >= minRelevance)
      .slice(0, limit);
  }
}

/** A result as a hit Sarah can say, or undefined without a title, words to say, or an http(s) link. */
function spokenHit(result: UnleashResult): { hit: KnowledgeHit; snippet: string } | undefined {
  const resource = result.resource ?? {};
  const title = plainText(resource.title ?? result.title ?? resource.name ?? '');
  const url = (resource.url ?? result.url ?? '').trim();
  const snippet = result.snippet ?? '';
  const subtitle = resource.subtitle ?? result.subtitle ?? '';
  const spoken = spokenAnswer(snippet);
  const answer = spoken.answer || spokenAnswer(subtitle).answer;
  if (!title || !answer || !/^https?:\/\//i.test(url)) return undefined;
  return {
    hit: {
      id: String(resource.id ?? resource.externalId ?? url),
      title,
      category: resource.type ?? 'help-center',
      url,
      answer,
      ...(spoken.rest ? { detail: spoken.rest } : {}),
      score: 0,
    },
    snippet: plainText(`${snippet}\n${subtitle}`),
  };
}

/**
 * The production knowledge client from configuration, or undefined when UNLEASH_API_KEY is not set.
 * `articles` (the shipped corpus) is the grounding's background vocabulary; `redis` shares the
 * request limit across instances.
 */
export function createUnleashKnowledge(
  env: Pick<
    Env,
    | 'UNLEASH_API_KEY'
    | 'UNLEASH_BASE_URL'
    | 'UNLEASH_ACCOUNT'
    | 'UNLEASH_ASSISTANT_ID'
    | 'UNLEASH_APP_ID'
    | 'UNLEASH_TIMEOUT_MS'
    | 'UNLEASH_RATE_LIMIT_PER_MINUTE'
  >,
  deps: { articles: KnowledgeArticle[]; redis?: Redis },
): UnleashKnowledgeBase | undefined {
  if (!env.UNLEASH_API_KEY) return undefined;
  return new UnleashKnowledgeBase({
    baseUrl: env.UNLEASH_BASE_URL,
    apiKey: env.UNLEASH_API_KEY,
    account: env.UNLEASH_ACCOUNT,
    assistantId: env.UNLEASH_ASSISTANT_ID,
    appId: env.UNLEASH_APP_ID,
    timeoutMs: env.UNLEASH_TIMEOUT_MS,
    limiter: createRateLimiter(
      { name: 'unleash-search', points: env.UNLEASH_RATE_LIMIT_PER_MINUTE, windowSeconds: 60 },
      deps.redis,
    ),
    grounding: new Grounding(deps.articles),
  });
}
