import type { Scenario } from '../scenarios.js';
import { ZONES, scenario, voice, type Rng } from './common.js';

const CATEGORY = 'handoff';

const ASK_PERSON = [
  'can i talk to a real person',
  'i want to speak to a human',
  'is there an actual person i can chat with',
  'get me a human please',
  'Could I speak to someone from your team?',
  'connect me to a live agent',
];
const ASK_AGAIN = [
  'no, i want a human please',
  'a person please',
  'i said a real person',
  'please just connect me to someone',
  'human. now please',
];
const YES = ['yes please', 'yes', 'yeah do that', 'please do', 'yes, a person please'];

const BILLING = [
  'i was charged twice this month and need a refund',
  'why did my card get billed during the free trial?? i want my money back',
  'can you refund my last invoice',
  'i need to change the credit card on our billing account',
  'there is a charge from pandadoc on my statement i dont recognize',
];
const LEGAL = [
  'is my non-compete enforceable in california if we sign it through pandadoc? need legal advice',
  'can you review my contract and tell me if the indemnity clause protects me',
  'my client is threatening to sue over a signed contract, what should i do legally',
  'should i use an llc or sole proprietor name on this contract, legally speaking',
];
const BUGS = [
  'the signature field disappears when i click save, pretty sure its a bug',
  'the app crashes every time i upload a pdf',
  'i found a bug: the pricing table total is wrong when i add a discount',
  'when i hit send i get a blank white screen, tried 3 browsers',
  'the editor keeps freezing and deleting my text, looks like a bug on your end',
];

export function generateHandoff(rng: Rng): Scenario[] {
  const out: Scenario[] = [];
  const expectHandoff = { tools_called: ['request_human'], end: { handoff: true } };
  let i = 0;
  const add = (name: string, turns: string[]) => {
    const spoken = i % 5 === 4;
    out.push(
      scenario(
        CATEGORY,
        `${name}${spoken ? ' voice' : ''}`,
        spoken ? turns.map(voice) : turns,
        expectHandoff,
        {
          tz: ZONES[i % ZONES.length],
        },
      ),
    );
    i++;
  };
  ASK_PERSON.forEach((ask, k) =>
    add(`asks twice for a person: "${ask}"`, [ask, ASK_AGAIN[k % ASK_AGAIN.length]!]),
  );
  ASK_PERSON.slice(0, 5).forEach((ask, k) =>
    add(`yes to the offer of a person: "${ask}"`, [ask, YES[k % YES.length]!]),
  );
  BILLING.forEach((text) => add(`billing: "${text}"`, [text]));
  LEGAL.forEach((text) => add(`legal advice: "${text}"`, [text]));
  BUGS.forEach((text) => add(`bug report: "${text}"`, rng.chance(0.5) ? [text] : ['hi', text]));
  return out;
}
