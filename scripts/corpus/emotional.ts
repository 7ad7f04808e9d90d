import type { Scenario } from '../scenarios.js';
import { EMPATHY, NOT_CAUGHT, ZONES, scenario, voice, type Rng } from './common.js';

const CATEGORY = 'emotional';

/** Annoyed but not distressed: acknowledge, keep helping, no hand-off. */
const MILD = [
  'ugh this editor is kind of annoying tbh',
  "honestly i'm a bit frustrated, nothing is where i expect it",
  'this is taking way longer than i hoped',
  'meh, the setup is confusing',
  'kinda annoyed, i clicked around for 20 min and got nowhere',
  "i'm a little overwhelmed by all the options",
  'not gonna lie this is a bit of a pain',
  'sigh. long day and this isnt helping',
];

/** Real anger or distress: bring in a person. */
const ANGRY = [
  "this is useless, i'm furious",
  "i've wasted three hours on this garbage and i'm absolutely livid",
  'this is the worst software i have ever used, i am so angry right now',
  "i'm losing a client because of your product, this is a disaster and i'm furious",
  'ARE YOU KIDDING ME. this is completely broken and useless',
  "i'm honestly in tears, the contract is due in an hour and nothing works, i can't take this",
  'this is unacceptable. i am beyond furious with pandadoc',
  "you are useless. absolutely useless. i'm so done with this",
];

/** Stressed, with a real question: the empathy line and the answer, no hand-off. */
const STRESSED_QUESTION: Array<{ q: string; kw: string }> = [
  {
    q: "i'm so stressed, my boss needs this contract out today and the client says they didn't get the email",
    kw: 'spam|resend',
  },
  {
    q: 'ugh im panicking a bit, how do i set who signs first, the ceo has to sign last',
    kw: 'signing order',
  },
  {
    q: "i'm really stressed out, how do i add a pricing table before my 3pm pitch",
    kw: 'pricing table|drag',
  },
  { q: 'frustrated!! my doc is stuck in draft and wont send, why', kw: 'recipient|field|variable|approval' },
  { q: 'this is stressing me out, i sent it with a typo, can i still edit it', kw: 'draft' },
  { q: 'annoyed. how do i remind people to sign, they keep ignoring it', kw: 'remind' },
  {
    q: "i'm freaking out a little, what happens to my stuff when the trial ends tomorrow",
    kw: "not deleted|stays?\\b|remain|keep|won't (be )?(deleted|lose)",
  },
  {
    q: 'so stressed, need to send one contract to 150 contractors by friday, is there a bulk option',
    kw: 'bulk send|csv',
  },
  { q: 'kinda frustrated, how do i get my logo and brand colors on the docs', kw: 'brand|logo|theme' },
  {
    q: "i'm under a lot of pressure here, can clients pay by card when they sign",
    kw: 'stripe|paypal|payment',
  },
];

export function generateEmotional(rng: Rng): Scenario[] {
  const out: Scenario[] = [];
  MILD.forEach((text, i) => {
    const spoken = i % 3 === 2;
    const turns = i % 2 === 0 ? [text] : ['hi', text];
    out.push(
      scenario(
        CATEGORY,
        `emotional mild${spoken ? ' voice' : ''}: "${text}"`,
        spoken ? turns.map(voice) : turns,
        {
          tools_not_called: ['request_human'],
          agent_says: [EMPATHY],
          agent_never_says: [NOT_CAUGHT],
          end: { handoff: false },
        },
        { tz: ZONES[i % ZONES.length] },
      ),
    );
  });
  ANGRY.forEach((text, i) => {
    const spoken = i % 3 === 1;
    const turns =
      i % 2 === 0 ? [text] : [rng.pick(['how do i add a signature field', 'my doc wont send']), text];
    out.push(
      scenario(
        CATEGORY,
        `emotional angry${spoken ? ' voice' : ''}: "${text}"`,
        spoken ? turns.map(voice) : turns,
        { agent_says: [EMPATHY], end: { handoff: true } },
        { tz: ZONES[(i + 3) % ZONES.length] },
      ),
    );
  });
  STRESSED_QUESTION.forEach(({ q, kw }, i) => {
    const spoken = i % 4 === 3;
    out.push(
      scenario(
        CATEGORY,
        `emotional stressed with a question${spoken ? ' voice' : ''}: "${q}"`,
        [spoken ? voice(q) : q],
        {
          tools_called: ['search_knowledge'],
          tools_not_called: ['request_human'],
          agent_says: [EMPATHY, kw],
          end: { handoff: false },
        },
        { tz: ZONES[(i + 5) % ZONES.length] },
      ),
    );
  });
  return out;
}
