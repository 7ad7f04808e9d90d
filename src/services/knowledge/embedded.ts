import MiniSearch from 'minisearch';
import { DEFAULT_TUNING, RelevanceScorer, type RelevanceTuning } from './relevance.js';
import type { KnowledgeArticle, KnowledgeBase, KnowledgeHit, KnowledgeSearchOptions } from './types.js';

// Words that carry no meaning for search; dropping them keeps "how do I ..." questions on topic.
const STOP_WORDS = new Set(
  'a an and are can do does for from how i in is it me my of on or our please so that the there this to we what when where which who why will with you your hi hello hey'.split(
    ' ',
  ),
);

export interface EmbeddedKnowledgeOptions {
  /**
   * Minimum relevance in [0, 1] (see relevance.ts) for an article to count as an answer.
   * Below it, search returns nothing rather than a loosely related article.
   */
  minRelevance?: number;
  tuning?: RelevanceTuning;
}

/** Default relevance threshold, chosen on the question tables in test/unit/knowledge-relevance.test.ts. */
export const DEFAULT_MIN_RELEVANCE = 0.5;
const BM25_NUDGE = 0.1;

/**
 * The shipped corpus, indexed in memory. Grounded: an article is returned only when it covers the
 * question well enough (RelevanceScorer); minisearch's BM25 score (fuzzy, prefix, field boosts) only
 * breaks ties between equally relevant articles.
 */
export class EmbeddedKnowledgeBase implements KnowledgeBase {
  readonly #index: MiniSearch<KnowledgeArticle>;
  readonly #byId: Map<string, KnowledgeArticle>;
  readonly #relevance: RelevanceScorer;
  readonly #minRelevance: number;

  constructor(articles: KnowledgeArticle[], options: EmbeddedKnowledgeOptions = {}) {
    this.#minRelevance = options.minRelevance ?? DEFAULT_MIN_RELEVANCE;
    this.#relevance = new RelevanceScorer(articles, options.tuning ?? DEFAULT_TUNING);
    this.#byId = new Map(articles.map((a) => [a.id, a]));
    this.#index = new MiniSearch<KnowledgeArticle>({
      fields: ['title', 'keywordText', 'summary', 'body'],
      storeFields: ['id'],
      extractField: (doc, field) =>
        field === 'keywordText' ? doc.keywords.join(' ') : ((doc as unknown as Record<string, string>)[field] ?? ''),
      processTerm: (term) => {
        const t = term.toLowerCase();
        return STOP_WORDS.has(t) ? null : singular(t);
      },
      searchOptions: { boost: { title: 3, keywordText: 2.5, summary: 1.5 }, fuzzy: 0.2, prefix: true, combineWith: 'OR' },
    });
    this.#index.addAll(articles);
  }

  get size(): number {
    return this.#byId.size;
  }

  async search(query: string, options: KnowledgeSearchOptions = {}): Promise<KnowledgeHit[]> {
    const { limit = 3, category } = options;
    const bm25 = new Map(this.#index.search(query).map((r) => [r.id as string, r.score]));
    const hits: KnowledgeHit[] = [];
    for (const [id, relevance] of this.#relevance.score(query)) {
      const article = this.#byId.get(id)!;
      if (relevance < this.#minRelevance || (category && article.category !== category)) continue;
      hits.push({
        id: article.id,
        title: article.title,
        category: article.category,
        url: article.url,
        answer: article.summary,
        detail: firstParagraphs(article.body, 40),
        score: Math.round((bm25.get(id) ?? 0) * 100) / 100,
        relevance: Math.round(relevance * 1000) / 1000,
      });
    }
    // Relevance decides; the text-match score, scaled to this search, nudges near-ties apart.
    const top = Math.max(1e-9, ...hits.map((h) => h.score));
    const key = (h: KnowledgeHit) => h.relevance! + BM25_NUDGE * (h.score / top);
    return hits.sort((a, b) => key(b) - key(a) || b.score - a.score).slice(0, limit);
  }
}

/**
 * A light plural folding ("templates" finds "template") applied to the index and to queries alike.
 * A full stemmer would also merge words we want apart (sign / signing / signature).
 */
function singular(term: string): string {
  if (term.length > 4 && term.endsWith('ies')) return `${term.slice(0, -3)}y`;
  if (term.length > 3 && term.endsWith('s') && !/(ss|us|is)$/.test(term)) return term.slice(0, -1);
  return term;
}

/**
 * The article's next part after its summary, for "tell me more": whole sentences and list items,
 * as plain speakable text, up to about `words` words.
 */
function firstParagraphs(body: string, words: number): string | undefined {
  const paragraphs = body.split(/\n\s*\n/).slice(1);
  const pieces: string[] = [];
  for (const paragraph of paragraphs) {
    if (/^_.*_$/.test(paragraph.trim())) continue;
    for (const raw of paragraph.split(/\n|(?<=[.!?])\s+/)) {
      const piece = raw
        .replace(/[*#_`>]/g, '')
        .replace(/^\s*(?:-|\d+\.)\s*/, '')
        .trim();
      if (piece && !/:$/.test(piece)) pieces.push(/[.!?]$/.test(piece) ? piece : `${piece}.`);
    }
  }
  let out = '';
  for (const piece of pieces) {
    const next = `${out} ${piece}`.trim();
    if (out && next.split(' ').length > words) break;
    out = next;
  }
  return out || undefined;
}
