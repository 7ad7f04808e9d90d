import type { Scenario } from '../scenarios.js';
import { ZONES, scenario, voice, type Rng } from './common.js';

const CATEGORY = 'negation_context';
const DEMO = [
  'could we get a demo with your sales team?',
  'can i book a call with sales',
  'id like a demo please',
];
const SELF_SERVE_END = { 'qualification.tier': 'self_serve', booking: 'absent' };

interface Item {
  name: string;
  turns: string[];
  expect: Scenario['expect'];
}

export function generateNegation(rng: Rng): Scenario[] {
  const items: Item[] = [];
  const selfServe = (name: string, turns: string[], teamSize?: number) =>
    items.push({
      name,
      turns: [...turns, rng.pick(DEMO)],
      expect: {
        tools_not_called: ['book_meeting', 'check_availability'],
        end: { ...(teamSize === undefined ? {} : { 'qualification.teamSize': teamSize }), ...SELF_SERVE_END },
      },
    });

  // "We don't use X" and merely asking about X.
  selfServe(
    "doesn't use a CRM",
    ["we're three people and we don't use hubspot or salesforce, just google sheets"],
    3,
  );
  selfServe("doesn't use salesforce", ['its 2 of us. we dont have salesforce'], 2);
  selfServe('no CRM at all', ['no crm at all, we are not on hubspot or anything. me and my cofounder'], 2);
  selfServe('never used the api', ["we've never touched the api and don't plan to, team of 4"], 4);
  selfServe(
    'asks about hubspot without using it',
    ["does it work with hubspot? we don't have it yet, just curious. it's me and one other person"],
    2,
  );
  selfServe(
    'asks about salesforce for later',
    ['just me for now. is there a salesforce integration? not that we use salesforce'],
    1,
  );
  selfServe(
    'stopped using hubspot',
    ['we used to be on hubspot but cancelled it last year, now its 3 of us on spreadsheets'],
    3,
  );

  // Signers are not the team; the company is not the team.
  selfServe('signers vs team', ["each contract needs 6 signatures but it's just me sending them"], 1);
  selfServe(
    'client signers vs team',
    ['our contracts go to 10 signers on the client side, but only 2 of us send them'],
    2,
  );
  selfServe('company vs team', ['200-person company but only 3 of us send quotes'], 3);
  selfServe(
    'company vs team, voice',
    [voice('so the company is like 500 people but its just me and two others doing proposals')],
    3,
  );
  selfServe('offices are not people', ['we have 12 offices but im the only one who does contracts'], 1);

  // Corrections.
  selfServe('correction down', ["we're 12 people", "sorry, it's 2 not 12"], 2);
  selfServe('correction typo', ['team of 40', 'oops typo, 4 not 40'], 4);
  items.push({
    name: 'correction up',
    turns: ["we're 3 people", 'wait actually its 30, i forgot the regional team'],
    expect: { end: { 'qualification.teamSize': 30, 'qualification.tier': 'sales_ready' } },
  });

  // Ranges: not a fact yet, Sarah asks.
  for (const text of [
    'we would be somewhere between 4 and 8 people using it',
    'anywhere from 3 to 10 people depending on the quarter',
    'maybe 4 or 6 of us, not sure yet',
  ]) {
    items.push({
      name: `range: "${text}"`,
      turns: [text, 'can we book a call?'],
      expect: {
        tools_not_called: ['book_meeting'],
        last_agent_matches: ['\\?'],
        agent_says: ['how many|exact|closer to|roughly|number|\\b(4|8|3|10|6)\\b'],
        end: { booking: 'absent' },
      },
    });
  }

  // Vague amounts near the threshold: Sarah checks her reading, "yes" makes it a fact.
  for (const text of [
    'we send roughly a hundred proposals a month',
    'about 120 contracts monthly i think',
    "we're around six people",
  ]) {
    items.push({
      name: `vague figure near the threshold confirmed: "${text}"`,
      turns: [text, rng.pick(['yes', 'yeah about that', 'yep roughly'])],
      expect: {
        agent_says: ['about|around|roughly|approximately|so .*\\?'],
        end: { 'qualification.tier': 'sales_ready' },
      },
    });
  }
  // Vague amounts far past it qualify whatever the exact figure: recorded without a question.
  for (const text of [
    'we send a few hundred proposals a month',
    'a couple hundred contracts monthly i think',
    'hundreds of quotes a month honestly',
  ]) {
    items.push({
      name: `vague volume far past the threshold recorded: "${text}"`,
      turns: [text],
      expect: {
        agent_never_says: ['just to check'],
        end: { 'qualification.tier': 'sales_ready' },
      },
    });
  }

  // Numbers inside email addresses are not facts.
  items.push({
    name: 'digits in an email do not change team size',
    turns: ["we're 3 people, reach me at team5@example.com"],
    expect: { end: { 'qualification.teamSize': 3, 'qualification.tier': 'self_serve' } },
  });
  items.push({
    name: 'digits in an email do not change volume',
    turns: ['my email is sales100@example.com, we do about 20 contracts a month, 2 of us'],
    expect: {
      end: {
        'qualification.teamSize': 2,
        'qualification.monthlyVolume': 20,
        'qualification.tier': 'self_serve',
      },
    },
  });
  items.push({
    name: 'digits in an email mid-conversation',
    turns: ['team of 4', 'you can reach me at ops12.team@example.org'],
    expect: { end: { 'qualification.teamSize': 4, 'qualification.tier': 'self_serve' } },
  });

  // Job titles count as people; other numbers do not.
  for (const [text, n] of [
    ["we're 7 paralegals", 7],
    ['our team is 9 account execs', 9],
    ['there are 6 recruiters on my team', 6],
  ] as const) {
    items.push({
      name: `job title: "${text}"`,
      turns: [text],
      expect: { end: { 'qualification.teamSize': n, 'qualification.tier': 'sales_ready' } },
    });
  }
  selfServe('years in business are not people', ["we've been in business 15 years, it's 2 of us"], 2);
  selfServe(
    'deal size is not volume',
    ['our deals average $5000, 3 people on the team, maybe 10 deals a month'],
    3,
  );
  selfServe('price is not team size', ['would the 49 dollar plan work for a team of 2'], 2);

  return items.map((item, i) =>
    scenario(CATEGORY, `negation/context: ${item.name}`, item.turns, item.expect, {
      tz: ZONES[i % ZONES.length],
    }),
  );
}
