import { DateTime } from 'luxon';
import type { Scenario } from '../scenarios.js';
import {
  CONFIRM_YES,
  MAX_WORDS_WITH_SLOTS,
  ZONES,
  fill,
  person,
  scenario,
  voice,
  type Rng,
} from './common.js';
import {
  NOW,
  available,
  clearlyUnavailable,
  tryTimeRequest,
  utc,
  type ClockKind,
  type DayKind,
  type TimeRequest,
} from './calendar.js';
import { CALL_REQUESTS, qualifiedFacts, type Facts } from './facts.js';

const CATEGORY = 'booking';

const TIME_WRAP = [
  '{t} works',
  'how about {t}',
  'can we do {t}',
  '{t} is good for me',
  'does {t} work',
  'i could do {t}',
  '{t}?',
  'um {t} would be great',
  'lets go with {t}',
  '{t} if you have it',
  'I am free {t}',
  '{t} would suit me best',
];

/** Which ways of saying a time the plain booking scenarios cycle through. */
const RECIPES: Array<[DayKind, ClockKind]> = [
  ['coming_weekday', 'bare'],
  ['coming_weekday', 'ampm'],
  ['coming_weekday', 'bare'],
  ['coming_weekday', 'half'],
  ['coming_weekday', 'words'],
  ['coming_weekday', 'zoned'],
  ['same_weekday', 'bare'],
  ['next_weekday', 'bare'],
  ['next_weekday', 'ampm'],
  ['next_week_weekday', 'bare'],
  ['next_week_weekday', 'zoned'],
  ['week_after_next', 'ampm'],
  ['week_after_next', 'bare'],
  ['tomorrow', 'bare'],
  ['tomorrow', 'ampm'],
  ['today', 'bare'],
  ['date_ordinal', 'bare'],
  ['date_ordinal', 'ampm'],
  ['date_month', 'ampm'],
  ['date_month', 'zoned'],
  ['coming_weekday', 'noon'],
  ['next_weekday', 'zoned'],
  ['next_week_weekday', 'half'],
  ['date_ordinal', 'half'],
];

/** Where the after-booking questions start in the recipe cycle. */
export const RECIPE_FOR_STATE = 3;

function shortZone(tz: string): string {
  return tz.split('/')[1]!.replace('_', ' ');
}

/** Finds an available request for this zone, trying recipes in order from `start`. */
export function findRequest(
  rng: Rng,
  tz: string,
  start: number,
  avoid?: DateTime,
  allowZoned = true,
): TimeRequest {
  for (let r = 0; r < RECIPES.length; r++) {
    const [day, clk] = RECIPES[(start + r) % RECIPES.length]!;
    if (clk === 'zoned' && !allowZoned) continue;
    for (let attempt = 0; attempt < 60; attempt++) {
      const request = tryTimeRequest(rng, tz, day, clk);
      if (request && !(avoid && +request.instant === +avoid)) return request;
    }
  }
  throw new Error(`no available time request for ${tz}`);
}

function timeTurn(rng: Rng, request: TimeRequest, spoken: boolean): string {
  const text = fill(rng.pick(TIME_WRAP), { t: request.phrase });
  return spoken ? voice(text) : text;
}

function bookingExpect(facts: Facts, request: TimeRequest): Scenario['expect'] {
  return {
    tools_called: ['book_meeting'],
    ...(request.wrong.length > 0 ? { agent_never_says: request.wrong } : {}),
    max_agent_words: MAX_WORDS_WITH_SLOTS,
    end: { ...facts.end, 'booking.startUtc': utc(request.instant) },
  };
}

/** The turns of a complete booking up to and including the final "yes". */
export function bookingTurns(
  rng: Rng,
  facts: Facts,
  request: TimeRequest,
  flow: string,
  spoken: boolean,
): { turns: string[]; email: string } {
  const who = person(rng, spoken && rng.chance(0.5));
  const call = spoken ? voice(rng.pick(CALL_REQUESTS)) : rng.pick(CALL_REQUESTS);
  const time = timeTurn(rng, request, spoken);
  const yes = rng.pick(CONFIRM_YES);
  const joiner = spoken ? ' ' : rng.pick([', ', '. ', ' - ', ' and ']);
  let turns: string[];
  switch (flow) {
    case 'A':
      turns = [facts.text, call, time, who.emailTurn, yes];
      break;
    case 'B':
      turns = [`${facts.text}${joiner}${call}`, time, who.emailTurn, yes];
      break;
    case 'C':
      turns = [facts.text, `${call}${rng.pick([' ', ', ', ' - '])}${request.phrase}`, who.emailTurn, yes];
      break;
    case 'D':
      turns = [
        `${facts.text}${joiner}${call}${rng.pick([' ', ', ', ' - '])}${request.phrase}?`,
        who.emailTurn,
        yes,
      ];
      break;
    default:
      turns = [call, facts.text, time, who.emailTurn, yes];
  }
  return { turns: turns.map((t) => (spoken ? voice(t) : t)), email: who.email };
}

export function generateBooking(rng: Rng): Scenario[] {
  const out: Scenario[] = [];
  const flows = ['A', 'B', 'C', 'D', 'E'];

  // 1. Plain bookings: every recipe, every zone, every flow.
  for (let i = 0; i < 72; i++) {
    const tz = ZONES[i % ZONES.length]!;
    const spoken = i % 4 === 3;
    const facts = qualifiedFacts(rng, spoken);
    const request = findRequest(rng, tz, i);
    const flow = flows[i % flows.length]!;
    const { turns } = bookingTurns(rng, facts, request, flow, spoken);
    out.push(
      scenario(
        CATEGORY,
        `booking [${request.dayKind}/${request.clockKind}] ${shortZone(tz)}${spoken ? ' voice' : ''}: "${request.phrase}"`,
        turns,
        bookingExpect(facts, request),
        { tz },
      ),
    );
  }

  // 2. A change of mind before confirming: "actually make it 4".
  for (let i = 0; i < 8; i++) {
    const tz = ZONES[(i * 2) % ZONES.length]!;
    const facts = qualifiedFacts(rng);
    let first: TimeRequest | undefined;
    let second: { instant: DateTime; words: string } | undefined;
    for (let attempt = 0; attempt < 200 && !second; attempt++) {
      first = findRequest(rng, tz, rng.int(0, RECIPES.length - 1));
      if (first.clockKind === 'zoned') continue;
      const said = rng.pick([9, 10, 11, 1, 2, 3, 4]);
      const half = rng.chance(0.25);
      const local = first.instant.setZone(first.wordsZone);
      const instant = local.set({ hour: said < 8 ? said + 12 : said, minute: half ? 30 : 0 });
      if (+instant !== +first.instant && available(instant, first.wordsZone)) {
        second = { instant, words: `${said}${half ? ':30' : ''}` };
      }
    }
    if (!first || !second) throw new Error('no change-of-mind pair');
    const who = person(rng);
    const change = fill(
      rng.pick([
        'actually make it {h}',
        'sorry, can we do {h} instead',
        'wait, make that {h} same day',
        'hmm actually {h} would be better',
      ]),
      { h: second.words },
    );
    out.push(
      scenario(
        CATEGORY,
        `booking change before confirming ${shortZone(tz)}: "${first.phrase}" then "${change}"`,
        [
          facts.text,
          rng.pick(CALL_REQUESTS),
          timeTurn(rng, first, false),
          who.emailTurn,
          change,
          rng.pick(CONFIRM_YES),
        ],
        {
          tools_called: ['book_meeting'],
          max_agent_words: MAX_WORDS_WITH_SLOTS,
          end: { ...facts.end, 'booking.startUtc': utc(second.instant) },
        },
        { tz },
      ),
    );
  }

  // 3. "None of those work", then a time of their own.
  const NONE = [
    'none of those work for me, how about {t}',
    'hmm none of those times are good. {t}?',
    'those dont work, could we do {t} instead',
    'i cant do any of those, is {t} possible',
  ];
  for (let i = 0; i < 8; i++) {
    const tz = ZONES[(i * 4 + 1) % ZONES.length]!;
    const facts = qualifiedFacts(rng);
    const request = findRequest(rng, tz, i * 3);
    const who = person(rng);
    out.push(
      scenario(
        CATEGORY,
        `booking none of those work ${shortZone(tz)}: "${request.phrase}"`,
        [
          facts.text,
          rng.pick(CALL_REQUESTS),
          fill(rng.pick(NONE), { t: request.phrase }),
          who.emailTurn,
          rng.pick(CONFIRM_YES),
        ],
        bookingExpect(facts, request),
        { tz },
      ),
    );
  }

  // 4. Picking one of Sarah's offered slots by reference (the exact instant is Sarah's to offer).
  const REFS = [
    'the later one',
    'the first one works',
    'lets do the second one',
    'the last one please',
    'first one',
    'the earliest one is fine',
    'option 2',
    'the second time you said',
  ];
  for (let i = 0; i < REFS.length; i++) {
    const tz = ZONES[(i * 5) % ZONES.length]!;
    const facts = qualifiedFacts(rng);
    const who = person(rng);
    out.push(
      scenario(
        CATEGORY,
        `booking by slot reference ${shortZone(tz)}: "${REFS[i]}"`,
        [`${facts.text}. ${rng.pick(CALL_REQUESTS)}`, REFS[i]!, who.emailTurn, rng.pick(CONFIRM_YES)],
        {
          tools_called: ['book_meeting'],
          max_agent_words: MAX_WORDS_WITH_SLOTS,
          end: { ...facts.end, booking: 'present' },
        },
        { tz },
      ),
    );
  }

  // 5. Moving a booked meeting.
  const MOVE = [
    'can we move it to {t}?',
    'something came up, could we push it to {t}',
    'actually can you reschedule that to {t}',
    'i need to change it, {t} instead please',
  ];
  for (let i = 0; i < 8; i++) {
    const tz = ZONES[(i * 7 + 2) % ZONES.length]!;
    const facts = qualifiedFacts(rng);
    // A named zone in the first request would make a later bare "2pm" ambiguous (which zone?).
    const first = findRequest(rng, tz, i * 2, undefined, false);
    const moved = findRequest(rng, tz, i * 2 + 7, first.instant);
    const { turns } = bookingTurns(rng, facts, first, 'A', false);
    const move = fill(rng.pick(MOVE), { t: moved.phrase });
    // Sarah may mention the old time while moving it; never forbid that.
    const oldLabel = first.instant.setZone(tz).toFormat("LLLL d 'at' h:mm a");
    const movedWrong = moved.wrong.filter((p) => !new RegExp(p, 'i').test(oldLabel));
    out.push(
      scenario(
        CATEGORY,
        `booking moved ${shortZone(tz)}: "${first.phrase}" then "${moved.phrase}"`,
        [...turns, move, rng.pick(['yes', 'yes please', 'yep', 'perfect thanks'])],
        {
          tools_called: ['book_meeting'],
          ...(movedWrong.length > 0 ? { agent_never_says: movedWrong } : {}),
          max_agent_words: MAX_WORDS_WITH_SLOTS,
          end: { ...facts.end, 'booking.startUtc': utc(moved.instant) },
        },
        { tz },
      ),
    );
  }

  // 6. Cancelling a booked meeting.
  const CANCEL = [
    'please cancel it',
    'actually cancel the meeting, something came up',
    'can you cancel that booking',
    'never mind, cancel the call please',
    'i need to cancel, sorry',
    'pls cancel my meeting',
  ];
  for (let i = 0; i < CANCEL.length; i++) {
    const tz = ZONES[(i * 3 + 1) % ZONES.length]!;
    const facts = qualifiedFacts(rng);
    const request = findRequest(rng, tz, i * 5);
    const { turns } = bookingTurns(rng, facts, request, 'B', false);
    out.push(
      scenario(
        CATEGORY,
        `booking cancelled ${shortZone(tz)}: "${CANCEL[i]}"`,
        [...turns, CANCEL[i]!, rng.pick(['yes cancel it', 'yes', 'yes please'])],
        {
          tools_called: ['book_meeting'],
          max_agent_words: MAX_WORDS_WITH_SLOTS,
          end: { ...facts.end, booking: 'absent' },
        },
        { tz },
      ),
    );
  }

  // 7. A time that is not available: no wrong booking, alternatives offered instead.
  out.push(...unavailable(rng));
  return out;
}

interface Unavailable {
  tz: string;
  phrase: string;
  /** The instant the words mean, in the user's zone (checked to be unavailable). */
  local: { date: string; hour: number; minute?: number };
  why: string;
}

const UNAVAILABLE: Unavailable[] = [
  {
    tz: 'America/New_York',
    phrase: 'saturday at 11',
    local: { date: '2026-11-28', hour: 11 },
    why: 'weekend',
  },
  {
    tz: 'Europe/London',
    phrase: 'sunday afternoon at 2',
    local: { date: '2026-11-29', hour: 14 },
    why: 'weekend',
  },
  {
    tz: 'America/Chicago',
    phrase: 'this saturday 10am',
    local: { date: '2026-11-28', hour: 10 },
    why: 'weekend',
  },
  { tz: 'Australia/Sydney', phrase: 'saturday at 9', local: { date: '2026-11-28', hour: 9 }, why: 'weekend' },
  {
    tz: 'America/New_York',
    phrase: 'thanksgiving day at 3pm',
    local: { date: '2026-11-26', hour: 15 },
    why: 'US holiday, London closed',
  },
  {
    tz: 'America/Los_Angeles',
    phrase: 'nov 26 at 1pm',
    local: { date: '2026-11-26', hour: 13 },
    why: 'US holiday, London closed',
  },
  {
    tz: 'America/New_York',
    phrase: 'december 18th at 2pm',
    local: { date: '2026-12-18', hour: 14 },
    why: 'beyond 14 days',
  },
  {
    tz: 'Europe/Paris',
    phrase: 'the 22nd at 10am',
    local: { date: '2026-12-22', hour: 10 },
    why: 'beyond 14 days',
  },
  {
    tz: 'America/Denver',
    phrase: 'monday at 7pm',
    local: { date: '2026-11-30', hour: 19 },
    why: 'evening, no rep',
  },
  {
    tz: 'Europe/Berlin',
    phrase: 'tuesday at 7am',
    local: { date: '2026-12-01', hour: 7 },
    why: 'before 8 in the user zone',
  },
  {
    tz: 'America/New_York',
    phrase: 'right now, like in 20 minutes',
    local: { date: '2026-11-25', hour: 10, minute: 30 },
    why: 'too soon',
  },
  { tz: 'Asia/Kolkata', phrase: 'friday at 9pm', local: { date: '2026-11-27', hour: 21 }, why: 'evening' },
  {
    tz: 'America/Chicago',
    phrase: 'january 5th at 11',
    local: { date: '2027-01-05', hour: 11 },
    why: 'beyond 14 days',
  },
];

function unavailable(rng: Rng): Scenario[] {
  return UNAVAILABLE.map((u, i) => {
    const instant = DateTime.fromISO(u.local.date, { zone: u.tz }).set({
      hour: u.local.hour,
      minute: u.local.minute ?? 0,
    });
    if (!clearlyUnavailable(instant, u.tz, NOW)) throw new Error(`"${u.phrase}" is available after all`);
    const facts = qualifiedFacts(rng);
    const call = rng.pick(CALL_REQUESTS);
    const turns =
      i % 2 === 0 ? [facts.text, call, `can we do ${u.phrase}`] : [`${facts.text}, ${call}`, `${u.phrase}?`];
    return scenario(
      CATEGORY,
      `booking unavailable (${u.why}) ${shortZone(u.tz)}: "${u.phrase}"`,
      turns,
      {
        ...{ tools_not_called: ['book_meeting'] },
        last_agent_matches: ['\\b\\d{1,2}(:\\d{2})? ?(AM|PM)\\b'],
        max_agent_words: MAX_WORDS_WITH_SLOTS,
        end: { booking: 'absent' },
      },
      { tz: u.tz },
    );
  });
}
