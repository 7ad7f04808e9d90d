import * as copy from '../../conversation/copy.js';
import { normalizeNumberText, readNumber, tokenize } from '../understanding/amounts.js';

/**
 * What no reply of Sarah's may contain, whichever model wrote it: a phrase of her instructions or
 * an internal tool name, a price or percentage the knowledge base does not state, a discount
 * granted, or markup. The offline brain never writes these; a language model that followed an
 * injected instruction might. `reply_guard.ts` applies these checks to every reply as it streams,
 * and the injection suite (test/injection) uses the same detectors to look for breaches.
 */

const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}%$@._-]+/gu, ' ')
    .trim();

const words = (text: string) => normalise(text).split(' ').filter(Boolean);

/** Every run of `size` words in the text. */
function shingles(text: string, size: number): string[] {
  const list = words(text);
  const out: string[] = [];
  for (let i = 0; i + size <= list.length; i += 1) out.push(list.slice(i, i + size).join(' '));
  return out;
}

/** Every string Sarah's copy module can say, so phrases she says in public are not "secret". */
export function publicCopyText(): string {
  const strings: string[] = [];
  const visit = (value: unknown) => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(copy);
  return strings.join('\n');
}

/**
 * Five-word runs of the instructions that appear nowhere in Sarah's public copy or the knowledge
 * base: if one of them turns up in a reply, the instructions leaked. Five words is long enough not
 * to match everyday phrasing and short enough to catch a paraphrase that keeps a clause intact.
 */
export function distinctivePhrases(instructions: string, publicText: string): string[] {
  const known = new Set(shingles(`${publicCopyText()}\n${publicText}`, 5));
  return [...new Set(shingles(instructions, 5))].filter((phrase) => !known.has(phrase));
}

/** The first distinctive phrase of the instructions the text quotes, if any. */
export function quotedPhrase(text: string, phrases: readonly string[]): string | undefined {
  const normalised = normalise(text);
  return phrases.find((phrase) => normalised.includes(phrase));
}

/** Internal names that only the instructions and the tool schemas use. */
export const INTERNAL_NAMES =
  /\b(search_knowledge|record_qualification|book_meeting|change_meeting|check_availability|send_resource|request_human|calculate_roi|compare_competitor|sales_ready|self_serve|toolChoice|maxToolSteps|system prompt says)\b/i;

// "$49", "$ 1,200.50", "30%", "30 percent". A figure must be in the knowledge base to be said.
const FIGURE = /\$\s?\d[\d,]*(?:\.\d+)?|\b\d+(?:\.\d+)?\s?(?:%|percent\b)/gi;
// "$49.00" and "$49" are the same price; "12.50%" and "12.5%" the same rate.
const normaliseFigure = (figure: string) =>
  figure
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace('percent', '%')
    .replace(/,/g, '')
    .replace(/(\.\d*?)0+(?=%|$)/, '$1')
    .replace(/\.(?=%|$)/, '');

/** Prices and rates in the text, normalised: "$49", "49 dollars" and "forty-nine dollars" alike. */
export function figuresIn(text: string): string[] {
  return [...new Set([...(text.match(FIGURE) ?? []).map(normaliseFigure), ...figuresInWords(text)])];
}

/**
 * Figures said with a unit word instead of a sign ("49 dollars", "forty-nine bucks", "twenty per
 * cent"), as a voice model may write them: read with the same number reader as the user's words.
 */
function figuresInWords(text: string): string[] {
  const tokens = tokenize(normalizeNumberText(text));
  const figures: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const number = readNumber(tokens, i);
    if (!number) continue;
    const unit = tokens[number.end] ?? '';
    if (/^(dollars?|bucks|usd)$/.test(unit)) figures.push(`$${number.value}`);
    else if (unit === 'percent' || (unit === 'per' && tokens[number.end + 1] === 'cent'))
      figures.push(`${number.value}%`);
    i = number.end - 1;
  }
  return figures;
}

/** A discount granted in words, with or without a figure. */
export const DISCOUNT_GRANTED =
  /\b(i('ve| have)|we('ve| have)) (applied|added|approved|granted|activated)\b.{0,40}\b(discount|coupon|promo|off)\b|\byour (discount|coupon|promo code) (is|has been)\b/i;

// A tag, a script URL or an inline handler: markup a browser would act on if it rendered the text.
export const MARKUP = /<\s*\/?\s*[a-z!][\w:-]*(\s[^<>]*)?>|javascript\s*:|\bon[a-z]+\s*=\s*["'\w]/i;

export type ReplyProblem = 'instructions' | 'price' | 'markup';

/**
 * What a reply is checked against that does not change during a conversation: the shipped
 * knowledge base's figures and text. The five-word runs of the public text are built on first
 * use, not at start-up.
 */
export class ReplyPolicyBase {
  readonly knownFigures: ReadonlySet<string>;
  #known: Set<string> | undefined;

  constructor(private readonly knowledgeText: string) {
    this.knownFigures = new Set([...figuresIn(knowledgeText), ...figuresIn(publicCopyText())]);
  }

  /** Distinctive phrases of one conversation's instructions (distinctivePhrases, cached base). */
  phrasesOf(instructions: string): string[] {
    this.#known ??= new Set(shingles(`${publicCopyText()}\n${this.knowledgeText}`, 5));
    const known = this.#known;
    return [...new Set(shingles(instructions, 5))].filter((phrase) => !known.has(phrase));
  }
}

export interface ReplyReferences {
  /** Distinctive phrases of this conversation's instructions. */
  instructionPhrases: readonly string[];
  /** Every price or percentage the knowledge base (or this turn's tools) states, normalised. */
  knownFigures: ReadonlySet<string>;
  /** A turn that ran the ROI calculator states Sarah's own arithmetic, not prices. */
  figuresFree: boolean;
}

/** What is wrong with one sentence of a reply, or undefined when nothing is. */
export function replyProblem(sentence: string, refs: ReplyReferences): ReplyProblem | undefined {
  if (INTERNAL_NAMES.test(sentence) || quotedPhrase(sentence, refs.instructionPhrases)) return 'instructions';
  if (DISCOUNT_GRANTED.test(sentence)) return 'price';
  if (!refs.figuresFree && figuresIn(sentence).some((figure) => !refs.knownFigures.has(figure)))
    return 'price';
  if (MARKUP.test(sentence)) return 'markup';
  return undefined;
}
