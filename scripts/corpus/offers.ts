import type { Scenario } from '../scenarios.js';
import { MAX_WORDS_WITH_SLOTS, ZONES, person, scenario, type Rng } from './common.js';
import { RECIPE_FOR_STATE, bookingTurns, findRequest } from './booking.js';
import { ZONE_PATTERNS, timePattern, utc } from './calendar.js';
import { qualifiedFacts, smallFacts } from './facts.js';

const CATEGORY = 'offers_state';
const ASKS_EMAIL = 'what(.s| is) your email|which email|email address should|where should i send';

export function generateOffers(rng: Rng): Scenario[] {
  const out: Scenario[] = [];
  let i = 0;
  const tz = () => ZONES[i++ % ZONES.length]!;

  // "Yes" to Sarah's guide offer, then an email.
  for (let k = 0; k < 6; k++) {
    const facts = smallFacts(rng);
    const who = person(rng);
    // Explicit about the guide, so the answer does not hinge on which offer Sarah made last.
    const yes = [
      'yes please send me that guide',
      'sure, can you send me a getting started guide',
      'yeah a getting started guide would help, send it over',
      'yes please, email me the guide',
    ][k % 4]!;
    out.push(
      scenario(
        CATEGORY,
        `guide offer accepted then email: "${facts.text}" … "${yes}"`,
        [
          facts.text,
          rng.pick(['whats the best way to get started?', 'can i get a demo?', 'where do i even begin']),
          yes,
          who.emailTurn,
        ],
        { tools_called: ['send_resource'], tools_not_called: ['book_meeting'], end: { booking: 'absent' } },
        { tz: tz() },
      ),
    );
  }

  // The email given inline with the request: never asked for again.
  for (const text of [
    'send me the getting started guide at sam.rivera@example.com',
    'can you email the setup guide to priya@example.org please',
    'pls send a getting started guide to tom.k@example.net, its just me',
    "i'd like the guide. my email's aisha.khan@example.com",
    'email me something to get started: marcus.b@brightco.example',
  ]) {
    out.push(
      scenario(
        CATEGORY,
        `guide requested with the email inline: "${text}"`,
        [text],
        { tools_called: ['send_resource'], agent_never_says: [ASKS_EMAIL] },
        { tz: tz() },
      ),
    );
  }

  // Declining an offer: nothing is sent.
  for (const no of ['no thanks', 'nah im good', 'no, not right now']) {
    const facts = smallFacts(rng);
    out.push(
      scenario(
        CATEGORY,
        `guide offer declined: "${facts.text}" … "${no}"`,
        [facts.text, 'how do i get started', no],
        {
          tools_not_called: ['send_resource', 'book_meeting'],
          agent_never_says: ["I've emailed|I have emailed"],
        },
        { tz: tz() },
      ),
    );
  }

  // Questions about a booking just made, answered from state.
  const STATE_QUESTIONS: Array<{ q: string; kind: 'time' | 'zone' | 'email' | 'day' }> = [
    { q: 'is that booked?', kind: 'time' },
    { q: 'wait so is it confirmed? what time again', kind: 'time' },
    { q: 'what time zone was that?', kind: 'zone' },
    { q: 'is that my time zone or yours?', kind: 'zone' },
    { q: 'when is my meeting again', kind: 'time' },
    { q: 'which email did you book it under', kind: 'email' },
    { q: 'what time is the call', kind: 'time' },
    { q: 'what timezone is that in', kind: 'zone' },
    { q: 'just to double check, what day is the call on?', kind: 'day' },
    { q: 'sorry what email did you use', kind: 'email' },
  ];
  STATE_QUESTIONS.forEach(({ q, kind }, k) => {
    const zone = tz();
    const facts = qualifiedFacts(rng);
    const request = findRequest(rng, zone, RECIPE_FOR_STATE + k);
    const { turns, email } = bookingTurns(rng, facts, request, k % 2 === 0 ? 'A' : 'B', false);
    // When the user named a zone, Sarah may answer in that zone or in the browser's: both are right.
    const zones = [...new Set([zone, request.wordsZone])];
    const last =
      kind === 'time'
        ? zones.map((z) => timePattern(request.instant, z)).join('|')
        : kind === 'zone'
          ? zones.map((z) => ZONE_PATTERNS[z]!).join('|')
          : kind === 'day'
            ? zones.map((z) => request.instant.setZone(z).toFormat('cccc|LLLL d')).join('|')
            : email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out.push(
      scenario(
        CATEGORY,
        `after booking, "${q}" (${zone})`,
        [...turns, q],
        {
          tools_called: ['book_meeting'],
          tools_not_called: ['search_knowledge'],
          last_agent_matches: [last],
          max_agent_words: MAX_WORDS_WITH_SLOTS,
          end: { 'booking.startUtc': utc(request.instant) },
        },
        { tz: zone },
      ),
    );
  });
  return out;
}
