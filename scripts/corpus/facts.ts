import { INDUSTRIES, fill, voice, type Rng } from './common.js';

export interface Facts {
  text: string;
  /** What the end event's qualification should hold. */
  end: Record<string, unknown>;
}

const TEAM = [
  "we're a team of {n}",
  'theres {n} of us in sales',
  'about {n} reps would be using it',
  'we have {n} account managers',
  'so we have like {n} people on the team',
  'our sales team is {n} people',
  '{n} people on my team send proposals',
  'im the ops lead for a group of {n}',
  'we are {n} people in the bid team',
];
const VOLUME = [
  'we send around {v} proposals a month',
  'roughly {v} contracts a month go out',
  'we do about {v} quotes per month',
  'probably {v} documents monthly give or take',
  'we push out {v} agreements every month',
  'we send {v} proposals a month',
  '{v} contracts a month',
];
const CRM = [
  { text: 'we run everything out of salesforce', crm: 'salesforce' },
  { text: 'our deals all live in hubspot', crm: 'hubspot' },
  { text: 'we use hubspot for the pipeline', crm: 'hubspot' },
  { text: "we're on salesforce and want docs created from opportunities", crm: 'salesforce' },
  { text: 'we would hook it into our own app through your api', crm: 'api' },
];
const PREAMBLE = ['', 'hi! ', 'hey sarah, ', 'hello, ', 'so ', 'ok so ', 'quick background: ', 'Hi there. '];

/** Facts that make a trialist sales-ready (team ≥ 5, volume ≥ 100, or a CRM/API they use). */
export function qualifiedFacts(rng: Rng, spoken = false): Facts {
  const industry = rng.pick(INDUSTRIES);
  const shape = rng.pick(['team', 'team', 'team_volume', 'volume', 'crm_team', 'crm']);
  const n = rng.pick([5, 6, 7, 8, 9, 10, 12, 14, 15, 18, 20, 25, 30, 40, 45, 60]);
  const v = rng.pick([100, 120, 150, 200, 250, 300, 400, 500, 800]);
  const end: Record<string, unknown> = { 'qualification.tier': 'sales_ready' };
  const a = /^[aeiou]/.test(industry) ? 'an' : 'a';
  const intro = rng.pick([`we're ${a} ${industry}, `, `i work at ${a} ${industry} and `, '', '']);
  let body: string;
  if (shape === 'team') {
    body = fill(rng.pick(TEAM), { n });
    end['qualification.teamSize'] = n;
  } else if (shape === 'volume') {
    body = fill(rng.pick(VOLUME), { v });
    end['qualification.monthlyVolume'] = v;
  } else if (shape === 'team_volume') {
    body = `${fill(rng.pick(TEAM), { n })} and ${fill(rng.pick(VOLUME), { v })}`;
    end['qualification.teamSize'] = n;
    end['qualification.monthlyVolume'] = v;
  } else {
    const crm = rng.pick(CRM);
    body = crm.text;
    if (shape === 'crm_team') {
      const small = rng.int(2, 4);
      body = `${crm.text}, only ${small} of us would use pandadoc though`;
      end['qualification.teamSize'] = small;
    }
  }
  const text = `${rng.pick(PREAMBLE)}${intro}${body}`;
  return { text: spoken ? voice(text) : text, end };
}

const SMALL_TEAM = [
  "it's just me",
  "it's just me and my business partner",
  'just me and one colleague',
  'were a tiny shop, 3 people',
  'there are {n} of us',
  'team of {n}',
  'its me plus {m} part timer',
  "we're {n} people total",
];
const SMALL_VOLUME = [
  'maybe {v} contracts a month',
  'we send like {v} quotes a month',
  'around {v} proposals monthly',
  'a handful, maybe {v} docs a month',
];

/** Facts that keep a trialist self-serve: team under 5, fewer than 100 documents, no CRM/API use. */
export function smallFacts(rng: Rng, spoken = false): Facts {
  const v = rng.pick([3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40]);
  const template = rng.pick(SMALL_TEAM);
  let n: number;
  if (template === "it's just me") n = 1;
  else if (template.includes('partner') || template.includes('one colleague') || template.includes('{m}'))
    n = 2;
  else if (template.includes('3 people')) n = 3;
  else n = rng.int(2, 4);
  const body = `${fill(template, { n, m: 'one' })}, ${fill(rng.pick(SMALL_VOLUME), { v })}`;
  const text = `${rng.pick(PREAMBLE)}${body}`;
  return {
    text: spoken ? voice(text) : text,
    end: {
      'qualification.tier': 'self_serve',
      'qualification.teamSize': n,
      'qualification.monthlyVolume': v,
    },
  };
}

export const CALL_REQUESTS = [
  'can we set up a call with someone on your team',
  'could i get a demo with sales',
  'id like to book a meeting with a product specialist',
  "i'd love a quick walkthrough call",
  'can i schedule a call to go over the business plan',
  'is it possible to get a demo call',
  'yes lets book a call',
  'yeah a call would be great',
  'could we get a meeting on the calendar',
  'book me a demo please',
];
