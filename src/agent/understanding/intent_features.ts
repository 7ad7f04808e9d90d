/**
 * Turns an utterance into the sparse features the intent classifier reads. Word unigrams and
 * bigrams carry the meaning; character n-grams (3–5, inside padded words, fastText-style) let
 * typos and split or joined words ("hub spot" / "hubspot", "sales force") still share most
 * features with the spelling seen in training.
 */

/** Hesitation sounds only: common words such as "like" or "so" carry meaning in some intents. */
const FILLER = /^(u+[hm]+|e+r+m*|h+m+|m+h*m+)$/;

export interface FeatureOptions {
  /** Smallest and largest character n-gram, counted on " word " (padded with one space each side). */
  charMin: number;
  charMax: number;
  /** Relative weights of the three feature groups; each group is L2-normalised before weighting. */
  wordWeight: number;
  bigramWeight: number;
  charWeight: number;
  /** Bigrams with start and end markers ("<s> hi", "bye </s>"): where a word sits matters in short replies. */
  edges: boolean;
  /** A feature for a question mark, the one punctuation mark that changes what an utterance is. */
  question: boolean;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  charMin: 3,
  charMax: 5,
  wordWeight: 1,
  bigramWeight: 0.7,
  charWeight: 1,
  edges: true,
  question: true,
};

/** Lower case, accents and apostrophes dropped ("don't" → "dont"), other punctuation → space. */
export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function tokens(text: string): string[] {
  const normalized = normalize(text);
  return normalized ? normalized.split(' ').filter((t) => !FILLER.test(t)) : [];
}

/** Feature name → value. Names are prefixed by group (w: word, b: bigram, c: char n-gram). */
export type Features = Map<string, number>;

function bump(group: Map<string, number>, name: string): void {
  group.set(name, (group.get(name) ?? 0) + 1);
}

/** Word → its character n-gram names. Utterances share few distinct words, so training reuses them. */
const charGramCache = new Map<string, readonly string[]>();
const CHAR_GRAM_CACHE_SIZE = 20_000;

function charGrams(word: string, min: number, max: number): readonly string[] {
  const key = `${min},${max},${word}`;
  let grams = charGramCache.get(key);
  if (grams) return grams;
  const padded = ` ${word} `;
  const made: string[] = [];
  for (let n = min; n <= max; n++)
    for (let at = 0; at + n <= padded.length; at++) made.push(`c:${padded.slice(at, at + n)}`);
  if (charGramCache.size >= CHAR_GRAM_CACHE_SIZE) charGramCache.clear();
  charGramCache.set(key, (grams = made));
  return grams;
}

export function featurize(text: string, options: FeatureOptions = DEFAULT_FEATURE_OPTIONS): Features {
  const words = tokens(text);
  // One map for all three groups (the name's first letter tells the group): fewer allocations.
  const features: Features = new Map();
  if (options.question && text.includes('?')) bump(features, 'w:?');
  if (options.edges && words.length > 0) {
    bump(features, `b:<s> ${words[0]}`);
    bump(features, `b:${words[words.length - 1]} </s>`);
  }
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    bump(features, `w:${word}`);
    if (i + 1 < words.length) bump(features, `b:${word} ${words[i + 1]}`);
    for (const gram of charGrams(word, options.charMin, options.charMax)) bump(features, gram);
  }
  // Sublinear counts (a word said twice is not twice the evidence), then each group scaled to
  // unit length times its weight, so long and short utterances weigh the same.
  const norms = { w: 0, b: 0, c: 0 };
  for (const [name, count] of features) {
    const v = 1 + Math.log(count);
    features.set(name, v);
    norms[group(name)] += v * v;
  }
  const scale = {
    w: options.wordWeight / Math.sqrt(norms.w || 1),
    b: options.bigramWeight / Math.sqrt(norms.b || 1),
    c: options.charWeight / Math.sqrt(norms.c || 1),
  };
  for (const [name, v] of features) {
    const scaled = v * scale[group(name)];
    if (scaled === 0) features.delete(name);
    else features.set(name, scaled);
  }
  return features;
}

function group(name: string): 'w' | 'b' | 'c' {
  const first = name[0];
  return first === 'w' || first === 'b' ? first : 'c';
}

/** Cosine similarity of two feature maps: how alike two utterances look to the classifier. */
export function similarity(a: Features, b: Features): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [name, v] of a) {
    na += v * v;
    dot += v * (b.get(name) ?? 0);
  }
  for (const v of b.values()) nb += v * v;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
