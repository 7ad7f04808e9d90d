/**
 * Turns a search snippet (HTML from a help centre, markdown, highlight tags, "..." cut-offs) into
 * text Sarah can say: plain words, whole sentences, one or two of them.
 */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Plain text: no tags, entities, markdown marks or raw links; one line per block (paragraph, item, heading). */
export function plainText(raw: string): string {
  const text = decodeEntities(
    raw
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
      // Block boundaries become line breaks so a heading or list item stays its own sentence.
      .replace(/<\/?(p|div|li|ul|ol|h[1-6]|tr|table|blockquote|section)\b[^>]*>|<br\s*\/?>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  );
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ') // markdown images
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1') // markdown links keep their words
    .replace(/https?:\/\/\S+/g, ' ') // a raw address is not something to read aloud
    .split('\n')
    .map((line) =>
      line
        .replace(/^\s*(?:#{1,6}\s+|>\s?|[-*+•]\s+|\d+[.)]\s+)/, '')
        .replace(/\*\*|__|~~|[*`]/g, '')
        .replace(/(^|\s)_(\S)|(\S)_(\s|$)/g, '$1$2$3$4')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean)
    .map((line, i, lines) => (i < lines.length - 1 && !/[.!?:;…]$/.test(line) ? `${line}.` : line))
    .join(' ');
}

const ELLIPSIS = /^(?:\.{3}|…)\s*|\s*(?:\.{3}|…)$/g;

/** A piece ending like this did not end a sentence ("e.g. Zapier", "Dr. Smith", "J. Doe"). */
const ABBREVIATION = /(?:\b(?:e\.g|i\.e|etc|vs|approx|incl|no|mr|mrs|ms|dr|st)|\b[A-Z])\.$/i;

/** Sentences of plain text; a break needs end punctuation followed by a capital, digit or quote. */
function sentences(text: string): string[] {
  const pieces = text.split(/(?<=[.!?])\s+(?=["'“‘(]?[A-Z0-9])/);
  const out: string[] = [];
  for (const piece of pieces) {
    const previous = out[out.length - 1];
    if (previous !== undefined && ABBREVIATION.test(previous)) out[out.length - 1] = `${previous} ${piece}`;
    else out.push(piece);
  }
  return out.map((s) => s.trim()).filter(Boolean);
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** A sentence too long to say in one breath, cut at a clause boundary when there is one near the end. */
function shorten(sentence: string, maxWords: number): string {
  const words = sentence.split(/\s+/).slice(0, maxWords);
  let cut = words.length;
  for (let i = words.length - 1; i >= Math.min(8, words.length - 1); i--) {
    if (/[,;:—–]$/.test(words[i]!)) {
      cut = i + 1;
      break;
    }
  }
  return `${words
    .slice(0, cut)
    .join(' ')
    .replace(/[,;:—–]+$/, '')}.`;
}

export interface SpokenText {
  /** One or two whole sentences, ending in punctuation. Empty when there was nothing to say. */
  answer: string;
  /** What follows, for "tell me more" (whole sentences, up to about `detailWords` words). */
  rest?: string;
}

/**
 * The first one or two whole sentences of a snippet, at most about `maxWords` words. A snippet cut
 * mid-sentence by the search engine ("...then click Send. To add") loses its broken ends when a
 * whole sentence remains.
 */
export function spokenAnswer(
  snippet: string,
  { maxSentences = 2, maxWords = 45, detailWords = 40 } = {},
): SpokenText {
  const text = plainText(snippet);
  const startsMidSentence = /^(?:\.{3}|…)|^[a-z]/.test(text);
  const endsMidSentence = /(?:\.{3}|…)$/.test(text) || !/[.!?]["'”’)]?$/.test(text);
  const parts = sentences(text.replace(ELLIPSIS, ''));
  if (parts.length > 1 && startsMidSentence) parts.shift();
  if (parts.length > 1 && endsMidSentence) parts.pop();
  if (parts.length === 0) return { answer: '' };

  const first = parts[0]!;
  let answer = wordCount(first) > maxWords ? shorten(first, maxWords) : first;
  let used = 1;
  while (used < parts.length && used < maxSentences) {
    const next = `${answer} ${parts[used]}`;
    if (wordCount(next) > maxWords) break;
    answer = next;
    used++;
  }
  if (!/[.!?]["'”’)]?$/.test(answer)) answer = `${answer.replace(/[,;:—–]+$/, '')}.`;

  let rest = '';
  for (const sentence of parts.slice(used)) {
    const next = `${rest} ${sentence}`.trim();
    if (rest && wordCount(next) > detailWords) break;
    rest = next;
  }
  return rest ? { answer, rest } : { answer };
}
