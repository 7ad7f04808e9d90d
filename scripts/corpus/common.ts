import type { Scenario } from '../scenarios.js';

/** The fixed clock every scenario runs on unless it sets its own `now`. */
export const NOW_ISO = '2026-11-25T15:00:00Z';
export const DEFAULT_TZ = 'America/New_York';

/** Browser zones the corpus spreads its users across. */
export const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Australia/Sydney',
] as const;

/** Replies longer than this are too long for chat or voice; 70 when Sarah lists slots. */
export const MAX_WORDS = 60;
export const MAX_WORDS_WITH_SLOTS = 70;

/** An honest "I don't know" (the wording the contract accepts). */
export const DONT_KNOW =
  "not sure|don't (know|have)|do not (know|have)|couldn't find|could not find|can't (find|confirm)|cannot (find|confirm)|no (article|information)|don't see";
/** Sarah's generic "didn't understand" line: wrong for anything a person would reasonably say. */
export const NOT_CAUGHT = 'not sure I caught';
export const EMPATHY = "sorry|understand|frustrat|stress|hear you|annoying|that's (a lot|rough|tough)";
export const SELF_SERVE_HELP = 'guide|help cent(er|re)|self-serve|in-app|help article';
export const NO_BOOKING = { tools_not_called: ['book_meeting'] };

/** Seeded, deterministic RNG (mulberry32) so the corpus is the same on every run. */
export class Rng {
  #state: number;
  constructor(seed: string) {
    let h = 1779033703 ^ seed.length;
    for (let i = 0; i < seed.length; i++) {
      h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
      h = (h << 13) | (h >>> 19);
    }
    this.#state = h >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
}

/** Fills `{key}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`template "${template}" needs {${key}}`);
    return String(values[key]);
  });
}

/** Voice transcripts: lower case, no punctuation except what an address needs. */
export function voice(text: string): string {
  return text
    .toLowerCase()
    .replace(/\b([ap])\.m\./g, '$1m')
    .replace(/[,.!?;]+(?=\s|$)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const FIRST = [
  'jordan',
  'priya',
  'marcus',
  'elena',
  'tom',
  'aisha',
  'kenji',
  'sofia',
  'liam',
  'fatima',
  'noah',
  'grace',
  'diego',
  'hannah',
  'omar',
  'chloe',
  'raj',
  'megan',
  'lukas',
  'zoe',
  'samir',
  'olivia',
];
const LAST = [
  'lee',
  'patel',
  'nguyen',
  'garcia',
  'okafor',
  'schmidt',
  'brown',
  'kowalski',
  'rossi',
  'dubois',
  'tanaka',
  'murphy',
  'silva',
  'cohen',
  'walsh',
  'khan',
  'fischer',
  'martin',
  'reyes',
  'hughes',
];
const DOMAINS = ['example.com', 'example.org', 'example.net', 'acme-example.com', 'brightco.example'];

export interface Person {
  first: string;
  email: string;
  /** How the person says it: typed, with a preamble, or dictated. */
  emailTurn: string;
}

export function person(rng: Rng, spoken = false): Person {
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const domain = rng.pick(DOMAINS);
  const local = rng.pick([`${first}.${last}`, `${first[0]}${last}`, `${first}`, `${first}.${last[0]}`]);
  const email = `${local}@${domain}`;
  const emailTurn = spoken
    ? `${local.replace('.', ' dot ')} at ${domain.replace(/\./g, ' dot ')}`
    : fill(
        rng.pick([
          '{e}',
          'its {e}',
          "it's {e}",
          'sure, {e}',
          '{e} thanks',
          'use {e} please',
          'my email is {e}',
          'you can send it to {e}',
          '{e} is best',
        ]),
        { e: email },
      );
  return { first, email, emailTurn };
}

export const CONFIRM_YES = [
  'yes',
  'yep thats right',
  "yes that's right",
  'correct',
  'perfect, book it',
  'yes please go ahead',
  'sounds good, book it',
  'yeah that works',
  'yup',
  'yes thank you',
  'looks right, go for it',
  'Yes.',
];

export const INDUSTRIES = [
  'marketing agency',
  'insurance brokerage',
  'saas startup',
  'construction firm',
  'staffing agency',
  'law firm',
  'real estate brokerage',
  'it consultancy',
  'solar installer',
  'architecture studio',
  'logistics company',
  'dental group',
];

/** Builds a scenario with the global defaults applied. */
export function scenario(
  category: string,
  name: string,
  turns: string[],
  expect: Scenario['expect'],
  options: { tz?: string; now?: string } = {},
): Scenario {
  return {
    name,
    category,
    tz: options.tz ?? DEFAULT_TZ,
    ...(options.now && options.now !== NOW_ISO ? { now: options.now } : {}),
    turns,
    expect: { max_agent_words: MAX_WORDS, ...expect },
  };
}

/** Escapes a literal for use inside a regex pattern. */
export function re(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
