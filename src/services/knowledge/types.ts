export interface KnowledgeArticle {
  id: string;
  title: string;
  category: string;
  url: string;
  keywords: string[];
  /** The first paragraph: a one- or two-sentence answer written to be spoken. */
  summary: string;
  body: string;
}

export interface KnowledgeHit {
  id: string;
  title: string;
  category: string;
  url: string;
  answer: string;
  /** The next part of the article, for "tell me more". */
  detail?: string;
  /** Raw text-match score (BM25); only meaningful for ordering within one search. */
  score: number;
  /** How well the article answers the question, in [0, 1]; hits below the knowledge base's threshold are not returned. */
  relevance?: number;
}

export interface KnowledgeSearchOptions {
  limit?: number;
  category?: string;
  /** Lets a caller's deadline (the resilience guard) cancel a search that goes over the network. */
  signal?: AbortSignal;
}

export interface KnowledgeBase {
  search(query: string, options?: KnowledgeSearchOptions): Promise<KnowledgeHit[]>;
}
