import { DEFAULT_TUNING, RelevanceScorer, type RelevanceTuning } from './relevance.js';
import type { KnowledgeArticle } from './types.js';

/** What an outside search returned for one result, as plain text. */
export interface GroundingCandidate {
  title: string;
  /** The part that would be spoken. */
  summary: string;
  /** Everything else known about the result (the full snippet, a subtitle). */
  body: string;
}

/**
 * Relevance threshold for Unleash results. Calibrated on the question tables of
 * test/unit/knowledge-relevance.test.ts: each answerable question was given its right article as an
 * Unleash-like snippet (the paragraph that best matches the question, cut at 320 characters), each
 * unanswerable one its three nearest articles. At 0.35, 82% of the answerable questions keep their
 * article and 91% of the unanswerable get nothing (at 0.5: 73% and 96%). Snippets carry less text
 * than whole articles, hence a lower bar than the embedded 0.5.
 */
export const DEFAULT_GROUNDING_THRESHOLD = 0.35;

/**
 * Relevance in [0, 1] of results from an outside search (Unleash), on the same scale as the
 * embedded knowledge base.
 *
 * Why: a semantic search always returns its nearest documents, even for "will it rain in London";
 * the tools must get nothing rather than a loosely related article. The results are scored with
 * the shipped corpus's RelevanceScorer, the corpus serving as background vocabulary: it says which
 * words are rare (and so telling) in PandaDoc help content. The scorer is rebuilt per search (about
 * 5 ms for the 55 shipped articles): small next to the network call, and never on the cached path.
 */
export class Grounding {
  constructor(
    private readonly corpus: KnowledgeArticle[],
    private readonly tuning: RelevanceTuning = DEFAULT_TUNING,
  ) {}

  score(query: string, candidates: GroundingCandidate[]): number[] {
    if (candidates.length === 0) return [];
    const asArticles: KnowledgeArticle[] = candidates.map((c, i) => ({
      id: `\u0000candidate:${i}`,
      title: c.title,
      category: '',
      url: '',
      // Not the engine's highlighted terms: they include words like "what" or "your", and as
      // keywords they would make any result look on topic (measured: refusals fell from 91% to 68%).
      keywords: [],
      summary: c.summary,
      body: [c.summary, c.body].filter(Boolean).join('\n\n'),
    }));
    const scores = new RelevanceScorer([...this.corpus, ...asArticles], this.tuning).score(query);
    return asArticles.map((a) => Math.round((scores.get(a.id) ?? 0) * 1000) / 1000);
  }
}
