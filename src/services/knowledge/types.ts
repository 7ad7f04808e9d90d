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
  score: number;
}

export interface KnowledgeSearchOptions {
  limit?: number;
  category?: string;
}

export interface KnowledgeBase {
  search(query: string, options?: KnowledgeSearchOptions): Promise<KnowledgeHit[]>;
}
