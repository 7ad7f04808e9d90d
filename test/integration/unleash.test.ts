import net from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadCorpus } from '../../src/services/knowledge/corpus.js';
import { EmbeddedKnowledgeBase } from '../../src/services/knowledge/embedded.js';
import { DEFAULT_GROUNDING_THRESHOLD, Grounding } from '../../src/services/knowledge/grounding.js';
import {
  KnowledgeUnavailableError,
  createKnowledgeCache,
  layeredKnowledge,
  normaliseQuery,
} from '../../src/services/knowledge/layered.js';
import type { KnowledgeArticle, KnowledgeBase } from '../../src/services/knowledge/types.js';
import {
  UnleashKnowledgeBase,
  createUnleashKnowledge,
  type UnleashClientOptions,
} from '../../src/services/knowledge/unleash.js';
import { UnleashError } from '../../src/services/knowledge/unleash_errors.js';
import { createRateLimiter } from '../../src/services/shared/rate_limiter.js';
import { connectRedis, redisReady } from '../../src/services/shared/redis.js';
import { FAKE_UNLEASH_KEY, startFakeUnleash, type FakeUnleash } from '../fakes/unleash.js';

// The Redis that CI starts at 127.0.0.1:6379; a second client plays a second instance.
const REDIS = 'redis://127.0.0.1:6379';
const logger = pino({ level: 'silent' });
const redisClients = [connectRedis(REDIS, logger), connectRedis(REDIS, logger)] as const;
const unique = () => `test-${process.pid}-${Math.random().toString(36).slice(2)}`;

let fake: FakeUnleash;
let articles: KnowledgeArticle[];
let grounding: Grounding;

beforeAll(async () => {
  for (const client of redisClients) expect(await redisReady(client)).toBe(true);
  articles = await loadCorpus(path.resolve(import.meta.dirname, '../../knowledge'));
  grounding = new Grounding(articles);
  fake = await startFakeUnleash();
});
afterAll(async () => {
  await fake.close();
  redisClients.forEach((c) => c.disconnect());
});
beforeEach(() => {
  fake.setMode('normal');
  fake.requests.length = 0;
});

const client = (options: Partial<UnleashClientOptions> = {}) =>
  new UnleashKnowledgeBase({
    baseUrl: fake.url,
    apiKey: FAKE_UNLEASH_KEY,
    timeoutMs: 500,
    grounding,
    ...options,
  });

/** The UnleashError a search fails with (the test fails if it does not). */
async function failure(search: Promise<unknown>): Promise<UnleashError> {
  const error = await search.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnleashError);
  return error as UnleashError;
}

const PRICING = 'How do I add a pricing table to my template?';

describe('Unleash search request', () => {
  it('sends the key, the account, the assistant, the Intercom source and a page size', async () => {
    const unleash = client({ account: 'sarah-bot@pandadoc.com', assistantId: 'asst-42', appId: 'intercom' });
    await unleash.search(PRICING, { limit: 2 });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/search');
    expect(request!.headers.authorization).toBe(`Bearer ${FAKE_UNLEASH_KEY}`);
    expect(request!.headers['unleash-account']).toBe('sarah-bot@pandadoc.com');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.body).toEqual({
      query: PRICING,
      assistantId: 'asst-42',
      filters: { appId: ['intercom'] },
      paging: { size: 5 },
    });
  });

  it('leaves out what is not configured, and asks for more results when the caller wants more', async () => {
    await client().search(PRICING, { limit: 8 });
    const [request] = fake.requests;
    expect(request!.headers['unleash-account']).toBeUndefined();
    expect(request!.body).toEqual({ query: PRICING, paging: { size: 8 } });
  });
});

describe('Unleash results shaped for speech', () => {
  it('answers in one or two plain sentences, with the title and link kept', async () => {
    const [hit, ...rest] = await client({ appId: 'intercom' }).search(PRICING, { limit: 3 });
    expect(hit).toMatchObject({
      id: 'ic-101',
      title: 'Add a pricing table to a template',
      url: 'https://support.pandadoc.com/en/articles/101-pricing-tables',
      category: 'article',
    });
    expect(hit!.answer).toBe(
      'Open your template, drag the Pricing table block from the right panel, and add your products. ' +
        'Each row can have its own quantity, discount and tax.',
    );
    expect(hit!.answer).not.toMatch(/[<>*#]/);
    expect(hit!.relevance).toBeGreaterThanOrEqual(DEFAULT_GROUNDING_THRESHOLD);
    // The Notion page is outside the Intercom source; the other help articles do not answer this.
    expect(rest.map((h) => h.id)).not.toContain('nt-201');
  });

  it('keeps Unleash results to the asked limit and in Unleash order', async () => {
    const hits = await client().search('pricing table', { limit: 1 });
    expect(hits.map((h) => h.id)).toEqual(['ic-101']);
    expect(hits[0]!.score).toBe(1);
  });

  it('returns nothing for a question no result answers, though Unleash returned its nearest documents', async () => {
    expect(await client().search('will it rain in London this weekend')).toEqual([]);
    const [request] = fake.requests;
    expect(request).toBeDefined();
  });

  it('without grounding, every well-formed result counts', async () => {
    const hits = await client({ grounding: undefined }).search('will it rain in London this weekend');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.relevance).toBeUndefined();
  });
});

describe('Unleash errors, classified for the guard', () => {
  it.each([
    ['unauthorized', 401],
    ['forbidden', 403],
  ] as const)('%s: an auth failure with the problem body, not retryable', async (mode, status) => {
    fake.setMode(mode);
    const error = await failure(client().search(PRICING));
    expect(error).toMatchObject({ failure: 'auth', status, retryable: false });
    expect(error.problem).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
    expect(error.message).not.toContain(FAKE_UNLEASH_KEY);
  });

  it('a wrong key is an auth failure too', async () => {
    const error = await failure(client({ apiKey: 'wrong' }).search(PRICING));
    expect(error).toMatchObject({ failure: 'auth', status: 401, retryable: false });
  });

  it('429: retryable, with Retry-After in milliseconds', async () => {
    fake.setMode('rate_limited');
    fake.retryAfterSeconds = 7;
    const error = await failure(client().search(PRICING));
    expect(error).toMatchObject({
      failure: 'rate_limited',
      status: 429,
      retryable: true,
      retryAfterMs: 7000,
    });
  });

  it('5xx: retryable', async () => {
    fake.setMode('server_error');
    fake.errorStatus = 502;
    const error = await failure(client().search(PRICING));
    expect(error).toMatchObject({ failure: 'server', status: 502, retryable: true });
    fake.errorStatus = 503;
  });

  it('slow: a retryable timeout at the per-request budget', async () => {
    fake.setMode('slow');
    fake.slowMs = 2000;
    const started = performance.now();
    const error = await failure(client({ timeoutMs: 200 }).search(PRICING));
    const took = performance.now() - started;
    expect(error).toMatchObject({ failure: 'timeout', retryable: true });
    expect(took).toBeGreaterThanOrEqual(190);
    expect(took).toBeLessThan(600);
  });

  it("the caller's own deadline aborts the search, and that is not retried", async () => {
    fake.setMode('slow');
    const error = await failure(
      client({ timeoutMs: 5000 }).search(PRICING, { signal: AbortSignal.timeout(100) }),
    );
    expect(error).toMatchObject({ failure: 'aborted', retryable: false });
  });

  it('malformed JSON: not retryable', async () => {
    fake.setMode('malformed');
    const error = await failure(client().search(PRICING));
    expect(error).toMatchObject({ failure: 'malformed', status: 200, retryable: false });
  });

  it('a wrong path (the wrong host, in production) is a 404 that says which variable to check', async () => {
    const error = await failure(client({ baseUrl: `${fake.url}/api` }).search(PRICING));
    expect(error).toMatchObject({ failure: 'not_found', status: 404, retryable: false });
    expect(error.message).toContain('UNLEASH_BASE_URL');
  });

  it('nothing listening: a retryable network failure', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const error = await failure(client({ baseUrl: `http://127.0.0.1:${port}` }).search(PRICING));
    expect(error).toMatchObject({ failure: 'network', retryable: true });
  });

  it('flapping: every other call fails', async () => {
    fake.setMode('flapping');
    const unleash = client();
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await unleash.search(PRICING).then(
          () => 'ok',
          (e: UnleashError) => e.failure,
        ),
      );
    }
    expect(outcomes).toEqual(['server', 'ok', 'server', 'ok']);
  });
});

describe('client-side rate limit', () => {
  it('is one budget for every instance through Redis; a refused search is "limited" and sends nothing', async () => {
    const name = unique();
    const [a, b] = redisClients.map((redis) =>
      client({ limiter: createRateLimiter({ name, points: 3, windowSeconds: 60 }, redis) }),
    );
    await a!.search(PRICING);
    await b!.search(PRICING);
    await a!.search(PRICING);
    const error = await failure(b!.search(PRICING));
    expect(error).toMatchObject({ failure: 'limited', retryable: false });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(fake.requests).toHaveLength(3);
  });

  it('counts in process without Redis', async () => {
    const unleash = client({ limiter: createRateLimiter({ name: unique(), points: 2, windowSeconds: 60 }) });
    await unleash.search(PRICING);
    await unleash.search(PRICING);
    expect(await failure(unleash.search(PRICING))).toMatchObject({ failure: 'limited', retryable: false });
    expect(fake.requests).toHaveLength(2);
  });
});

describe('layered knowledge: cache, Unleash, corpus', () => {
  let corpus: EmbeddedKnowledgeBase;
  beforeAll(() => {
    corpus = new EmbeddedKnowledgeBase(articles);
  });
  const layered = (
    options: { ttlSeconds?: number; redis?: (typeof redisClients)[number]; name?: string } = {},
  ) =>
    layeredKnowledge({
      cache: createKnowledgeCache({
        ttlSeconds: options.ttlSeconds ?? 300,
        redis: options.redis,
        name: options.name ?? unique(),
      }),
      primary: client({ appId: 'intercom' }),
      fallback: corpus,
    });

  it('normalises questions for the cache key', () => {
    expect(normaliseQuery('  How do I add a PRICING table?? ')).toBe('how do i add a pricing table');
    expect(normaliseQuery('Wie füge ich… eine Tabelle hinzu!')).toBe('wie fuge ich eine tabelle hinzu');
  });

  it('answers a normalised repeat from the cache, without a second request', async () => {
    const knowledge = layered();
    const first = await knowledge.search(PRICING, { limit: 2 });
    const again = await knowledge.search('how do i add a PRICING table to my template', { limit: 1 });
    expect(fake.requests).toHaveLength(1);
    expect(again).toEqual(first.slice(0, 1));
    expect(again[0]!.id).toBe('ic-101');
  });

  it('shares cached answers between instances through Redis', async () => {
    const name = unique();
    const [a, b] = redisClients.map((redis) => layered({ redis, name }));
    const first = await a!.search(PRICING);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the cache write is not awaited
    expect(await b!.search(PRICING)).toEqual(first);
    expect(fake.requests).toHaveLength(1);
  });

  it('Unleash down: the cached answer, then the shipped corpus; failures are never cached', async () => {
    // ttl 0: every search asks Unleash first, so only a failure reaches a (stale) cached answer.
    const knowledge = layered({ ttlSeconds: 0 });
    const fromUnleash = await knowledge.search(PRICING);
    expect(fromUnleash[0]!.id).toBe('ic-101');

    fake.setMode('server_error');
    expect(await knowledge.search(PRICING)).toEqual(fromUnleash);
    const fromCorpus = await knowledge.search('can I connect it to salesforce opportunities');
    expect(fromCorpus[0]!.id).toBe('salesforce-integration');
    expect(fake.requests).toHaveLength(3);

    // Back up: the question the corpus answered goes to Unleash again (neither failure nor corpus answer was cached).
    fake.setMode('normal');
    const after = await knowledge.search('can I connect it to salesforce opportunities');
    expect(fake.requests).toHaveLength(4);
    // Unleash's sample documents have nothing on Salesforce, so the shipped corpus still answers.
    expect(after[0]!.id).toBe('salesforce-integration');
  });

  it('answers from the corpus when Unleash has nothing relevant', async () => {
    const knowledge = layered({ ttlSeconds: 300 });
    const before = fake.requests.length;
    const hits = await knowledge.search('can I connect it to salesforce opportunities');
    expect(fake.requests.length).toBe(before + 1);
    expect(hits[0]!.id).toBe('salesforce-integration');
    // And an Unleash answer, when there is one, wins.
    expect((await knowledge.search(PRICING))[0]!.id).toBe('ic-101');
  });

  it('throws only when Unleash and the corpus both fail', async () => {
    fake.setMode('server_error');
    const broken: KnowledgeBase = {
      search: () => Promise.reject(new Error('corpus unreadable')),
    };
    const knowledge = layeredKnowledge({
      cache: createKnowledgeCache({ ttlSeconds: 300, name: unique() }),
      primary: client(),
      fallback: broken,
    });
    const error = await knowledge.search(PRICING).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeUnavailableError);
    expect((error as KnowledgeUnavailableError).primaryFailure).toBeInstanceOf(UnleashError);
  });

  it('a limited or slow Unleash falls to the corpus too', async () => {
    const knowledge = layeredKnowledge({
      cache: createKnowledgeCache({ ttlSeconds: 300, name: unique() }),
      primary: client({ limiter: createRateLimiter({ name: unique(), points: 1, windowSeconds: 60 }) }),
      fallback: corpus,
    });
    await knowledge.search('how do templates work?');
    const limited = await knowledge.search('do you support SSO with okta');
    expect(limited[0]!.id).toBe('sso-saml');
    expect(fake.requests).toHaveLength(1);

    fake.setMode('slow');
    const slow = layeredKnowledge({
      cache: createKnowledgeCache({ ttlSeconds: 300, name: unique() }),
      primary: client({ timeoutMs: 150 }),
      fallback: corpus,
    });
    const question = 'is there an api I can use to create documents from our app';
    expect(await slow.search(question)).toEqual(await corpus.search(question));
  });

  it('category searches (competitor comparisons) read the corpus only', async () => {
    const hits = await layered().search('docusign', { limit: 1, category: 'Competitors' });
    expect(hits[0]!.id).toBe('pandadoc-vs-docusign');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('configuration', () => {
  const env = (extra: Record<string, string>) => loadConfig({ ...extra });
  const knowledgePart = (extra: Record<string, string>) =>
    env(extra).parts.find((p) => p.part === 'knowledge')!;

  it('is embedded without a key and production with one, naming the fallback', () => {
    expect(knowledgePart({}).mode).toBe('embedded');
    const part = knowledgePart({ UNLEASH_API_KEY: 'k' });
    expect(part.mode).toBe('production');
    expect(part.detail).toContain('e-api.unleash.so');
    expect(part.detail).not.toContain('WARNING');
    expect(part.detail).not.toContain('k,');
  });

  it('says so when the host will answer 404', () => {
    expect(
      knowledgePart({ UNLEASH_API_KEY: 'k', UNLEASH_BASE_URL: 'https://app.unleash.so' }).detail,
    ).toMatch(/WARNING: UNLEASH_BASE_URL host app\.unleash\.so does not start with "e-api\."/);
    expect(
      knowledgePart({ UNLEASH_API_KEY: 'k', UNLEASH_BASE_URL: 'https://app.acme.unleash.so/e-api/' }).detail,
    ).not.toContain('WARNING');
  });

  it('has the documented defaults, and builds no client without a key', () => {
    const { env: values } = env({});
    expect(values).toMatchObject({
      UNLEASH_BASE_URL: 'https://e-api.unleash.so',
      UNLEASH_CACHE_TTL_S: 300,
      UNLEASH_RATE_LIMIT_PER_MINUTE: 100,
      UNLEASH_TIMEOUT_MS: 1000,
    });
    expect(createUnleashKnowledge(values, { articles })).toBeUndefined();
    expect(createUnleashKnowledge({ ...values, UNLEASH_API_KEY: 'k' }, { articles })).toBeInstanceOf(
      UnleashKnowledgeBase,
    );
  });
});

afterEach(() => {
  fake.retryAfterSeconds = 2;
  fake.slowMs = 5000;
});
