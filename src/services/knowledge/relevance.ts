import type { KnowledgeArticle } from './types.js';

/**
 * Decides whether an article really answers a question, as a score in [0, 1].
 *
 * The idea: a question is answered when its content words are covered by the article, with rare words
 * (by IDF over the corpus) counting more than words every article uses. Words that no article contains
 * at all ("notary", "weather") are kept as uncovered evidence, so they pull the score down instead of
 * being silently ignored. Typos are corrected only for words that are unknown to the corpus, and such
 * corrected matches earn less credit than exact ones.
 *
 *   relevance = coverage × confidence
 *   coverage   = Σ weight·match / Σ weight          (how much of the question the article covers)
 *   confidence = min(1, Σ weight·match / evidence)   (enough distinctive words actually matched)
 */

export interface RelevanceTuning {
  /** Weight of a word found in no article (treated as rarer than any corpus word). */
  unknownWeight: number;
  /** Credit for a match found only through typo correction or a word prefix. */
  fuzzyCredit: number;
  /** Credit for a longer word of the same family ("approve" finding "approval"). */
  familyCredit: number;
  /** Share of weight kept by words in context clauses ("we're a small agency, ..."). */
  contextShare: number;
  /** Matched weight at which confidence reaches 1. */
  evidence: number;
}

export const DEFAULT_TUNING: RelevanceTuning = {
  unknownWeight: 4,
  fuzzyCredit: 0.75,
  familyCredit: 0.85,
  contextShare: 0.35,
  evidence: 3,
};

// How strongly a word in each part of an article says "this article is about it".
const FIELD_STRENGTH = { title: 1, summary: 0.8, body: 0.45 } as const;

// Function words, conversational filler and vague verbs: they say nothing about what is asked.
const STOP_WORDS = new Set(
  `a about above again all almost also am an and any anybody anyone anything anyway are around as at be been
  being below between both but by ca can could did do does doing don done during each either else even ever
  every for from further get gets getting go goes going gonna got guess had has have having he her here hers him his
  how however i if in into is it its itself just kind kinda know let like likely lot lots may maybe me might mine
  most much must my myself need needs no nor now of off ok okay on only or other our ours out over own per
  please pretty probably quick quite rather really said say says see seem she should sir so some somebody someone
  something somehow sort still such sure than thank thanks that the their theirs them then there these they thing
  things think this those though through to too um uh umm er hmm under until up us very via wanna want wants was way
  we well were what whatever when where whether which while who whom whose why will with wo wonder wondering would
  yeah yes yet you your yours yourself hi hello hey sarah tell actually basically just really stuff figure trying try
  one two three four five six seven eight nine ten few bunch couple guys folks
  work works worked working make makes made making put puts mean means meant give gives stuff
  whats thats im ive youre theyre were hows wheres use uses used using great cool awesome perfect sorry again nice alright`.split(/\s+/),
);

// Words that mark a clause as the question itself rather than context around it.
const QUESTION_CUES = new Set(
  'how what why where which when who can could would does do did should will wondering wonder whether possible way want need trying help'.split(
    ' ',
  ),
);
const CLAUSE_START_CUES = new Set(['is', 'are', 'was', 'were']);

export interface Clause {
  words: string[];
  /** Joined to the previous clause by "and", "but" or "or", so it shares its role. */
  conjoined: boolean;
}

/** Lower-case, strip accents and contractions, and cut into clauses of raw words. */
export function clauses(text: string): Clause[] {
  const normal = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/n't\b/g, ' not')
    .replace(/\b(never|cannot|cant|dont|doesnt|didnt|wont|isnt)\b/g, ' not ')
    .replace(/'(s|re|ve|ll|d|m)\b/g, ' ')
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/(\d)([a-z])/g, '$1 $2');
  const out: Clause[] = [];
  for (const sentence of normal.split(/[,.;:!?()\n]+|\s(?:so|because|since)\s/)) {
    sentence.split(/\s(?:and|but|or)\s/).forEach((piece, i) => {
      const words = piece.split(/[^a-z0-9]+/).filter(Boolean);
      if (words.length > 0) out.push({ words, conjoined: i > 0 });
    });
  }
  return out;
}

export function words(text: string): string[] {
  return clauses(text).flatMap((c) => c.words);
}

/**
 * Light stemming, applied to corpus and query alike: plurals, -ing, -ed and a final e
 * ("templates", "template" → "templat"; "signed", "signing" → "sign"; "pricing", "price" → "pric").
 */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length >= 6 && w.endsWith('ing')) w = undouble(w.slice(0, -3));
  else if (w.length >= 6 && w.endsWith('ed')) w = undouble(w.slice(0, -2));
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  return /([^aeiouslz])\1$/.test(w) ? w.slice(0, -1) : w;
}

/** Damerau–Levenshtein distance (adjacent transpositions count as one edit), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

interface QueryTerm {
  /** Corpus terms this query word stands for (itself, or its typo corrections). */
  targets: string[];
  /** Credit per target: 1 for the word itself, less for a word of the same family or a typo correction. */
  credits: number[];
  weight: number;
  /** Share of weight kept because of where the word sits (1 in the question, less in context clauses). */
  share: number;
  /** 0 for a word in no article: it only counts against coverage. */
  credit: number;
}

interface ArticleTerms {
  /** Corpus term → strength of the strongest field it appears in (title and whole keywords excepted). */
  strength: Map<string, number>;
  /** Terms of the title: what the article is about. */
  title: Set<string>;
  /** Keyword phrases as term lists; a phrase counts as the article's topic only when the query has all of it. */
  keywords: string[][];
}

// A word finds longer corpus words that start with it ("sign" → "signature", "signer") within these limits.
const FAMILY_MIN = 4;
const FAMILY_EXTRA = 4;

export class RelevanceScorer {
  /** Articles containing each term anywhere. */
  readonly #df = new Map<string, number>();
  /** Articles with each term in their title or keywords: rarer there than in bodies, so it weighs more as a topic. */
  readonly #topicDf = new Map<string, number>();
  readonly #articles = new Map<string, ArticleTerms>();
  readonly #n: number;

  constructor(
    articles: KnowledgeArticle[],
    readonly tuning: RelevanceTuning = DEFAULT_TUNING,
  ) {
    this.#n = articles.length;
    const boilerplate = sharedParagraphs(articles);
    for (const article of articles) {
      const strength = new Map<string, number>();
      const body = article.body
        .split(/\n\s*\n/)
        .filter((p) => !boilerplate.has(p.trim()))
        .join('\n\n');
      const keywords = article.keywords.map((k) => this.#terms(k)).filter((k) => k.length > 0);
      const title = new Set(this.#terms(article.title));
      const fields: Array<[string[], number]> = [
        [[...title], FIELD_STRENGTH.title],
        [keywords.flat(), FIELD_STRENGTH.summary],
        [this.#terms(article.summary), FIELD_STRENGTH.summary],
        [this.#terms(body), FIELD_STRENGTH.body],
      ];
      for (const [terms, value] of fields) {
        for (const term of terms) strength.set(term, Math.max(strength.get(term) ?? 0, value));
      }
      this.#articles.set(article.id, { strength, title, keywords });
      for (const term of strength.keys()) this.#df.set(term, (this.#df.get(term) ?? 0) + 1);
      for (const term of new Set([...title, ...keywords.flat()])) {
        this.#topicDf.set(term, (this.#topicDf.get(term) ?? 0) + 1);
      }
    }
  }

  /** Relevance in [0, 1] of every article to `query`, by article id. */
  score(query: string): Map<string, number> {
    const terms = this.#query(query);
    const scores = new Map<string, number>();
    if (terms.length === 0) return scores;
    const asked = new Set(terms.flatMap((t) => t.targets));
    for (const [id, article] of this.#articles) {
      const topics = new Set(article.title);
      for (const phrase of article.keywords) if (phrase.every((t) => asked.has(t))) phrase.forEach((t) => topics.add(t));
      let matched = 0;
      let total = 0;
      for (const term of terms) {
        let weight = term.weight;
        let best = 0;
        term.targets.forEach((target, i) => {
          const credit = term.credits[i]!;
          if (topics.has(target)) {
            best = Math.max(best, credit);
            weight = Math.max(weight, this.#idf(this.#topicDf.get(target) ?? 0) * term.share);
          } else best = Math.max(best, credit * (article.strength.get(target) ?? 0));
        });
        total += weight;
        matched += weight * best;
      }
      const coverage = matched / total;
      const confidence = Math.min(1, matched / this.tuning.evidence);
      scores.set(id, coverage * confidence);
    }
    return scores;
  }

  /** For tests and tuning: how the query was read. */
  explain(query: string): QueryTerm[] {
    return this.#query(query);
  }

  #idf(df: number): number {
    return Math.max(0.05, Math.log((this.#n + 1) / (df + 0.5)));
  }

  #terms(text: string): string[] {
    return words(text)
      .filter((w) => !STOP_WORDS.has(w))
      .map(stem);
  }

  #query(query: string): QueryTerm[] {
    const parts = clauses(query);
    // Clauses that ask something (or are joined to one) are the question; others are context around it.
    const asking: boolean[] = [];
    parts.forEach((part, i) => asking.push(isQuestion(part.words) || (part.conjoined && i > 0 && asking[i - 1]!)));
    const anyAsking = asking.some(Boolean);
    const byTarget = new Map<string, QueryTerm>();
    parts.forEach((part, i) => {
      const share = !anyAsking || asking[i] ? 1 : this.tuning.contextShare;
      for (const word of this.#joinSplitWords(part.words)) {
        if (STOP_WORDS.has(word)) continue;
        const term = this.#read(stem(word));
        if (!term) continue;
        term.weight *= share;
        term.share = share;
        const key = term.targets.join('|') || `?${word}`;
        const seen = byTarget.get(key);
        if (!seen || seen.weight < term.weight) byTarget.set(key, term);
      }
    });
    return [...byTarget.values()];
  }

  /** "hub spot" → "hubspot", "pay pal" → "paypal": adjacent words whose join is a corpus word. */
  #joinSplitWords(part: string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < part.length; i++) {
      const next = part[i + 1];
      if (next !== undefined && this.#df.has(stem(part[i]! + next)) && !this.#df.has(stem(part[i]!))) {
        out.push(part[i]! + next);
        i++;
      } else out.push(part[i]!);
    }
    return out;
  }

  #read(term: string): QueryTerm | undefined {
    const df = this.#df.get(term);
    if (df !== undefined) {
      const family = this.#family(term);
      return {
        targets: [term, ...family],
        credits: [1, ...family.map(() => this.tuning.familyCredit)],
        weight: this.#idf(df),
        share: 1,
        credit: 1,
      };
    }
    // Numbers the corpus does not mention ("15", "200") say nothing about the topic.
    if (/^\d+$/.test(term)) return undefined;
    const corrections = this.#corrections(term);
    if (corrections.length > 0) {
      const weight = Math.min(...corrections.map((c) => this.#idf(this.#df.get(c)!)));
      return { targets: corrections, credits: corrections.map(() => this.tuning.fuzzyCredit), weight, share: 1, credit: 1 };
    }
    return { targets: [], credits: [], weight: this.tuning.unknownWeight, share: 1, credit: 0 };
  }

  /** Longer corpus words built on this one ("approv" → "approval", "approver"). */
  #family(term: string): string[] {
    if (term.length < FAMILY_MIN) return [];
    return [...this.#df.keys()].filter(
      (other) => other !== term && other.startsWith(term) && other.length - term.length <= FAMILY_EXTRA,
    );
  }

  /** Corpus words a typo could stand for: one edit away (two for long words), or a clear prefix. */
  #corrections(term: string): string[] {
    if (term.length < 6) return [];
    const max = term.length >= 8 ? 2 : 1;
    let best = max + 1;
    let found: string[] = [];
    for (const candidate of this.#df.keys()) {
      if (candidate.length < 4) continue;
      let d = editDistance(term, candidate, max);
      if (d > max && candidate.startsWith(term) && candidate.length - term.length <= 4) d = max;
      if (d < best) {
        best = d;
        found = [candidate];
      } else if (d === best && d <= max) found.push(candidate);
    }
    return best <= max ? found : [];
  }
}

function isQuestion(part: string[]): boolean {
  return CLAUSE_START_CUES.has(part[0]!) || part.some((w) => QUESTION_CUES.has(w));
}

/** Paragraphs repeated in at least half of the articles (disclaimers, footers) are not content. */
function sharedParagraphs(articles: KnowledgeArticle[]): Set<string> {
  const counts = new Map<string, number>();
  for (const article of articles) {
    for (const p of new Set(article.body.split(/\n\s*\n/).map((x) => x.trim()))) {
      if (p) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
  }
  return new Set([...counts].filter(([, n]) => n >= Math.max(2, articles.length / 2)).map(([p]) => p));
}
