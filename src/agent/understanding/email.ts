/**
 * Email addresses in what the user typed or said. Speech-to-text writes "jordan dot lee at
 * example dot com" or spells letters out ("j o r d a n"), so besides typed addresses we rebuild
 * spoken ones from words, taking care to start the local part after cue words ("my email is").
 */
import { z } from 'zod';

export type EmailMention = { kind: 'address'; address: string; spoken: boolean } | { kind: 'attempt' };

/** An address and the characters it came from. */
export interface EmailSpan {
  address: string;
  start: number;
  end: number;
  spoken: boolean;
}

const VALID_EMAIL = z.email();
const isValid = (address: string) => VALID_EMAIL.safeParse(address).success;

// ---------------------------------------------------------------------------------------------
// Typed addresses

const TYPED = /[a-z0-9._%+'-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*/gi;

function typedSpans(text: string): EmailSpan[] {
  const spans: EmailSpan[] = [];
  for (const match of text.matchAll(TYPED)) {
    const raw = match[0].replace(/^[.'-]+/, '').replace(/[.'-]+$/, '');
    const start = match.index + match[0].indexOf(raw);
    const address = raw.toLowerCase();
    if (isValid(address)) spans.push({ address, start, end: start + raw.length, spoken: false });
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Spoken addresses

interface Tok {
  text: string;
  start: number;
  end: number;
}

function tokensOf(text: string): Tok[] {
  return [...text.matchAll(/[a-z0-9]+(?:'[a-z]+)?|[^\s\w]|_/gi)].map((m) => ({
    text: m[0].toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

const SEPARATORS: Record<string, string> = {
  dot: '.',
  period: '.',
  point: '.',
  '.': '.',
  underscore: '_',
  _: '_',
  dash: '-',
  hyphen: '-',
  minus: '-',
  '-': '-',
  plus: '+',
  '+': '+',
};

/** Words that introduce an address and so can never be part of its local part. */
const CUES = new Set(
  (
    "is its it it's email e-mail mail address use using me my to at and or the please try reach contact send " +
    "cc that's thats yes yeah yep sure ok okay um uh so but you can on of for with was be by from " +
    "this here i'm im name should would could will sent forward copy colleague boss also just are am were " +
    'we us they he she our your his her their them meet find see call visit located based work works'
  ).split(/\s+/),
);

const COMMON_TLDS = new Set(
  'com org net edu gov io co ai app dev biz info me us uk ca au de fr nl es it ie nz in sg jp br mx ch se no dk fi be at pl tech online store agency law health inc llc xyz site cloud group solutions studio team example test email page shop company digital media design consulting services'.split(
    ' ',
  ),
);

/** "@", "at", "at sign", "at symbol", "at the rate": how many tokens, or 0. */
function markerLength(toks: Tok[], i: number): number {
  const word = toks[i]?.text;
  if (word === '@') return 1;
  if (word !== 'at') return 0;
  const next = toks[i + 1]?.text;
  if (next === 'sign' || next === 'symbol') return 2;
  if (next === 'the' && toks[i + 2]?.text === 'rate') return 3;
  return 1;
}

const isWordTok = (t: Tok | undefined) => !!t && /^[a-z0-9]+$/.test(t.text) && !(t.text in SEPARATORS);
const isSingle = (t: Tok | undefined) => isWordTok(t) && t!.text.length === 1;

/** One domain label forward: a word or spelled letters ("a c m e"), joined by dashes. */
function labelForward(toks: Tok[], i: number): { text: string; end: number } | undefined {
  if (!isWordTok(toks[i])) return undefined;
  let j = i;
  let text = '';
  if (isSingle(toks[j])) {
    while (isSingle(toks[j])) text += toks[j++]!.text;
  } else {
    text = toks[j++]!.text;
  }
  const sep = SEPARATORS[toks[j]?.text ?? ''];
  if (sep === '-' && isWordTok(toks[j + 1])) {
    const rest = labelForward(toks, j + 1);
    if (rest) return { text: `${text}-${rest.text}`, end: rest.end };
  }
  return { text, end: j };
}

function domainForward(toks: Tok[], i: number): { text: string; end: number } | undefined {
  const first = labelForward(toks, i);
  if (!first) return undefined;
  const labels = [first.text];
  let end = first.end;
  while (SEPARATORS[toks[end]?.text ?? ''] === '.') {
    const next = labelForward(toks, end + 1);
    if (!next) break;
    labels.push(next.text);
    end = next.end;
  }
  const tld = labels[labels.length - 1]!;
  if (labels.length < 2 || !/^[a-z]{2,}$/.test(tld)) return undefined;
  if (!COMMON_TLDS.has(tld) && tld.length !== 2) return undefined;
  return { text: labels.join('.'), end };
}

/** One local-part item ending at toks[i]: a word (with trailing digits) or spelled letters. */
function itemBackward(toks: Tok[], i: number): { text: string; start: number } | undefined {
  const tok = toks[i];
  if (!isWordTok(tok) || CUES.has(tok!.text)) return undefined;
  let j = i;
  if (isSingle(tok)) {
    let text = '';
    while (isSingle(toks[j]) && !CUES.has(toks[j]!.text)) text = toks[j--]!.text + text;
    return { text, start: j + 1 };
  }
  let text = tok!.text;
  // "smith 12" is how "smith12" comes out of speech-to-text.
  if (/^\d+$/.test(text) && isWordTok(toks[j - 1]) && !CUES.has(toks[j - 1]!.text)) {
    text = toks[--j]!.text + text;
  }
  return { text, start: j };
}

function localBackward(toks: Tok[], i: number): { text: string; start: number } | undefined {
  let item = itemBackward(toks, i);
  if (!item) return undefined;
  let text = item.text;
  let start = item.start;
  for (;;) {
    const sep = SEPARATORS[toks[start - 1]?.text ?? ''];
    const before = sep ? itemBackward(toks, start - 2) : undefined;
    if (!sep || !before) break;
    item = before;
    text = `${item.text}${sep}${text}`;
    start = item.start;
  }
  return { text, start };
}

function spokenSpans(text: string): EmailSpan[] {
  const toks = tokensOf(text);
  const spans: EmailSpan[] = [];
  for (let i = 1; i < toks.length; i++) {
    const marker = markerLength(toks, i);
    if (!marker) continue;
    const local = localBackward(toks, i - 1);
    const domain = domainForward(toks, i + marker);
    if (!local || !domain) continue;
    const address = `${joinSpelledLetters(local.text)}@${domain.text}`;
    if (!isValid(address)) continue;
    const first = toks[local.start]!;
    const last = toks[domain.end - 1]!;
    const spoken =
      toks.slice(local.start, domain.end).some((t) => /^[a-z]{2,}$/.test(t.text) && t.text in SEPARATORS) ||
      toks[i]!.text === 'at';
    spans.push({ address, start: first.start, end: last.end, spoken });
  }
  return spans;
}

/** "s-a-n-j-a-y": a name spelled letter by letter is the name, not a hyphenated address. */
function joinSpelledLetters(local: string): string {
  return /^(?:[a-z0-9]-){2,}[a-z0-9]$/.test(local) ? local.replaceAll('-', '') : local;
}

/** Every address with where it sits in the text, typed ones first. */
export function emailSpans(text: string): EmailSpan[] {
  const typed = typedSpans(text);
  const overlaps = (s: EmailSpan) => typed.some((t) => s.start < t.end && t.start < s.end);
  return [...typed, ...spokenSpans(text).filter((s) => !overlaps(s))].sort((a, b) => a.start - b.start);
}

/** The text with every address blanked out, so digits in "jordan12@acme.com" are not read as facts. */
export function removeEmails(text: string): string {
  let result = text;
  for (const span of [...emailSpans(text)].reverse()) {
    result = `${result.slice(0, span.start)} ${result.slice(span.end)}`;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Attempts

const EMAIL_CUE = /\b(e-?mail|email address|address)\s*(?:is|'s|:|would be|will be)\s*\S/i;
const SPOKEN_SHAPE = /\b(?:at|at sign|at symbol)\s+\S+(?:\s+\S+)?\s+(?:dot|period)\s+\S/i;

function looksLikeAttempt(text: string): boolean {
  return /\S@|@\S/.test(text) || EMAIL_CUE.test(text) || SPOKEN_SHAPE.test(text);
}

// ---------------------------------------------------------------------------------------------
// Whose address is it?

const OTHER_PERSON =
  'colleague|co-?worker|boss|manager|assistant|partner|co-?founder|teammate|team member|ceo|cfo|coo|cto|vp|director|wife|husband|friend|he|she|his|her|him|cc|loop in|accountant|lawyer';
// "send it to x@y.com" in answer to "what email should I use?" is the user's own address; only a
// third person named before it ("my colleague", "cc", "her") makes it someone else's.
const OTHER_BEFORE = new RegExp(`\\b(?:${OTHER_PERSON})\\b|\\bcc\\b`, 'gi');
const OWN_BEFORE = /\b(?:my|mine|me|i'm|i am|myself)\b/gi;
const OTHER_AFTER = new RegExp(
  `^[\\s,.-]*(?:that's|thats|that is|which is|it's|who is|he's|she's|they're)?\\s*(?:my|our|the) (?:${OTHER_PERSON})\\b|^[\\s,.-]*(?:is|'s) (?:his|hers|her|their)\\b`,
  'i',
);

function lastIndex(pattern: RegExp, text: string): number {
  let index = -1;
  for (const match of text.matchAll(pattern)) index = match.index;
  return index;
}

function spanIsSomeoneElses(text: string, span: EmailSpan): boolean {
  const windowStart = Math.max(0, span.start - 80);
  // Only the current sentence before the address counts.
  const before =
    text
      .slice(windowStart, span.start)
      .split(/[.!?;]\s/)
      .pop() ?? '';
  const other = lastIndex(OTHER_BEFORE, before);
  const own = lastIndex(OWN_BEFORE, before);
  if (other > own) return true;
  if (
    own >= 0 &&
    own > other &&
    /\b(?:my|mine) (?:e-?mail|address|work)|\bme at\b|\bi'm at\b/i.test(before)
  ) {
    return false;
  }
  return OTHER_AFTER.test(text.slice(span.end, span.end + 50));
}

// ---------------------------------------------------------------------------------------------
// Public API

/** The user's address if there is one (preferring theirs over a colleague's), or an attempt at one. */
export function findEmail(text: string): EmailMention | undefined {
  const corrected = correctedEmail(text);
  if (corrected) return corrected;
  const spans = emailSpans(text);
  const chosen = spans.find((s) => !spanIsSomeoneElses(text, s)) ?? spans[0];
  if (chosen) return { kind: 'address', address: chosen.address, spoken: chosen.spoken };
  return looksLikeAttempt(text) ? { kind: 'attempt' } : undefined;
}

const SELF_CORRECTION =
  /\b(?:no,? sorry|sorry,? no|no,? wait|no no|i mean|scratch that|correction|rather)\b[\s,:-]*/gi;

/**
 * "tom at acme dot com, no sorry, tom dot baker at acme dot com": the address after the user's own
 * correction wins; "… at agence lumiere dot fr no sorry at lumiere dot fr" corrects the domain only.
 */
function correctedEmail(text: string): EmailMention | undefined {
  const mark = [...text.matchAll(SELF_CORRECTION)].pop();
  if (mark?.index === undefined) return undefined;
  const said = text.slice(0, mark.index);
  const after = text.slice(mark.index + mark[0].length).replace(/^(?:it'?s|its)\s+/i, '');
  if (!/\S@|\bat\b/i.test(said)) return undefined;
  if (!/^(?:at\b|@)/i.test(after)) {
    const replacement = emailSpans(after)[0];
    return replacement ? { kind: 'address', address: replacement.address, spoken: true } : undefined;
  }
  // Only the domain again: the local part said before the correction stays.
  const local = said.replace(/\s*(?:@|\bat\b).*$/is, '');
  const address = emailSpans(`${local} ${after}`).pop()?.address;
  return address ? { kind: 'address', address, spoken: true } : undefined;
}

/** Every valid address in the text, so the caller can tell the user's own from someone else's. */
export function findAllEmails(text: string): string[] {
  return [...new Set(emailSpans(text).map((s) => s.address))];
}

/** True when the address in the text is introduced as someone else's ("my colleague", "cc", "send it to bob at"). */
export function isSomeoneElsesEmail(text: string, address: string): boolean {
  const wanted = address.trim().toLowerCase();
  const span = emailSpans(text).find((s) => s.address === wanted);
  return span ? spanIsSomeoneElses(text, span) : false;
}

const EARLIER_ADDRESS =
  /\b(?:same|that|the|my) (?:e-?mail|address)(?: address)? (?:as (?:before|earlier|above|last time|i gave)|i (?:gave|sent|told|mentioned|used)|from (?:before|earlier))\b|\b(?:use|send it to|it'?s) the same (?:e-?mail|address|one)\b|\byou (?:already )?have (?:it|my (?:e-?mail|address))\b/i;

/** "Same email as before", "you already have it": the address given earlier, not a new one. */
export function refersToEarlierEmail(text: string): boolean {
  return EARLIER_ADDRESS.test(text);
}
