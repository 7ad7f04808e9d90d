import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KnowledgeArticle } from '../../src/services/knowledge/types.js';

/**
 * A local stand-in for Unleash's platform search API, as documented (api.unleash.wiki and the
 * official JS SDK, github.com/unleash-tech/platform-js-sdk):
 *
 *   POST /search   Authorization: Bearer <key>   [unleash-account]
 *   { query, assistantId?, filters?: { appId?: string[] }, paging?: { size?, nextToken? } }
 *   200 { requestId, totalResults, results: [{ resource: { id, appId, type, externalId, name, title,
 *         subtitle, url, data }, snippet, highlights }], paging: { token } }
 *   errors: RFC 7807 problem+json { type, title, status, detail, reason, requestId }
 *
 * Like a semantic search it always returns its nearest documents, related or not: documents sharing
 * words with the query first, then the others. Snippets are the best-matching paragraph of the
 * document's HTML, cut at 300 characters with "...", as a search engine's are.
 *
 * Modes: 'normal' (after `latencyMs` ± `jitterMs`), 'unauthorized' (401), 'forbidden' (403),
 * 'rate_limited' (429 with Retry-After: `retryAfterSeconds`), 'server_error' (`errorStatus`, 503 by
 * default), 'slow' (answers after `slowMs`), 'malformed' (200 with a cut-off JSON body), 'flapping'
 * (the 1st, 3rd, 5th... request after the mode is set gets a 503, the others a normal answer).
 * A wrong or missing key always gets 401, any other path 404, a body without a query 400.
 */
export type FakeUnleashMode =
  | 'normal'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'server_error'
  | 'slow'
  | 'malformed'
  | 'flapping';

export const FAKE_UNLEASH_KEY = 'unleash-test-key';

export interface FakeUnleashDocument {
  id: string;
  appId: string;
  type: string;
  title: string;
  url: string;
  subtitle?: string;
  /** The article as the help centre stores it: HTML paragraphs. */
  html: string;
}

export interface RecordedUnleashRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
}

export interface FakeUnleash {
  /** Base URL for UNLEASH_BASE_URL (http://127.0.0.1:port). */
  url: string;
  readonly mode: FakeUnleashMode;
  setMode(mode: FakeUnleashMode): void;
  latencyMs: number;
  jitterMs: number;
  slowMs: number;
  retryAfterSeconds: number;
  errorStatus: number;
  documents: FakeUnleashDocument[];
  requests: RecordedUnleashRequest[];
  close(): Promise<void>;
}

export const SAMPLE_DOCUMENTS: FakeUnleashDocument[] = [
  {
    id: 'ic-101',
    appId: 'intercom',
    type: 'article',
    title: 'Add a pricing table to a template',
    url: 'https://support.pandadoc.com/en/articles/101-pricing-tables',
    subtitle: 'Quotes and pricing',
    html:
      '<p>Open your template, drag the <strong>Pricing table</strong> block from the right panel, and add your products. ' +
      'Each row can have its own quantity, discount and tax.</p>' +
      '<p>Optional items let the client choose add-ons. Totals update as they pick.</p>',
  },
  {
    id: 'ic-102',
    appId: 'intercom',
    type: 'article',
    title: 'Send a document for signature',
    url: 'https://support.pandadoc.com/en/articles/102-send-for-signature',
    html:
      '<p>Add a <em>signature field</em> for each signer, then click <b>Send</b> and enter their emails. ' +
      'Each signer gets a link by email and can sign from any device.</p>' +
      '<ul><li>Set a signing order if one person must sign first</li><li>Add a message to the email</li></ul>',
  },
  {
    id: 'ic-103',
    appId: 'intercom',
    type: 'article',
    title: 'Connect HubSpot',
    url: 'https://support.pandadoc.com/en/articles/103-hubspot',
    html:
      '<p>Go to Settings &gt; Integrations, choose HubSpot and sign in. Deal and contact fields then fill your ' +
      'documents automatically, and document status shows on the deal.</p>',
  },
  {
    id: 'nt-201',
    appId: 'notion',
    type: 'page',
    title: 'Internal: pricing table roadmap',
    url: 'https://notion.so/pandadoc/pricing-roadmap',
    html: '<p>Internal notes on pricing table work planned for next quarter.</p>',
  },
];

const STOP = new Set(
  'the and for you your can how what does with from that this are our who why when where'.split(' '),
);
const terms = (text: string) =>
  [...new Set(text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? [])].filter((t) => !STOP.has(t));
const stripTags = (html: string) =>
  html
    .replace(/<\/(p|li)>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .trim();

function snippetFor(doc: FakeUnleashDocument, queryTerms: string[]): string {
  // Paragraphs keep their inline HTML, as search engines' snippets often do.
  const paragraphs = doc.html.split(/<\/p>|<\/ul>/).filter((p) => stripTags(p));
  const score = (p: string) => queryTerms.filter((t) => stripTags(p).toLowerCase().includes(t)).length;
  const best = [...paragraphs].sort((a, b) => score(b) - score(a))[0] ?? '';
  const text = best.replace(/<\/?(p|ul)>/g, '').trim();
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}

function search(documents: FakeUnleashDocument[], body: Record<string, unknown>) {
  const query = String(body.query ?? '');
  const filters = (body.filters ?? {}) as { appId?: string[] };
  const paging = (body.paging ?? {}) as { size?: number };
  const size = Math.min(50, Math.max(1, Number(paging.size) || 10));
  const queryTerms = terms(query);
  const ranked = documents
    .filter((d) => !filters.appId?.length || filters.appId.includes(d.appId))
    .map((doc) => {
      const title = doc.title.toLowerCase();
      const text = stripTags(doc.html).toLowerCase();
      const matched = queryTerms.filter((t) => title.includes(t) || text.includes(t));
      return { doc, matched, score: queryTerms.filter((t) => title.includes(t)).length * 2 + matched.length };
    })
    .sort((a, b) => b.score - a.score);
  const page = ranked.slice(0, size);
  return {
    requestId: randomUUID(),
    totalResults: ranked.length,
    results: page.map(({ doc, matched }) => ({
      resource: {
        id: doc.id,
        appId: doc.appId,
        type: doc.type,
        externalId: doc.id,
        name: doc.title,
        title: doc.title,
        subtitle: doc.subtitle ?? '',
        url: doc.url,
        data: {},
      },
      snippet: snippetFor(doc, queryTerms),
      highlights: matched,
    })),
    paging: { token: ranked.length > size ? Buffer.from(String(size)).toString('base64') : '' },
  };
}

function problem(
  res: ServerResponse,
  status: number,
  title: string,
  detail: string,
  extra: Record<string, string> = {},
) {
  const requestId = randomUUID();
  res.writeHead(status, { 'content-type': 'application/problem+json', 'request-id': requestId, ...extra });
  res.end(
    JSON.stringify({
      type: `https://httpstatuses.io/${status}`,
      title,
      status,
      detail,
      reason: title,
      requestId,
    }),
  );
}

/** The shipped corpus as help-centre articles (HTML paragraphs), so searches find realistic content. */
export function documentsFromCorpus(articles: KnowledgeArticle[], appId = 'intercom'): FakeUnleashDocument[] {
  return articles.map((a) => ({
    id: `ic-${a.id}`,
    appId,
    type: 'article',
    title: a.title,
    url: a.url,
    html: a.body
      .split(/\n\s*\n/)
      .filter((p) => p.trim() && !p.startsWith('#'))
      .map((p) => `<p>${p.trim()}</p>`)
      .join(''),
  }));
}

export async function startFakeUnleash(
  options: { apiKey?: string; documents?: FakeUnleashDocument[]; port?: number } = {},
) {
  const apiKey = options.apiKey ?? FAKE_UNLEASH_KEY;
  let mode: FakeUnleashMode = 'normal';
  let callsInMode = 0;
  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number, aborted: () => boolean) =>
    new Promise<boolean>((resolve) => {
      if (ms <= 0) return resolve(!aborted());
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve(!aborted());
      }, ms);
      timers.add(timer);
    });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void answer(Buffer.concat(chunks).toString('utf8')));
    let gone = false;
    res.on('close', () => (gone = true));

    async function answer(raw: string) {
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // recorded as text
      }
      const path = (req.url ?? '/').split('?')[0]!;
      fake.requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        return problem(res, 401, 'Unauthorized', 'The API key is missing or invalid');
      }
      if (req.method !== 'POST' || path !== '/search')
        return problem(res, 404, 'Not Found', `No route ${path}`);
      const current = mode;
      callsInMode++;
      if (current === 'unauthorized') return problem(res, 401, 'Unauthorized', 'The API key was revoked');
      if (current === 'forbidden') {
        return problem(res, 403, 'Forbidden', 'The API key has no access to this assistant');
      }
      if (current === 'rate_limited') {
        return problem(res, 429, 'Too Many Requests', 'Rate limit exceeded', {
          'retry-after': String(fake.retryAfterSeconds),
        });
      }
      if (current === 'server_error' || (current === 'flapping' && callsInMode % 2 === 1)) {
        return problem(
          res,
          current === 'flapping' ? 503 : fake.errorStatus,
          'Service Unavailable',
          'Try again later',
        );
      }
      if (!body || typeof body !== 'object' || typeof (body as { query?: unknown }).query !== 'string') {
        return problem(res, 400, 'Bad Request', 'query is required');
      }
      const delay =
        current === 'slow' ? fake.slowMs : fake.latencyMs + (Math.random() * 2 - 1) * fake.jitterMs;
      if (!(await wait(Math.max(0, delay), () => gone))) return;
      if (current === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"requestId":"x","totalResults":3,"results":[{"resource":{"id":');
      }
      const answerBody = search(fake.documents, body as Record<string, unknown>);
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': answerBody.requestId });
      res.end(JSON.stringify(answerBody));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeUnleash = {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return mode;
    },
    setMode(next) {
      mode = next;
      callsInMode = 0;
    },
    latencyMs: 0,
    jitterMs: 0,
    slowMs: 5000,
    retryAfterSeconds: 2,
    errorStatus: 503,
    documents: options.documents ?? SAMPLE_DOCUMENTS,
    requests: [],
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return fake;
}
