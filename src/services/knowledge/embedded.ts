import MiniSearch from 'minisearch';
import type { KnowledgeArticle, KnowledgeBase, KnowledgeHit, KnowledgeSearchOptions } from './types.js';

// Words that carry no meaning for search; dropping them keeps "how do I ..." questions on topic.
const STOP_WORDS = new Set(
  'a an and are can do does for from how i in is it me my of on or our please so that the there this to we what when where which who why will with you your hi hello hey'.split(
    ' ',
  ),
);

/** The shipped corpus, indexed in memory with minisearch (fuzzy, prefix, field boosts). */
export class EmbeddedKnowledgeBase implements KnowledgeBase {
  readonly #index: MiniSearch<KnowledgeArticle>;
  readonly #byId: Map<string, KnowledgeArticle>;

  constructor(
    articles: KnowledgeArticle[],
    private readonly minScore = 2,
  ) {
    this.#byId = new Map(articles.map((a) => [a.id, a]));
    this.#index = new MiniSearch<KnowledgeArticle>({
      fields: ['title', 'keywordText', 'summary', 'body'],
      storeFields: ['id'],
      extractField: (doc, field) =>
        field === 'keywordText' ? doc.keywords.join(' ') : (doc as unknown as Record<string, string>)[field] ?? '',
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
    const results = this.#index.search(query, {
      filter: category ? (r) => this.#byId.get(r.id as string)?.category === category : undefined,
    });
    return results
      .filter((r) => r.score >= this.minScore)
      .slice(0, limit)
      .map((r) => {
        const article = this.#byId.get(r.id as string)!;
        return {
          id: article.id,
          title: article.title,
          category: article.category,
          url: article.url,
          answer: article.summary,
          score: Math.round(r.score * 100) / 100,
        };
      });
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
