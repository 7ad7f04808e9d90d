import type { Scenario } from '../scenarios.js';
import { DONT_KNOW, NOT_CAUGHT, ZONES, scenario, voice, type Rng } from './common.js';

/** Questions the help articles in knowledge/ do not answer, with the claim that would be a lie. */
const UNANSWERABLE: Array<{ q: string[]; claim: string }> = [
  {
    q: [
      'can pandadoc notarize my documents?',
      'do you guys offer remote online notarization for real estate closings',
    ],
    claim: 'notar',
  },
  {
    q: [
      'can pandadoc print my proposals and mail paper copies to my clients',
      'my clients are old school, can you print the contract and post it to them for me?',
    ],
    claim: '(print|mail|post)',
  },
  {
    q: [
      'can i fax a contract straight from pandadoc',
      'does pandadoc have a fax number where clients can fax back signed pages',
    ],
    claim: 'fax',
  },
  {
    q: [
      'what are your phone support hours for our research station in antarctica',
      'we have a team at mcmurdo station, antarctica. when is phone support open for them?',
    ],
    claim: '(phone|support).{0,40}(open|available|hours)',
  },
  {
    q: ['does pandadoc run payroll too?', 'can i pay my employees salaries through pandadoc'],
    claim: 'payroll|salar',
  },
  {
    q: [
      'can pandadoc edit the videos we embed in proposals, like trim and add captions',
      'is there a video editor in pandadoc',
    ],
    claim: 'video',
  },
  {
    q: ['can pandadoc file my taxes', 'will pandadoc do my quarterly tax returns'],
    claim: 'tax return|file (your|my) tax',
  },
  { q: ['does pandadoc integrate with my tesla so i can sign from the car screen'], claim: 'tesla' },
  { q: ['can i book flights and hotels for client visits inside pandadoc'], claim: 'flight|hotel' },
  {
    q: [
      'does pandadoc have a carrier pigeon delivery option lol',
      'can documents be delivered by courier with a wet ink copy',
    ],
    claim: 'pigeon|courier',
  },
  {
    q: [
      'can pandadoc translate my contract into japanese automatically',
      'does it auto translate proposals to portuguese',
    ],
    claim: 'translat',
  },
  { q: ['can pandadoc put my signed contracts on the blockchain as an nft'], claim: 'blockchain|nft' },
  { q: ['can pandadoc mail a paper check to my vendor when the contract is signed'], claim: 'check|cheque' },
  {
    q: [
      'whats the street address of your office in reykjavik',
      'do you have an office in nairobi i can visit',
    ],
    claim: 'office',
  },
];

/** Questions the help articles do answer: a phrase from the right article must show up. */
const ANSWERABLE: Array<{ q: string[]; kw: string }> = [
  {
    q: ['how do i add a table with prices to my proposal', 'hi, hw do i put a pricing table in a template??'],
    kw: 'pricing table|drag',
  },
  {
    q: ['can i make the client sign first before my boss countersigns', 'how do i control who signs first'],
    kw: 'signing order',
  },
  {
    q: ['how do i nudge people who havent signed yet', 'can it automatically remind clients to sign'],
    kw: 'remind',
  },
  {
    q: [
      'i need to send the same policy doc to 200 employees, each signs their own',
      'is there a way to mass send one contract to a list of people',
    ],
    kw: 'bulk send|csv',
  },
  {
    q: ['how long is the free trial', 'do i need a credit card for the trial? how many days do i get'],
    kw: '14',
  },
  {
    q: [
      'my client says they never got the email to sign',
      "recipient didn't get the document email, what do i do",
    ],
    kw: 'spam|resend',
  },
  {
    q: ['can i change a contract after i already sent it', 'oops i sent it with a typo, can i still edit it'],
    kw: 'draft',
  },
  {
    q: [
      'are e-signatures actually legally binding',
      'will an electronic signature hold up legally in the us',
    ],
    kw: 'ESIGN|UETA|eIDAS|legal',
  },
  {
    q: ['how do i take card payments when a client signs', 'can clients pay with stripe after signing'],
    kw: 'stripe|payment',
  },
  {
    q: ['can we log in with okta', 'do you support single sign on'],
    kw: 'SAML|identity provider|single sign-on|SSO',
  },
  {
    q: ['how do i make the client name fill in automatically', 'what are variables in templates'],
    kw: 'variable|token',
  },
  {
    q: ['can my clients sign on their phone', 'do signers need to download an app'],
    kw: 'phone|mobile|browser',
  },
  {
    q: ['we are a clinic, is pandadoc hipaa compliant', 'do you sign a BAA'],
    kw: 'HIPAA|BAA|business associate',
  },
  { q: ['can i connect pandadoc to zapier', 'how do i automate stuff with zapier'], kw: 'zap' },
  { q: ['can i upload a word doc i already have', 'how do i import an existing pdf'], kw: 'upload|import' },
  {
    q: ['how do i add my coworkers to the trial', 'can i invite teammates while im still on the trial'],
    kw: 'invite',
  },
  {
    q: ['what happens to my documents when the trial ends', 'will i lose my templates after the trial'],
    kw: "not deleted|stays?\\b|remain|keep|won't (be )?(deleted|lose)",
  },
  {
    q: ['my document is stuck in draft and wont send', 'why cant i send this doc, it just stays in draft'],
    kw: 'recipient|field|variable|approval',
  },
  {
    q: ['how do i get a sandbox api key', 'where do developers get a test api key'],
    kw: 'sandbox|developer dashboard',
  },
  { q: ['how do i add vat to my quote', 'can the pricing table calculate sales tax'], kw: 'tax|VAT' },
  { q: ['how do i connect hubspot', 'does pandadoc work inside hubspot deals'], kw: 'hubspot' },
  {
    q: ['is there an audit trail showing who signed', 'how do i prove when the client signed'],
    kw: 'audit trail|certificate',
  },
];

const PREAMBLES = [
  '',
  '',
  'quick question - ',
  'hey, ',
  'sorry if this is dumb but ',
  'ok so ',
  'Hi Sarah! ',
  'um ',
];
const FOLLOW_UPS = [
  'tell me more',
  'can you say that more simply',
  'wait what do you mean',
  'explain that like im 5 lol',
  'ok and then what',
  'can you go into a bit more detail',
];

export function generateUnanswerable(rng: Rng): Scenario[] {
  const out: Scenario[] = [];
  let i = 0;
  for (const item of UNANSWERABLE) {
    for (const q of item.q) {
      const spoken = i % 4 === 3;
      const text = `${rng.pick(PREAMBLES)}${q}`;
      const turns = i % 5 === 2 ? ['hi', spoken ? voice(text) : text] : [spoken ? voice(text) : text];
      out.push(
        scenario(
          'unanswerable',
          `unanswerable${spoken ? ' voice' : ''}: "${q}"`,
          turns,
          {
            agent_says: [DONT_KNOW],
            agent_never_says: [
              `\\b(yes|yep|absolutely|of course|definitely)\\b[^.?!]{0,60}(${item.claim})`,
              NOT_CAUGHT,
            ],
          },
          { tz: ZONES[i % ZONES.length] },
        ),
      );
      i++;
    }
  }
  return out;
}

export function generateAnswerable(rng: Rng): Scenario[] {
  const out: Scenario[] = [];
  let i = 0;
  for (const item of ANSWERABLE) {
    for (const q of item.q) {
      const spoken = i % 4 === 1;
      const raw = `${rng.pick(PREAMBLES)}${q}`;
      const text = spoken ? voice(raw) : raw;
      const follow = i % 4 === 3 ? rng.pick(FOLLOW_UPS) : undefined;
      out.push(
        scenario(
          'answerable',
          `answerable${spoken ? ' voice' : ''}${follow ? ` + "${follow}"` : ''}: "${q}"`,
          follow ? [text, follow] : [text],
          {
            tools_called: ['search_knowledge'],
            agent_says: [item.kw],
            ...(follow ? { last_agent_matches: [item.kw] } : {}),
            agent_never_says: ["couldn't find|don't have a good answer|rather not guess", NOT_CAUGHT],
          },
          { tz: ZONES[(i * 5) % ZONES.length] },
        ),
      );
      i++;
    }
  }
  return out;
}
