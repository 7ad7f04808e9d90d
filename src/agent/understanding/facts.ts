/**
 * Qualification facts from one utterance: team size, company size, signers per document,
 * monthly volume, integrations (used, not used, asked about), use case, industry, urgency, role
 * and corrections.
 *
 * The text is cleaned (emails, URLs, phone numbers, money, times, dates are masked), split into
 * tokens, and every amount is classified by the words around it: the noun after it ("12
 * paralegals"), the phrase before it ("team of 9", "we're 3"), a rate ("a month") and the clause
 * it sits in (negation, company or team context). Rules are general on purpose: users phrase
 * things in ways no example list anticipates.
 */
import type { Urgency, UseCase } from '../../conversation/qualification.js';
import {
  normalizeNumberText,
  scaleAmount,
  scanAmounts,
  tokenize,
  type Amount,
  type AmountSpan,
} from './amounts.js';
import { removeEmails } from './email.js';

export interface FactMentions {
  /** People on the user's own team who would send documents. */
  teamSize?: Amount;
  /** Whole company headcount ("a 200-person company", "300 employees overall"). */
  companySize?: Amount;
  /** Signers, recipients or approvers per document or deal; never the team size. */
  signers?: Amount;
  /** Documents per month, converted from per day, week, quarter or year. */
  monthlyVolume?: Amount;
  integrationsUsed: string[];
  integrationsNotUsed: string[];
  integrationsAskedAbout: string[];
  useCase?: UseCase;
  industry?: string;
  urgency?: Urgency;
  /** The user's own job title, lowercase ("head of ops", "office manager"). */
  role?: string;
  /** "sorry, it's 2, not 12", "actually we're 20", "I meant 15", "make that 8". */
  correction?: { value: Amount; replaces?: number };
  /**
   * Kinds of amount the utterance mentions under a negation ("we're not 50 people", "we don't
   * send 100 a month"): they were left out above and the caller should not record them.
   */
  negated?: AmountKind[];
}

export type AmountKind = 'teamSize' | 'companySize' | 'signers' | 'monthlyVolume';

// =============================================================================================
// Word lists

const words = (list: string) => new Set(list.trim().split(/\s+/));

const DOC_NOUNS = words(`
  document documents doc docs proposal proposals contract contracts quote quotes quotation quotations
  nda ndas invoice invoices offer offers letter letters form forms template templates envelope envelopes
  agreement agreements deal deals page pages sheet sheets spreadsheet spreadsheets file files pdf pdfs
  estimate estimates order orders po pos sow sows msa msas lease leases waiver waivers application
  applications renewal renewals amendment amendments addendum addendums addenda policy policies report
  reports receipt receipts packet packets package packages submission submissions transaction
  transactions closing closings booking bookings sale sales request requests bill bills statement
  statements certificate certificates disclosure disclosures consent consents release releases copies
  one ones sends e-signatures esignatures signings
`);
const TIME_NOUNS = words(`
  second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks wk wks month
  months mo mos quarter quarters year years yr yrs decade decades weekend weekends night nights morning
  mornings afternoon afternoons evening evenings o'clock #time #date #year am pm business-days
`);
const MONEY_NOUNS = words('dollars dollar bucks usd euros euro eur pounds gbp cents grand #money #pct');
const SIGNER_NOUNS = words(`
  signer signers signee signees signatory signatories signature signatures recipient recipients approver
  approvers client clients customer customers party parties counterparty counterparties stakeholder
  stakeholders vendor vendors supplier suppliers tenant tenants landlord landlords patient patients
  candidate candidates applicant applicants student students homeowner homeowners reviewer reviewers
  witness witnesses guest guests prospect prospects buyers-side
`);
/** People we transact with: "40 new hires a month" is a volume of documents, not a team. */
const TRANSACTION_NOUNS = words(`
  hire hires signature signatures client clients customer customers patient patients student students
  tenant tenants applicant applicants candidate candidates homeowner homeowners prospect prospects
`);
/** People who join rather than send: "10 new hires" is neither a team nor signers. */
const NEW_PEOPLE = words('hire hires recruits recruit joiners starters');
/** Generic people words: team or whole company depends on context. */
const GENERIC_PEOPLE = words(`
  people persons person folks folk employees employee staff staffers workers personnel individuals
  humans heads bodies ftes fte headcount guys gals souls
`);
/** Generic people words that mean the whole company when nothing says "team". */
const COMPANY_DEFAULT_PEOPLE = words(
  'employees employee staff staffers workers personnel ftes fte headcount',
);
const PERSON_NOUNS = words(`
  rep reps representatives salespeople salespersons sellers managers agents recruiters lawyers attorneys
  paralegals associates partners realtors brokers advisors advisers consultants coordinators engineers
  developers devs designers marketers analysts accountants bookkeepers assistants admins administrators
  execs executives ae aes sdr sdrs bdr bdrs csm csms ams colleagues coworkers co-workers teammates members
  users seats licenses others professionals nurses doctors physicians dentists therapists clinicians
  teachers tutors coaches trainers officers directors vps founders co-founders cofounders owners
  principals closers setters specialists technicians techs estimators underwriters adjusters planners
  contractors freelancers interns volunteers clerks secretaries receptionists buyers purchasers
  negotiators generalists counsel
`);
/** Plural words with a person-like ending that are not people. */
const NOT_PEOPLE = words(`
  documents agreements payments statements amendments attachments comments contents components events
  moments papers orders letters offers folders numbers answers centers centres filters layers markers
  registers ledgers covers chapters banners posters flyers stickers transfers waivers riders vouchers
  headers powers hours minutes quarters dollars computers servers browsers printers containers trailers
  towers matters meters liters litres vectors sectors factors errors colors colours floors doors
  monitors mirrors motors variants plants grants restaurants archives initiatives incentives
  alternatives objectives narratives lives drives knives fees degrees trees guarantees lists checklists
  playlists twists wrists departments apartments investments assessments settlements shipments
  requirements elements segments documents instruments appointments engagements tournaments parameters
  others' brothers mothers fathers sisters leftovers
`);
const PERSON_SUFFIX = /(?:ers|ors|ists|ians|ants|ents|men|people|folks|staff|reps|agents|ees|ives|eers)$/;

const COMPANY_NOUNS = words(`
  company companies business businesses organization organisation org firm agency shop startup practice
  brokerage clinic enterprise corporation corp outfit operation office studio consultancy
`);
const TEAM_NOUNS = words('team teams department departments dept group squad crew unit pod desk division');
const DEPARTMENTS = words(`
  sales marketing hr legal ops operations finance procurement recruiting cs support revops bd account
  accounts customer success partnerships purchasing
`);
const COMPANY_CONTEXT = words(`
  company companies business organization organisation org firm overall total altogether whole entire
  globally worldwide company-wide headcount employ employs employing corporate
`);
/** "-person company", "-man team", "-seat plan". */
const COMPOUND_PEOPLE = words('person people man woman member strong seat user employee staff rep');
const SINGULAR_PEOPLE = words('person man woman member employee seat user rep');

const STOP_WORDS = words(`
  a an the per each every to in on at for with from who that which and or but are is was were be been
  being we they i you it our my their us them do does did send sends sent sending get gets got go goes
  going need needs have has had will would can could should must may might of out this these those
  there here what when where how why if so then than also all both either neither not no nor just only
  monthly weekly daily yearly annually quarterly biweekly fortnightly about around like say says said
  use uses using used work works working make makes made help helps via into onto over under by next last
  per-month per-week tops max
`);
const FILLER_AFTER = words('now total currently today here right strong');

const PERIODS: Record<string, number> = {
  day: 21,
  days: 21,
  'business-day': 21,
  week: 52 / 12,
  wk: 52 / 12,
  weeks: 52 / 12,
  month: 1,
  mo: 1,
  months: 1,
  quarter: 1 / 3,
  quarters: 1 / 3,
  year: 1 / 12,
  yr: 1 / 12,
  years: 1 / 12,
  annum: 1 / 12,
};
const PERIOD_ADVERBS: Record<string, number> = {
  daily: 21,
  weekly: 52 / 12,
  biweekly: 26 / 12,
  fortnightly: 26 / 12,
  monthly: 1,
  quarterly: 1 / 3,
  yearly: 1 / 12,
  annually: 1 / 12,
  annual: 1 / 12,
};
const RATE_INTROS = words('a an per each every / in');

const NEGATIONS = words(`
  not no never don't dont doesn't doesnt didn't didnt isn't isnt aren't arent wasn't wasnt weren't
  won't wont can't cant cannot haven't havent hasn't hasnt hadn't without nor neither n't lack
`);
const DEPARTURES = words(`
  stopped quit left ditched dropped dumped abandoned cancelled canceled churned replaced replacing
  leaving ditching dropping cancelling canceling abandoning sunsetting sunset
`);
const MOVE_VERBS = words(
  'moved moving move switched switching switch migrated migrating migrate transitioning',
);
/** Words after "don't" etc. that turn a negation into a question ("doesn't it work with...?"). */
const INVERSION_SUBJECTS = words("you it pandadoc there this that your y'all ya");

const CLAUSE_WORDS = words('but just only instead though although however except whereas while');
const BOUNDARY_PUNCT = new Set([',', ';', '.', '!', '?', ':', '(', ')', '"', '/']);
const SENTENCE_PUNCT = new Set(['.', '!', '?', ';']);

// =============================================================================================
// Cleaning and tokens

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

function maskPhone(match: string): string {
  const digits = match.replace(/\D/g, '');
  const groups = match.split(/[\s().-]+/).filter(Boolean);
  const phoneLike =
    groups.length >= 3 || groups.some((g) => /^0\d/.test(g)) || /^\d{3}[\s.]\d{4}$/.test(match.trim());
  return digits.length >= 7 && phoneLike ? ' #phone ' : match;
}

/** Emails, URLs and numbers that are not counts (money, times, dates, phones) are masked. */
export function cleanForFacts(text: string): string {
  return (
    removeEmails(text)
      .toLowerCase()
      .replace(/\b(?:https?:\/\/|www\.)\S+/g, ' ')
      // "orders/contracts": a slash between words is an "or".
      .replace(/\b([a-z]{2,})\/([a-z]{2,})\b/g, '$1 or $2')
      .replace(/\b(monday|make|box|close)\s*\.\s*com\b/g, '$1com')
      .replace(/\b([a-z][a-z0-9-]*)\.(?:com|io|ai|co|net|org|app)\b/g, '$1')
      .replace(/\+?\d[\d\s().-]{5,}\d/g, maskPhone)
      .replace(/[$£€]\s?\d[\d,.]*(?:\s?(?:k|m|million|thousand|hundred)\b)?/g, ' #money ')
      .replace(/\b\d[\d,.]*\s?k?\s?(?:dollars|bucks|usd|eur|euros|pounds|gbp|cents)\b/g, ' #money ')
      .replace(/\b\d+(?:\.\d+)?\s?(?:%|percent\b|per cent\b)/g, ' #pct ')
      .replace(/\b\d{1,2}(?::\d{2})?\s?(?:a\.?m\.?|p\.?m\.?)(?![a-z])/g, ' #time ')
      .replace(/\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?o'?clock\b/g, ' #time ')
      .replace(/\b\d{1,2}(?:st|nd|rd|th)\b/g, ' #date ')
      .replace(/\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g, ' #date ')
      .replace(new RegExp(`\\b(${MONTHS})\\.?\\s+\\d{1,2}\\b`, 'g'), '$1 #date ')
      .replace(new RegExp(`\\b\\d{1,2}\\s+(?:of\\s+)?(${MONTHS})\\b`, 'g'), ' #date $1')
      .replace(
        /\b(in|since|by|until|till|from|of|before|after|year|early|late|mid|end of|q[1-4])\s+(?:19|20)\d{2}\b/g,
        '$1 #year ',
      )
  );
}

interface Ctx {
  tokens: string[];
  clause: number[];
  sentence: number[];
  questions: boolean[];
  spans: AmountSpan[];
  inSpan: boolean[];
  negated: boolean[];
}

function buildContext(text: string): Ctx {
  const tokens = tokenize(normalizeNumberText(cleanForFacts(text)));
  const clause: number[] = [];
  const sentence: number[] = [];
  let c = 0;
  let s = 0;
  for (const token of tokens) {
    if (BOUNDARY_PUNCT.has(token)) c++;
    else if (CLAUSE_WORDS.has(token)) c++;
    clause.push(BOUNDARY_PUNCT.has(token) ? -1 : c);
    sentence.push(s);
    if (SENTENCE_PUNCT.has(token)) s++;
  }
  const spans = scanAmounts(tokens).filter((span) => !isFalseAmount(tokens, span));
  const inSpan = tokens.map(() => false);
  for (const span of spans) for (let i = span.start; i < span.end; i++) inSpan[i] = true;
  const questions = questionTokens(tokens, sentence);
  const ctx: Ctx = { tokens, clause, sentence, questions, spans, inSpan, negated: [] };
  ctx.negated = negationScopes(ctx);
  return ctx;
}

const DETERMINERS = words('no the any every some which this that each another someone anyone');
const LABEL_NOUNS = words(`
  version v step option number page level tier plan phase chapter section item line room suite floor
  unit zip code ext extension id ticket # no episode season
`);

/** "no one", "one of our reps", "version 2", "Friday at 3" are not counts. */
function isFalseAmount(tokens: string[], span: AmountSpan): boolean {
  const first = tokens[span.start]!;
  const before = tokens[span.start - 1] ?? '';
  const after = tokens[span.end] ?? '';
  if (first === 'one' && span.end === span.start + 1) {
    if (DETERMINERS.has(before) || (after === 'of' && tokens[span.end + 1] !== 'us')) return true;
  }
  if (LABEL_NOUNS.has(before)) return true;
  return isClockTime(tokens, span);
}

const WEEKDAY = /^(?:mon|tues|wednes|thurs|fri|satur|sun)day$|^(?:today|tomorrow|tonight|noon)$/;

function isClockTime(tokens: string[], span: AmountSpan): boolean {
  const before = tokens[span.start - 1] ?? '';
  const value = span.amount.value;
  if (value > 24 || span.end - span.start !== 1) return false;
  const nextKind = nounKind(tokens[span.end] ?? '');
  if (nextKind !== 'none' && nextKind !== 'other') return false;
  if (/^(?:at|by|before|after|till|until|around)$/.test(before)) return true;
  return WEEKDAY.test(before) || WEEKDAY.test(tokens[span.start - 2] ?? '');
}

/**
 * Tokens inside a question. A question runs from where it starts ("do you...", "does it...",
 * "wondering if...") to the end of its sentence; a sentence ending in "?" with no such start is
 * a question as a whole ("HubSpot?"). Statements before the question stay statements.
 */
function questionTokens(tokens: string[], sentence: number[]): boolean[] {
  const result = tokens.map(() => false);
  let first = 0;
  for (let i = 0; i <= tokens.length; i++) {
    if (i < tokens.length && sentence[i] === sentence[first]) continue;
    const starts: number[] = [];
    for (let k = first; k < i; k++) if (startsQuestion(tokens, k, first)) starts.push(k);
    const asks = tokens[i - 1] === '?';
    const from = asks ? (starts[starts.length - 1] ?? first) : starts[0];
    if (from !== undefined) for (let k = from; k < i; k++) result[k] = true;
    first = i;
  }
  return result;
}

function startsQuestion(tokens: string[], k: number, sentenceStart: number): boolean {
  const prev = tokens[k - 1] ?? '';
  const atStart =
    k === sentenceStart ||
    BOUNDARY_PUNCT.has(prev) ||
    /^(?:so|and|also|ok|okay|hey|um|uh|oh|well|hi|but)$/.test(prev);
  if (atStart && isQuestionStart(tokens, k)) return true;
  if (/^(?:wondering|whether|curious)$/.test(tokens[k]!)) return true;
  return tokens[k] === 'if' && INVERSION_SUBJECTS.has(tokens[k + 1] ?? '');
}

function isQuestionStart(tokens: string[], i: number): boolean {
  const word = tokens[i]!;
  const next = tokens[i + 1] ?? '';
  if (
    /^(?:do|does|did|can|could|will|would|is|are|should|has|have|any|don't|doesn't|can't|isn't)$/.test(word)
  ) {
    return (
      INVERSION_SUBJECTS.has(next) || next === 'we' || next === 'i' || next === 'the' || next === 'there'
    );
  }
  return /^(?:how|what|which|what's|whats)$/.test(word) && next !== 'we' && next !== 'i';
}

/**
 * Which tokens sit inside a negation: after "not", "don't", "no" in the same clause, after
 * "stopped"/"moved off" until "to"/"with", and after "from" in a clause about moving.
 */
function negationScopes(ctx: Ctx): boolean[] {
  const { tokens, clause, inSpan } = ctx;
  const result = tokens.map(() => false);
  let current = -2;
  let negated = false;
  let departed = false;
  let moving = false;
  let skip = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (clause[i] !== current) {
      current = clause[i]!;
      negated = false;
      departed = false;
      moving = tokens.some((t, k) => clause[k] === current && MOVE_VERBS.has(t));
    }
    const token = tokens[i]!;
    if (skip > 0) skip--;
    else if (!inSpan[i] && isNegationCue(tokens, i)) negated = true;
    else if (isDeparturePhrase(tokens, i)) [departed, skip] = [true, 1];
    else if (DEPARTURES.has(token)) departed = true;
    else if (token === 'from' && moving) departed = true;
    else if (/^(?:to|onto|with|for|towards)$/.test(token)) departed = false;
    else if (token === 'instead' && tokens[i + 1] === 'of') negated = true;
    result[i] = negated || departed;
  }
  return result;
}

function isNegationCue(tokens: string[], i: number): boolean {
  const token = tokens[i]!;
  if (!NEGATIONS.has(token) && !(token === 'longer' && tokens[i - 1] === 'no')) return false;
  const next = tokens[i + 1] ?? '';
  // "no, we use HubSpot" without the comma; "doesn't it work with" is a question.
  if (token === 'no' && /^(?:we|i|it|that|our|they|you|thanks|thank)$/.test(next)) return false;
  if (token !== 'not' && token !== 'no' && INVERSION_SUBJECTS.has(next)) return false;
  return true;
}

function isDeparturePhrase(tokens: string[], i: number): boolean {
  const pair = `${tokens[i]} ${tokens[i + 1] ?? ''}`;
  return /^(?:moved|moving|switched|switching|migrated|migrating|getting|got|came|coming) (?:off|away)$|^used to$|^rid of$|^no longer$/.test(
    pair,
  );
}

// =============================================================================================
// Amount classification

type NounKind =
  | 'transaction'
  | 'doc'
  | 'time'
  | 'money'
  | 'signer'
  | 'person'
  | 'generic'
  | 'company'
  | 'team'
  | 'us'
  | 'none'
  | 'other';

function nounKind(raw: string): NounKind {
  const word = raw.replace(/'s$/, '');
  if (DOC_NOUNS.has(word)) return 'doc';
  if (NEW_PEOPLE.has(word)) return 'transaction';
  if (TIME_NOUNS.has(word) || word === '#phone') return 'time';
  if (MONEY_NOUNS.has(word)) return 'money';
  if (SIGNER_NOUNS.has(word)) return 'signer';
  if (GENERIC_PEOPLE.has(word)) return 'generic';
  if (PERSON_NOUNS.has(word)) return 'person';
  if (COMPANY_NOUNS.has(word)) return 'company';
  if (TEAM_NOUNS.has(word)) return 'team';
  if (word.length >= 5 && PERSON_SUFFIX.test(word) && !NOT_PEOPLE.has(word)) return 'person';
  if (!word || STOP_WORDS.has(word) || FILLER_AFTER.has(word) || !/^[a-z]/.test(word)) return 'none';
  return 'other';
}

interface Head {
  kind: NounKind;
  word: string;
  /** Index just past the noun phrase. */
  end: number;
  /** Modifiers in the noun phrase ("sales" in "12 sales reps"). */
  modifiers: string[];
  /** Kind of the organisation after a "-person" compound ("200-person company"). */
  compound?: 'company' | 'team';
}

/** The noun phrase right after an amount: up to four words, classified from its head. */
function headAfter(tokens: string[], end: number): Head {
  let j = end;
  if (tokens[j] === '-' && COMPOUND_PEOPLE.has(tokens[j + 1] ?? '')) return compoundHead(tokens, j + 2);
  // "a 3 person shop": the same compound without its hyphen.
  const unhyphenated = SINGULAR_PEOPLE.has(tokens[j] ?? '') ? compoundHead(tokens, j + 1, 2) : undefined;
  if (unhyphenated?.compound) return unhyphenated;
  // "25 strong" is a headcount; whether team or company depends on the clause.
  if (tokens[j] === 'strong') return { kind: 'generic', word: 'strong', end: j + 1, modifiers: [] };
  if (tokens[j] === 'of' && /^(?:us|we|whom)$/.test(tokens[j + 1] ?? '')) {
    return { kind: 'us', word: tokens[j + 1]!, end: j + 2, modifiers: [] };
  }
  if (tokens[j] === 'of')
    j += /^(?:our|the|my|their|your|these|those|them)$/.test(tokens[j + 1] ?? '') ? 2 : 1;
  const runStart = j;
  const run: string[] = [];
  while (run.length < 4 && j < tokens.length) {
    const token = tokens[j]!;
    if (!/^[#a-z]/.test(token) || STOP_WORDS.has(token)) break;
    const unit = nounKind(token) === 'time' || nounKind(token) === 'money';
    // "5 reps next quarter": a time word after the noun is not part of it.
    if (unit && run.length > 0) break;
    run.push(token);
    j++;
    if (unit) break;
  }
  for (let k = run.length - 1; k >= 0; k--) {
    const kind = nounKind(run[k]!);
    if (kind !== 'other' && kind !== 'none') {
      return { kind, word: run[k]!, end: runStart + k + 1, modifiers: run.slice(0, k) };
    }
  }
  const bare = run.every((t) => FILLER_AFTER.has(t));
  return { kind: bare ? 'none' : 'other', word: run[0] ?? '', end: bare ? j : end, modifiers: [] };
}

function compoundHead(tokens: string[], j: number, reach = 3): Head {
  for (let k = j; k < j + reach && k < tokens.length; k++) {
    const kind = nounKind(tokens[k]!);
    if (kind === 'team' || kind === 'company') {
      return { kind: 'generic', word: 'person', end: k + 1, modifiers: [], compound: kind };
    }
  }
  return {
    kind: 'generic',
    word: 'person',
    end: j,
    modifiers: [],
    compound: reach === 3 ? 'team' : undefined,
  };
}

/** "a month", "per week", "monthly", "every other week": how many per month one unit is. */
function rateAt(tokens: string[], i: number): number | undefined {
  const word = tokens[i] ?? '';
  if (word in PERIOD_ADVERBS) return PERIOD_ADVERBS[word];
  if (word === 'every' && tokens[i + 1] === 'other' && (tokens[i + 2] ?? '') in PERIODS) {
    return PERIODS[tokens[i + 2]!]! / 2;
  }
  if (!RATE_INTROS.has(word)) return undefined;
  let j = i + 1;
  // "in a month", and "in month" as it is often written by people whose first language has no articles.
  if (word === 'in' && !/^(?:a|an|one|each|any)$/.test(tokens[j] ?? '') && !((tokens[j] ?? '') in PERIODS))
    return undefined;
  if (
    (word === 'in' && !((tokens[j] ?? '') in PERIODS)) ||
    /^(?:single|given|typical|average|normal)$/.test(tokens[j] ?? '')
  )
    j++;
  if (/^(?:single|given|typical|average|normal|business|working)$/.test(tokens[j] ?? '')) j++;
  return PERIODS[tokens[j] ?? ''];
}

/** A rate right after the noun phrase, allowing a few verbs in between ("40 proposals go out a month"). */
function rateAfter(ctx: Ctx, from: number): number | undefined {
  const { tokens, clause } = ctx;
  for (let j = from; j < from + 4 && j < tokens.length; j++) {
    const rate = rateAt(tokens, j);
    if (rate !== undefined) return rate;
    const token = tokens[j]!;
    // "10 proposals each per week" counts per person, not for the team.
    if (token === 'each' || clause[j] !== clause[from] || ctx.inSpan[j] || /^\d/.test(token))
      return undefined;
    const kind = nounKind(token);
    if (kind === 'person' || kind === 'generic' || kind === 'time') return undefined;
  }
  return undefined;
}

/** "monthly volume is 300", "each week we send about 10": a rate earlier in the clause. */
function rateBefore(ctx: Ctx, start: number): number | undefined {
  const { tokens, clause } = ctx;
  for (let j = start - 1; j >= Math.max(0, start - 6); j--) {
    if (clause[j] !== clause[start] || ctx.inSpan[j]) return undefined;
    const rate = rateAt(tokens, j);
    if (rate !== undefined) return rate;
  }
  return undefined;
}

const SIGN_VERBS =
  /^(?:sign|signs|signing|countersign|countersigns|approve|approves|approving|review|reviews|receive|receives|sign-off|e-sign|esign)$/;
const SIGN_AUX = words(
  'need needs have has must should usually typically all to will then also who that always normally each both',
);
const SEND_VERBS =
  /^(?:send|sends|sent|sending|goes|go|going|route|routed|routes|forward|forwarded|email|emailed|deliver|delivered|out|shared|share)$/;

function signersContext(ctx: Ctx, span: AmountSpan, head: Head): boolean {
  const { tokens, clause } = ctx;
  const c = clause[span.start];
  for (let j = head.end; j < head.end + 4 && clause[j] === c; j++) {
    if (SIGN_VERBS.test(tokens[j]!)) return true;
    if (!SIGN_AUX.has(tokens[j]!)) break;
  }
  const before = tokens[span.start - 1] ?? '';
  const window: string[] = [];
  for (let j = span.start - 2; j >= Math.max(0, span.start - 6) && clause[j] === c; j--)
    window.push(tokens[j]!);
  if (before === 'by' && window.some((t) => /^(?:sign|approv|review|countersign)/.test(t))) return true;
  if (before === 'to' && window.some((t) => SEND_VERBS.test(t))) return true;
  if (before === 'from' && window.some((t) => /^(?:signature|approval|sign-off)/.test(t))) return true;
  return perDocument(ctx, span, head);
}

/** "each contract has 3", "3 per document": a count per document is about signers. */
function perDocument(ctx: Ctx, span: AmountSpan, head: Head): boolean {
  const { tokens, clause } = ctx;
  const c = clause[span.start];
  for (let j = 0; j < tokens.length; j++) {
    if (clause[j] !== c || !/^(?:each|every|per)$/.test(tokens[j]!)) continue;
    const next = nounKind(tokens[j + 1] ?? '') === 'doc' || nounKind(tokens[j + 2] ?? '') === 'doc';
    if (next && (j < span.start || j >= head.end)) return true;
  }
  return false;
}

const LINK_WORDS = words(`
  is are 's was has have of size count totals total numbers number = : at currently now about around roughly
  just only like maybe approximately already still sits stands a
`);

/** What the words right before an amount say it counts: "team of 9", "we're 3", "company of 80". */
function subjectBefore(ctx: Ctx, start: number): 'team' | 'company' | undefined {
  const { tokens } = ctx;
  for (let j = start - 1, steps = 0; j >= 0 && steps < 5; j--, steps++) {
    const token = tokens[j]!;
    const word = token.replace(/'s$/, '');
    if (token === "we're" || token === 'were' || (token === 'are' && tokens[j - 1] === 'we')) return 'team';
    if (TEAM_NOUNS.has(word)) return 'team';
    if (COMPANY_NOUNS.has(word) || COMPANY_CONTEXT.has(word)) return 'company';
    if (!LINK_WORDS.has(token) && !(token === 'we' && tokens[j + 1] === 'are')) return undefined;
  }
  return undefined;
}

function clauseHas(ctx: Ctx, index: number, set: Set<string>): boolean {
  const c = ctx.clause[index];
  return ctx.tokens.some((t, k) => ctx.clause[k] === c && set.has(t.replace(/'s$/, '')));
}

interface Classified {
  kind?: AmountKind;
  amount: Amount;
  /** Rate to scale a bare correction by, when this amount was a volume. */
  rate?: number;
  /** Higher means more likely to be the sending team. */
  score: number;
  span?: AmountSpan;
  head?: Head;
}

function classify(ctx: Ctx, span: AmountSpan): Classified {
  const head = headAfter(ctx.tokens, span.end);
  const base: Classified = { amount: span.amount, score: 0 };
  // "a team of 5 handling the sales paperwork": the words before the number name what it counts
  // when no noun follows it directly.
  const next = ctx.tokens[span.end] ?? '';
  const nextKind = nounKind(next);
  if (
    subjectBefore(ctx, span.start) === 'team' &&
    /^(?:of|in|on|at|handling|doing|working|who|that|and|,|\.|)$/.test(next) &&
    nextKind !== 'doc' &&
    nextKind !== 'time' &&
    nextKind !== 'money'
  )
    return { ...base, kind: 'teamSize', score: teamScore(ctx, span) + 1, span, head };
  if (head.kind === 'time' || head.kind === 'money' || head.kind === 'company') return base;
  // Whatever the noun ("500 rate confirmations a month", "20 orders a month"), a count with a
  // monthly rate after it is the paperwork the team sends.
  const volume = volumeRate(ctx, span, head);
  if (head.kind === 'other' && volume === undefined) return base;
  if (volume !== undefined) {
    return { kind: 'monthlyVolume', amount: scaleAmount(span.amount, volume), rate: volume, score: 0 };
  }
  if (head.kind === 'doc' || head.kind === 'transaction') return base;
  if (head.kind === 'signer' || signersContext(ctx, span, head)) return { ...base, kind: 'signers' };
  const kind = peopleKind(ctx, span, head);
  return kind
    ? { ...base, kind, score: teamScore(ctx, span) + (head.word === 'whom' ? 2 : 0), span, head }
    : base;
}

function volumeRate(ctx: Ctx, span: AmountSpan, head: Head): number | undefined {
  const countable =
    head.kind === 'doc' ||
    head.kind === 'none' ||
    head.kind === 'transaction' ||
    TRANSACTION_NOUNS.has(head.word);
  if (!countable && head.kind !== 'other') return undefined;
  const after = rateAfter(ctx, head.end);
  if (after !== undefined || !countable) return after;
  return head.kind === 'signer' || head.kind === 'person' ? undefined : rateBefore(ctx, span.start);
}

function peopleKind(ctx: Ctx, span: AmountSpan, head: Head): AmountKind | undefined {
  // "hiring 5 more reps" is growth, not today's team.
  if (head.modifiers.some((m) => /^(?:more|additional|extra)$/.test(m))) return undefined;
  if (head.kind === 'us' || head.kind === 'person' || head.kind === 'team') return 'teamSize';
  if (head.compound) return head.compound === 'company' ? 'companySize' : 'teamSize';
  const subject = subjectBefore(ctx, span.start);
  if (head.kind === 'none')
    return subject === 'team' ? 'teamSize' : subject === 'company' ? 'companySize' : undefined;
  // A generic people word ("people", "employees"): the most specific context wins.
  if (head.modifiers.some((m) => DEPARTMENTS.has(m)) || clauseHas(ctx, span.start, TEAM_NOUNS))
    return 'teamSize';
  if (subject === 'company' || clauseHas(ctx, span.start, COMPANY_CONTEXT)) return 'companySize';
  if (subject === 'team') return 'teamSize';
  return COMPANY_DEFAULT_PEOPLE.has(head.word) ? 'companySize' : 'teamSize';
}

const WORK_VERBS =
  /^(?:send|sends|sending|create|creates|creating|draft|drafts|write|writes|prepare|prepares|handle|handles|use|using|need|needs|would|will|close|closes|quote|quotes|build|builds)$/;

function teamScore(ctx: Ctx, span: AmountSpan): number {
  const { tokens, clause } = ctx;
  const c = clause[span.start];
  let score = 0;
  if (tokens.some((t, k) => clause[k] === c && (WORK_VERBS.test(t) || nounKind(t) === 'doc'))) score += 2;
  if (/^(?:only|just)$/.test(tokens[span.start - 1] ?? '')) score += 1;
  return score;
}

// =============================================================================================
// Corrections

const NOT_WORDS = words("not isn't aren't wasn't nope");
const BETWEEN_FILLERS = words(`
  , it's its it is but more like rather closer to actually just only we're were are there really - . ;
  sorry i mean meant
`);
const STRONG_CUES = [
  'i meant',
  'meant',
  'make that',
  'make it',
  'correction',
  'scratch that',
  'rather',
  'i mean',
  'i misspoke',
  'typo',
  'more like',
  'closer to',
];
const WEAK_CUES = ['actually', 'sorry', 'wait', 'oops', 'no', 'oh'];

interface Correction {
  value: AmountSpan;
  replaced?: AmountSpan;
}

function findCorrection(ctx: Ctx): Correction | undefined {
  return notThisButThat(ctx) ?? thatNotThis(ctx) ?? cuedCorrection(ctx);
}

/** "not 12, 2", "it's not 12 people, it's 2". */
function notThisButThat(ctx: Ctx): Correction | undefined {
  const { tokens, spans } = ctx;
  for (let k = 0; k < spans.length - 1; k++) {
    const a = spans[k]!;
    const b = spans[k + 1]!;
    if (!NOT_WORDS.has(tokens[a.start - 1] ?? '')) continue;
    const gap = tokens.slice(headAfter(tokens, a.end).end, b.start);
    if (gap.length <= 5 && gap.every((t) => BETWEEN_FILLERS.has(t))) return { value: b, replaced: a };
  }
  return undefined;
}

/** "it's 2, not 12", "2 people not 12". */
function thatNotThis(ctx: Ctx): Correction | undefined {
  const { tokens, spans } = ctx;
  for (let k = 0; k < spans.length - 1; k++) {
    const b = spans[k]!;
    const a = spans[k + 1]!;
    const gap = tokens.slice(headAfter(tokens, b.end).end, a.start);
    if (
      gap.length >= 1 &&
      gap.length <= 3 &&
      NOT_WORDS.has(gap[gap.length - 1]!) &&
      gap.every((t) => t === ',' || NOT_WORDS.has(t))
    ) {
      return { value: b, replaced: a };
    }
  }
  return undefined;
}

/** "I meant 15", "make that 8", "actually we're 20", "correction: 30 people". */
function cuedCorrection(ctx: Ctx): Correction | undefined {
  const { tokens, spans } = ctx;
  for (const [cues, reach] of [
    [STRONG_CUES, 5],
    [WEAK_CUES, 3],
  ] as const) {
    for (const cue of cues) {
      const at = findPhrase(tokens, cue);
      if (at < 0 || (cue === 'no' && at !== 0)) continue;
      const cueEnd = at + cue.split(' ').length;
      const value = spans.find((s) => s.start >= cueEnd && s.start - cueEnd <= reach);
      if (!value) continue;
      const replaced = spans.find(
        (s) => s !== value && /^(?:said|typed|wrote|put)$/.test(tokens[s.start - 1] ?? ''),
      );
      return replaced ? { value, replaced } : { value };
    }
  }
  return undefined;
}

function findPhrase(tokens: string[], phrase: string): number {
  const parts = phrase.split(' ');
  return tokens.findIndex((_, i) => parts.every((p, k) => tokens[i + k] === p));
}

// =============================================================================================
// Counting facts

interface CountFacts {
  teamSize?: Amount;
  companySize?: Amount;
  signers?: Amount;
  monthlyVolume?: Amount;
  correction?: { value: Amount; replaces?: number };
  negated?: AmountKind[];
}

function countFacts(ctx: Ctx): CountFacts {
  const result: CountFacts = {};
  const correction = findCorrection(ctx);
  const team = ownTeamPhrase(ctx);
  const candidates: Record<AmountKind, Classified[]> = {
    teamSize: [],
    companySize: [],
    signers: [],
    monthlyVolume: [],
  };
  const negated = new Set<AmountKind>();
  if (team) candidates.teamSize.push({ kind: 'teamSize', amount: team.amount, score: 3 });
  for (const span of ctx.spans) {
    if (span === correction?.replaced || (team && span.start >= team.start && span.start < team.end))
      continue;
    const found = classify(ctx, span);
    if (!found.kind) continue;
    if (ctx.negated[span.start] && span !== correction?.value) negated.add(found.kind);
    else candidates[found.kind].push(found);
  }
  if (correction) {
    result.correction = { value: correction.value.amount, replaces: correction.replaced?.amount.value };
    if (result.correction.replaces === undefined) delete result.correction.replaces;
    inheritCorrectedKind(ctx, correction, candidates);
  }
  candidates.teamSize = mergeRoleGroups(ctx, candidates.teamSize);
  for (const kind of Object.keys(candidates) as AmountKind[]) {
    const best = pickBest(candidates[kind]);
    if (best) result[kind] = best.amount;
  }
  if (negated.size > 0) result.negated = [...negated];
  return result;
}

/** "we're not 50 people, more like 10": the bare 10 takes over what the 50 was counting. */
function inheritCorrectedKind(
  ctx: Ctx,
  correction: Correction,
  candidates: Record<AmountKind, Classified[]>,
): void {
  if (!correction.replaced || classify(ctx, correction.value).kind) return;
  const old = classify(ctx, correction.replaced);
  if (!old.kind) return;
  const amount = old.rate ? scaleAmount(correction.value.amount, old.rate) : correction.value.amount;
  candidates[old.kind].unshift({ kind: old.kind, amount, score: 10 });
}

/** "5 AEs and 3 SDRs" is one team of 8: neighbouring job-title groups add up. */
function mergeRoleGroups(ctx: Ctx, list: Classified[]): Classified[] {
  const result: Classified[] = [];
  for (const c of list) {
    const prev = result[result.length - 1];
    const gap = prev?.head && c.span ? ctx.tokens.slice(prev.head.end, c.span.start) : undefined;
    const joined = gap && gap.length > 0 && gap.every((t) => /^(?:and|,|plus|\+|&)$/.test(t));
    if (
      prev &&
      joined &&
      prev.head?.kind === 'person' &&
      c.head?.kind === 'person' &&
      prev.head.word !== c.head.word
    ) {
      const a = prev.amount;
      const b = c.amount;
      result[result.length - 1] = {
        ...c,
        amount: {
          value: a.value + b.value,
          min: a.min + b.min,
          max: a.max + b.max,
          approximate: a.approximate || b.approximate,
        },
        score: Math.max(prev.score, c.score),
        span: prev.span,
      };
    } else {
      result.push(c);
    }
  }
  return result;
}

function pickBest(list: Classified[]): Classified | undefined {
  return list.reduce<Classified | undefined>(
    (best, c) => (!best || c.score > best.score ? c : best),
    undefined,
  );
}

const COMPANION_NOUNS = words(`
  colleague coworker co-worker partner business-partner cofounder co-founder founder assistant associate
  teammate boss manager wife husband spouse brother sister son daughter dad mom father mother friend
  employee rep intern admin va bookkeeper accountant paralegal
`);

/** "just me", "me and a colleague", "me and two others", "my partner and I". */
function ownTeamPhrase(ctx: Ctx): { amount: Amount; start: number; end: number } | undefined {
  const { tokens } = ctx;
  for (let i = 0; i < tokens.length; i++) {
    if (ctx.negated[i]) continue;
    const found = meAndOthers(ctx, i) ?? othersAndMe(ctx, i);
    if (found) return found;
  }
  return solo(ctx);
}

const exact = (n: number): Amount => ({ value: n, min: n, max: n, approximate: false });
const plusOne = (a: Amount): Amount => ({
  value: a.value + 1,
  min: a.min + 1,
  max: a.max + 1,
  approximate: a.approximate,
});

function meAndOthers(ctx: Ctx, i: number): { amount: Amount; start: number; end: number } | undefined {
  const { tokens } = ctx;
  if (!/^(?:me|myself|i)$/.test(tokens[i]!) || !/^(?:and|plus|\+|with)$/.test(tokens[i + 1] ?? ''))
    return undefined;
  let j = i + 2;
  const span = ctx.spans.find((s) => s.start === j);
  if (span) {
    const head = headAfter(tokens, span.end);
    const others = /^(?:other|others|more)$/.test(tokens[span.end] ?? '');
    // "me and one colleague": a companion noun in the singular.
    const noun = (tokens[span.end] ?? '').replace(/-/g, '');
    const companion =
      COMPANION_NOUNS.has(noun) ||
      (noun === 'part' && /^-?timer$/.test(tokens[span.end + 1] ?? '')) ||
      noun === 'parttimer';
    if (others || companion || head.kind === 'person' || head.kind === 'generic')
      return { amount: plusOne(span.amount), start: i, end: head.end };
    return undefined;
  }
  if (/^(?:my|a|an|one|another|our)$/.test(tokens[j] ?? '')) j++;
  const noun = (tokens[j] ?? '').replace(/-/g, '');
  const next = tokens[j + 1] ?? '';
  const partTimer =
    noun === 'parttimer' ||
    (noun === 'part' && /^-?timer$/.test(next === '-' ? (tokens[j + 2] ?? '') : next));
  if (
    partTimer ||
    COMPANION_NOUNS.has(noun) ||
    COMPANION_NOUNS.has(tokens[j] ?? '') ||
    (tokens[j] === 'business' && next === 'partner')
  ) {
    return { amount: exact(2), start: i, end: j + 1 };
  }
  if (/^(?:other|another)$/.test(tokens[j - 1] ?? '') && /^(?:person|guy|one)$/.test(tokens[j] ?? '')) {
    return { amount: exact(2), start: i, end: j + 1 };
  }
  return undefined;
}

function othersAndMe(ctx: Ctx, i: number): { amount: Amount; start: number; end: number } | undefined {
  const { tokens } = ctx;
  if (tokens[i] !== 'my') return undefined;
  // "my partner and I", "my business partner and I"
  for (let j = i + 1; j <= i + 2; j++) {
    if (
      COMPANION_NOUNS.has(tokens[j] ?? '') &&
      tokens[j + 1] === 'and' &&
      /^(?:i|me|myself)$/.test(tokens[j + 2] ?? '')
    ) {
      return { amount: exact(2), start: i, end: j + 3 };
    }
  }
  return undefined;
}

const SOLO_PHRASES =
  `just me|only me|just myself|by myself|on my own|it's me|the only one|solo|solopreneur|one-man|one-woman|one-person|sole proprietor|sole trader|work alone|one man band`.split(
    '|',
  );

const NOT_SOLO_AFTER =
  /^(?:and|plus|\+|again|here|with|or|asking|wondering|checking|looking|calling|reaching|trying|inquiring|speaking|talking|testing|exploring|evaluating|researching|curious|playing|poking)$/;

function solo(ctx: Ctx): { amount: Amount; start: number; end: number } | undefined {
  const { tokens } = ctx;
  for (const phrase of SOLO_PHRASES) {
    const at = findPhrase(tokens, phrase);
    if (at < 0 || ctx.negated[at]) continue;
    const end = at + phrase.split(' ').length;
    const next = tokens[end] ?? '';
    // "just me asking", "it's me again", "just me and Bob" are not a team of one.
    if (NOT_SOLO_AFTER.test(next)) continue;
    if (phrase === "it's me" && next !== '' && !/^(?:[,.!]|now|right|for|at)$/.test(next)) continue;
    return { amount: exact(1), start: at, end };
  }
  return undefined;
}

// =============================================================================================
// Integrations

/** One line per integration id: its spellings, separated by "|". */
const INTEGRATION_ALIASES: Record<string, string[]> = Object.fromEntries(
  `
  salesforce: salesforce | sales force | sfdc | sales cloud
  hubspot: hubspot | hub spot | hubspots
  pipedrive: pipedrive | pipe drive
  zoho: zoho | zoho crm
  dynamics: microsoft dynamics | ms dynamics | dynamics 365 | dynamics crm | d365
  zapier: zapier
  stripe: stripe
  quickbooks: quickbooks | quick books | qbo
  slack: slack
  api: api | apis | rest api | webhook | webhooks | sdk | our own app | our own platform | our own product
  google_sheets: google sheets | google sheet | gsheets
  google_drive: google drive | gdrive
  google_docs: google docs | google doc
  gmail: gmail
  outlook: outlook
  excel: excel
  notion: notion
  monday: mondaycom | monday crm | monday boards | monday sales crm
  airtable: airtable
  netsuite: netsuite | net suite
  xero: xero
  freshsales: freshsales | freshworks
  copper: copper crm
  close: close crm | closecom
  insightly: insightly
  sugarcrm: sugarcrm | sugar crm
  keap: keap | infusionsoft
  activecampaign: activecampaign | active campaign
  mailchimp: mailchimp
  intercom: intercom
  zendesk: zendesk
  jira: jira
  asana: asana
  trello: trello
  clickup: clickup
  shopify: shopify
  woocommerce: woocommerce
  wordpress: wordpress
  paypal: paypal
  bamboohr: bamboohr | bamboo hr
  workday: workday
  greenhouse: greenhouse
  gusto: gusto
  rippling: rippling
  dropbox: dropbox | drop box
  box: boxcom
  onedrive: onedrive | one drive
  sharepoint: sharepoint | share point
  microsoft_teams: microsoft teams | ms teams
  zoom: zoom
  make: makecom | integromat
  power_automate: power automate
  chargebee: chargebee
  sap: sap
  oracle: oracle
`
    .trim()
    .split('\n')
    .map((line) => {
      const [id, aliases] = line.split(':') as [string, string];
      return [id.trim(), aliases.split('|').map((a) => a.trim())];
    }),
);

/** Long, distinctive names only: a short or common word ("slack", "notion") is never fuzzy-matched. */
const FUZZY_NAMES =
  `salesforce hubspot pipedrive quickbooks netsuite airtable zapier freshsales woocommerce bamboohr sharepoint onedrive shopify mailchimp zendesk activecampaign`.split(
    ' ',
  );

const ALIAS_TABLE: Array<[string[], string]> = Object.entries(INTEGRATION_ALIASES)
  .flatMap(([id, aliases]) => aliases.map((alias) => [alias.split(' '), id] as [string[], string]))
  .sort((a, b) => b[0].length - a[0].length);
const ALIAS_IDS = new Map(ALIAS_TABLE.map(([parts, id]) => [parts.join(''), id]));

/** Optimal string alignment distance: edits plus swaps of neighbours ("hubsopt"). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

function fuzzyIntegration(word: string): string | undefined {
  if (word.length < 6 || !/^[a-z]+$/.test(word)) return undefined;
  for (const name of FUZZY_NAMES) {
    const allowed = name.length >= 9 ? 2 : 1;
    if (Math.abs(name.length - word.length) <= allowed && editDistance(word, name) <= allowed) return name;
  }
  return undefined;
}

interface Mention {
  id: string;
  start: number;
  end: number;
}

function integrationMentions(ctx: Ctx): Mention[] {
  const { tokens } = ctx;
  const mentions: Mention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const found = exactAlias(tokens, i) ?? fuzzyAlias(tokens, i) ?? dynamicsAlone(tokens, i);
    if (!found || !plausibleWord(tokens, i, found.id)) continue;
    mentions.push({ id: found.id, start: i, end: i + found.length });
    i += found.length - 1;
  }
  return mentions;
}

function exactAlias(tokens: string[], i: number): { id: string; length: number } | undefined {
  for (const [parts, id] of ALIAS_TABLE) {
    if (parts.every((p, k) => tokens[i + k] === p)) return { id, length: parts.length };
  }
  return undefined;
}

const FUNCTION_WORDS = new Set(
  'a an and are as at be by for from get got in into is it of on or so the to up us we with you your our'.split(
    ' ',
  ),
);

function fuzzyAlias(tokens: string[], i: number): { id: string; length: number } | undefined {
  const single = tokens[i] ?? '';
  const pair = single + (tokens[i + 1] ?? '');
  if (/^[a-z]+$/.test(tokens[i + 1] ?? '') && ALIAS_IDS.has(pair))
    return { id: ALIAS_IDS.get(pair)!, length: 2 };
  const one = fuzzyIntegration(single);
  if (one) return { id: ALIAS_IDS.get(one)!, length: 1 };
  // "sales for", "hub to": a common word joined to its neighbour is not a misspelt product name.
  const next = tokens[i + 1] ?? '';
  const joinable = /^[a-z]+$/.test(next) && !FUNCTION_WORDS.has(next) && !FUNCTION_WORDS.has(single);
  const two = joinable && single.length >= 3 ? fuzzyIntegration(pair) : undefined;
  return two ? { id: ALIAS_IDS.get(two)!, length: 2 } : undefined;
}

/** Bare "Dynamics" only when it follows a word that introduces a tool ("we use Dynamics"). */
function dynamicsAlone(tokens: string[], i: number): { id: string; length: number } | undefined {
  const usable = /^(?:use|using|on|in|with|from|to|into|our)$/.test(tokens[i - 1] ?? '');
  return tokens[i] === 'dynamics' && usable ? { id: 'dynamics', length: 1 } : undefined;
}

/** Common-word names ("slack", "excel", "outlook", "notion", "zoom") need to be used as names. */
function plausibleWord(tokens: string[], i: number, id: string): boolean {
  const before = tokens[i - 1] ?? '';
  const after = tokens[i + 1] ?? '';
  switch (id) {
    case 'excel':
      return !/^(?:at|in)$/.test(after) || /^(?:use|using|in|on|with|to|from|into)$/.test(before);
    case 'slack':
      return !/^(?:some|cut|the|any|much|more|less|pick|off)$/.test(before) && after !== 'off';
    case 'outlook':
    case 'notion':
      return !/^(?:the|a|an|positive|negative|good|bad)$/.test(before);
    case 'zoom':
    case 'oracle':
    case 'stripe':
      return (
        /^(?:use|using|on|in|with|from|to|into|our|and|or|via|through)$/.test(before) ||
        /^(?:integration|account|calls?)$/.test(after)
      );
    default:
      return true;
  }
}

const USAGE_IN_QUESTION = /^(?:use|using|we're|on|have|run|runs|live|rely|our|my)$/;

interface IntegrationFacts {
  used: string[];
  notUsed: string[];
  askedAbout: string[];
}

function integrationFacts(ctx: Ctx): IntegrationFacts {
  const status = new Map<string, 'used' | 'notUsed'>();
  const asked = new Set<string>();
  const mentions = integrationMentions(ctx);
  const listNegated = negatedLists(ctx, mentions);
  for (const mention of mentions) {
    const negated =
      ctx.negated[mention.start] || listNegated.has(mention) || negatedAfter(ctx.tokens, mention.end);
    if (negated) {
      status.set(mention.id, 'notUsed');
      continue;
    }
    if (considering(ctx, mention.start) && !ctx.questions[mention.start]) continue;
    if (ctx.questions[mention.start]) {
      asked.add(mention.id);
      if (!ownedInQuestion(ctx, mention)) continue;
    }
    status.set(mention.id, 'used');
  }
  genericCrm(ctx, mentions, status);
  const pick = (s: 'used' | 'notUsed') => [...status].filter(([, v]) => v === s).map(([id]) => id);
  return { used: pick('used'), notUsed: pick('notUsed'), askedAbout: [...asked] };
}

const CONSIDERING = words(
  'thinking considering consider planning plan evaluating might exploring trialing trialling testing maybe possibly',
);

/** "thinking of switching to HubSpot": a tool they may adopt is neither used nor rejected. */
function considering(ctx: Ctx, index: number): boolean {
  const c = ctx.clause[index];
  for (let k = index - 1; k >= 0 && ctx.clause[k] === c; k--) {
    const token = ctx.tokens[k]!;
    if (CONSIDERING.has(token) || (token === 'looking' && /^(?:at|into)$/.test(ctx.tokens[k + 1] ?? '')))
      return true;
  }
  return false;
}

/** "do you integrate with our Salesforce?" says they have Salesforce as well as asking. */
function ownedInQuestion(ctx: Ctx, mention: Mention): boolean {
  const { tokens, clause } = ctx;
  const c = clause[mention.start];
  const before = tokens[mention.start - 1] ?? '';
  if (before === 'our' || before === 'my') return true;
  return tokens.some(
    (t, k) => clause[k] === c && USAGE_IN_QUESTION.test(t) && /^(?:we|i|we're)$/.test(tokens[k - 1] ?? t),
  );
}

/** "Salesforce isn't something we use", "HubSpot we don't have". */
function negatedAfter(tokens: string[], end: number): boolean {
  const next = `${tokens[end] ?? ''} ${tokens[end + 1] ?? ''} ${tokens[end + 2] ?? ''}`;
  return /^(?:isn't|is not|aren't|are not|wasn't|is no longer|we don't|we do not|we never|we no longer|we stopped|we dropped|we left|we ditched|we cancelled)\b/.test(
    next,
  );
}

/**
 * "we don't use HubSpot, Salesforce or Pipedrive": the comma starts a new clause, but a list that
 * ends in "or"/"nor"/"and" still belongs to the negated clause before it.
 */
function negatedLists(ctx: Ctx, mentions: Mention[]): Set<Mention> {
  const { tokens, clause } = ctx;
  const result = new Set<Mention>();
  const listOnly = (c: number) =>
    tokens.every(
      (t, k) =>
        clause[k] !== c ||
        mentions.some((m) => k >= m.start && k < m.end) ||
        /^(?:or|and|nor|either|neither|even|also)$/.test(t),
    );
  const maxClause = Math.max(-1, ...clause);
  for (let c = 1; c <= maxClause; c++) {
    const prev = mentions.find((m) => clause[m.start] === c - 1);
    if (!prev || !ctx.negated[prev.start]) continue;
    let end = c;
    while (end <= maxClause && listOnly(end) && tokens.some((_, k) => clause[k] === end)) end++;
    const lastStart = tokens.findIndex((_, k) => clause[k] === end - 1);
    if (end === c || !/^(?:or|and|nor)$/.test(tokens[lastStart] ?? '')) continue;
    for (const m of mentions) if (clause[m.start]! >= c && clause[m.start]! < end) result.add(m);
  }
  return result;
}

/** "no CRM yet": a negated generic CRM with no named one in that clause. */
function genericCrm(ctx: Ctx, mentions: Mention[], status: Map<string, 'used' | 'notUsed'>): void {
  ctx.tokens.forEach((t, i) => {
    if (t !== 'crm' || !ctx.negated[i]) return;
    if (mentions.some((m) => ctx.clause[m.start] === ctx.clause[i])) return;
    status.set('crm', 'notUsed');
  });
}

// =============================================================================================
// Use case, industry, urgency, role

const USE_CASE_WORDS: Array<[UseCase, number, string]> = [
  [
    'sales',
    3,
    'sales contracts|sales contract|sales documents|sales proposals|order forms|order form|statements of work|statement of work',
  ],
  ['sales', 2, 'proposals|proposal|quotes|quote|quotations|pitches|pitch|sows|sow|estimates'],
  ['sales', 1, 'sales|deals|deal|prospects|clients|pipeline|closing|renewals|upsell|pricing'],
  [
    'hr',
    3,
    'offer letters|offer letter|human resources|employment contracts|employment agreements|employee handbook|new hire paperwork|onboarding documents',
  ],
  ['hr', 2, 'hr|onboarding|hiring|hires|new hires|employment|candidates|recruiting|people ops|payroll'],
  ['hr', 1, 'employee forms|policies|handbook'],
  [
    'procurement',
    3,
    'purchase orders|purchase order|procurement|vendor contracts|vendor agreements|supplier agreements|rfps|rfqs',
  ],
  ['procurement', 2, 'vendors|vendor|suppliers|supplier|sourcing|purchasing|rfp|rfq'],
  ['legal', 3, 'ndas|nda|non-disclosure|msas|msa|legal documents|legal agreements'],
  ['legal', 2, 'legal|compliance|waivers|waiver|terms and conditions|leases|lease'],
  ['legal', 1, 'contracts|contract|agreements|agreement'],
  [
    'other',
    2,
    'invoices|invoice|consent forms|intake forms|permission slips|patient forms|enrollment forms|receipts|applications|registration forms',
  ],
];
const USE_CASE_ORDER: UseCase[] = ['sales', 'hr', 'procurement', 'legal', 'other'];

const USE_CASE_TABLE = USE_CASE_WORDS.flatMap(([useCase, weight, list]) =>
  list.split('|').map((phrase) => ({ useCase, weight, parts: phrase.split(' ') })),
).sort((a, b) => b.parts.length - a.parts.length);

function useCaseOf(ctx: Ctx): UseCase | undefined {
  const { tokens } = ctx;
  const scores = new Map<UseCase, number>();
  for (let i = 0; i < tokens.length; i++) {
    if (ctx.negated[i]) continue;
    const hit = USE_CASE_TABLE.find((e) => e.parts.every((p, k) => tokens[i + k] === p));
    if (!hit) continue;
    scores.set(hit.useCase, (scores.get(hit.useCase) ?? 0) + hit.weight);
    i += hit.parts.length - 1;
  }
  let best: UseCase | undefined;
  for (const useCase of USE_CASE_ORDER) {
    if ((scores.get(useCase) ?? 0) > (best ? scores.get(best)! : 0)) best = useCase;
  }
  return best;
}

const INDUSTRIES: Array<[string, RegExp]> = [
  ['legal services', /\b(?:law firm|law office|legal services|law practice)\b/],
  ['recruiting', /\b(?:recruiting|staffing|recruitment|talent) (?:agency|firm|company|business)\b/],
  ['insurance', /\binsurance\b/],
  ['real estate', /\b(?:real estate|realtors?|property management|brokerage|realty)\b/],
  [
    'marketing',
    /\b(?:marketing|advertising|ad|digital|creative|seo|pr|branding) (?:agency|firm|company|shop|consultancy|studio)\b|\bdigital marketing\b/,
  ],
  [
    'software',
    /\b(?:saas|software (?:company|startup|business|firm|vendor)|tech (?:company|startup)|dev shop|we (?:build|make|sell) software)\b/,
  ],
  [
    'healthcare',
    /\b(?:healthcare|health care|clinic|medical|hospital|dental|dentist|pharmacy|chiropractic|physical therapy|veterinary|home health)\b/,
  ],
  [
    'financial services',
    /\b(?:financial services|financial advis\w+|wealth management|bank|banking|fintech|accounting firm|cpa firm|lending|lender|mortgage|credit union|investment firm|private equity|venture capital|bookkeeping (?:firm|business))\b/,
  ],
  ['education', /\b(?:education|edtech|school|university|college|academy|tutoring)\b/],
  [
    'construction',
    /\b(?:construction|general contractor|roofing|hvac|plumbing|remodel\w*|home improvement|landscaping|builders?)\b/,
  ],
  ['manufacturing', /\bmanufactur\w*\b/],
  ['nonprofit', /\b(?:non-?profit|charity|ngo|foundation)\b/],
  ['consulting', /\b(?:consulting|consultancy)\b/],
  ['logistics', /\b(?:logistics|freight|trucking|shipping company|3pl|supply chain)\b/],
  ['hospitality', /\b(?:hospitality|hotel|restaurant|catering|venue|events? company)\b/],
  ['retail', /\b(?:retail|e-?commerce|online store|shopify store)\b/],
  ['automotive', /\b(?:automotive|car dealership|dealership|auto shop)\b/],
  ['energy', /\b(?:solar|energy|utilities|oil and gas|renewables?)\b/],
  ['media', /\b(?:media company|publishing|publisher|production company|film|video production)\b/],
  ['government', /\b(?:government|municipality|city council|public sector|federal|state agency)\b/],
  ['agency', /\bagency\b/],
];
const ORG_NOUN =
  '(?:company|firm|agency|business|startup|shop|practice|studio|consultancy|provider|manufacturer|distributor|contractor|brokerage|clinic|group|outfit)';
const GENERIC_INDUSTRY = new RegExp(
  `\\b(?:we're|we are|i'm at|i work (?:at|for)|we run|i run|i own|we own) (?:a|an) ((?:[a-z-]+ ){1,3})${ORG_NOUN}\\b`,
);
const NOT_INDUSTRY = words(`
  small big large tiny growing young new early-stage remote local global family family-owned b2b b2c
  mid-size midsize mid-sized boutique independent little fast-growing well-known busy the
`);

function industryOf(text: string): string | undefined {
  const known = INDUSTRIES.find(([, pattern]) => pattern.test(text))?.[0];
  if (known) return known;
  const generic = GENERIC_INDUSTRY.exec(text)?.[1];
  if (!generic) return undefined;
  const kept = generic
    .trim()
    .split(' ')
    .filter((w) => !NOT_INDUSTRY.has(w) && !/\d|person|people|man|strong/.test(w));
  return kept.length > 0 && kept.every((w) => !ALIAS_IDS.has(w)) ? kept.join(' ') : undefined;
}

const URGENCIES: Array<[Urgency, RegExp]> = [
  [
    'exploring',
    /\b(?:just (?:exploring|looking|browsing|curious|researching|poking around)|no rush|not in a (?:rush|hurry)|no (?:real |specific |set )?(?:timeline|deadline)|not urgent|nothing urgent|kicking the tires|early days|early stages?|down the road|someday|at some point|next year|eventually|in the future|researching options)\b/,
  ],
  [
    'this_week',
    /\b(?:asap|as soon as possible|urgent(?:ly)?|right away|immediately|this week|(?:by|for) (?:today|tomorrow)|need (?:it|this) (?:today|tomorrow)|by (?:monday|tuesday|wednesday|thursday|friday)|(?:by|before|within) (?:next|this|the) week|in the next (?:few|couple of) days|end of (?:the |this )?week|needed it yesterday)\b/,
  ],
  [
    'this_month',
    /\b(?:this month|next few weeks|in a few weeks|(?:in|within) (?:a|one|two|2|three|3|a couple of|the next couple of) weeks?|by the end of the month|end of (?:the |this )?month|next month|within (?:a|the) month)\b/,
  ],
  [
    'this_quarter',
    /\b(?:this quarter|next quarter|end of (?:the )?quarter|in (?:a couple of|a few|two|2|three|3|the next few) months|within (?:the next )?(?:two|three|2|3|a few) months|by q[1-4]|in q[1-4]|this q[1-4]|next q[1-4])\b/,
  ],
];
/** Timing words in a clause about the meeting itself are not urgency ("can we talk this week?"). */
const MEETING_WORDS =
  /\b(?:call|meet|meeting|demo|chat|talk|book|schedule|available|free|slot|works for me)\b/;

function urgencyOf(text: string): Urgency | undefined {
  for (const clause of text.split(/[,;.!?]|\bbut\b/)) {
    for (const [urgency, pattern] of URGENCIES) {
      const match = pattern.exec(clause);
      if (!match) continue;
      const before = clause.slice(0, match.index);
      if (urgency !== 'exploring' && /\b(?:not|no|isn't|aren't)\s+(?:\w+\s+)?$/.test(before)) continue;
      const timeOnly =
        urgency !== 'exploring' && !/asap|urgent|soon|right|immediately|yesterday/.test(match[0]);
      if (timeOnly && MEETING_WORDS.test(clause)) continue;
      return urgency;
    }
  }
  return undefined;
}

const JOB_HEADS = words(`
  manager director head lead officer ceo cfo coo cto cmo cro cio vp svp evp founder cofounder co-founder
  owner president partner assistant coordinator specialist consultant analyst associate executive rep
  representative admin administrator paralegal attorney lawyer counsel recruiter engineer developer
  designer marketer accountant bookkeeper broker agent realtor principal controller chief secretary clerk
  intern strategist generalist planner buyer ae sdr bdr csm am treasurer dentist doctor physician nurse
  teacher professor dean superintendent editor producer officer supervisor estimator underwriter
  proprietor entrepreneur freelancer contractor architect scientist researcher operator
`);
const NOT_ROLE = words('user customer member person fan beginner newbie one guy fine good here');
const ROLE_INTRO =
  /\b(?:i'm|i am|im|as|i work as|my (?:role|title|position|job) is|my job title is)\s+(?:the |a |an |our |their |currently |now |also )*([a-z][a-z&/ -]{1,60})/g;
const NAME_THEN_ROLE =
  /\b(?:i'm|i am|this is|it's) [a-z]+(?: [a-z]+)? , (?:the |a |an |our )?([a-z][a-z&/ -]{1,60})/g;
const RUN_INTRO =
  /\b(?:i (?:run|lead|head|head up|manage|oversee|own|am in charge of)|i'm in charge of|i'm responsible for)\s+(?:the |our |all |all of )?([a-z]+(?: [a-z]+)?)/;
const ROLE_STOP =
  /\s(?:at|for|in|with|and|but|so|here|on|who|that|from|of (?:a|an|the|our|this)|we|i|looking|trying|calling)\b.*$/;

function roleOf(text: string): string | undefined {
  for (const match of [...text.matchAll(ROLE_INTRO), ...text.matchAll(NAME_THEN_ROLE)]) {
    const role = trimRole(match[1]!);
    if (role) return role;
  }
  const run = RUN_INTRO.exec(text);
  if (run) {
    const area = ` ${run[1]!}`
      .replace(ROLE_STOP, '')
      .trim()
      .replace(/\s+(?:team|department|dept|side|org)$/, '');
    if (
      DEPARTMENTS.has(area.split(' ')[0]!) ||
      /^(?:ops|operations|revenue|growth|business development|people)$/.test(area)
    ) {
      return `head of ${area}`;
    }
  }
  return undefined;
}

/** Cuts "head of ops at a dental clinic" to "head of ops"; accepts it only if it names a job. */
function trimRole(raw: string): string | undefined {
  const phrase = raw
    .replace(ROLE_STOP, '')
    .replace(/[^a-z&/ -]+$/, '')
    .trim();
  const parts = phrase.split(' ').filter(Boolean);
  if (parts.length === 0 || parts.length > 5) return undefined;
  const ofAt = parts.indexOf('of');
  if (ofAt > 0 && JOB_HEADS.has(parts[ofAt - 1]!) && parts.length > ofAt + 1) return parts.join(' ');
  const last = parts[parts.length - 1]!;
  if (NOT_ROLE.has(last) || !(JOB_HEADS.has(last) || JOB_HEADS.has(last.replace(/s$/, '')))) return undefined;
  return parts.join(' ');
}

// =============================================================================================
// Public API

/** Everything one utterance says about the user's team, volume, tools, use case, timing and role. */
export function extractFactMentions(text: string): FactMentions {
  const ctx = buildContext(text);
  const clean = ctx.tokens.join(' ').replace(/ ' s\b/g, "'s");
  const integrations = integrationFacts(ctx);
  const facts: FactMentions = {
    ...countFacts(ctx),
    integrationsUsed: integrations.used,
    integrationsNotUsed: integrations.notUsed,
    integrationsAskedAbout: integrations.askedAbout,
  };
  const optional = {
    useCase: useCaseOf(ctx),
    industry: industryOf(clean),
    urgency: urgencyOf(clean),
    role: roleOf(clean),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (facts as unknown as Record<string, unknown>)[key] = value;
  }
  return facts;
}
