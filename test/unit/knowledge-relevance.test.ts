import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/services/knowledge/corpus.js';
import { EmbeddedKnowledgeBase } from '../../src/services/knowledge/embedded.js';

// Questions a trialist might ask, each with the article(s) that really answer it.
// The first list was used while tuning; the HELD_OUT lists were written first and only run at the end.
type Answerable = [question: string, ids: string[]];

const ANSWERABLE: Answerable[] = [
  ['how do I add a pricing table to my template?', ['pricing-tables']],
  ['how do templates work?', ['templates-and-variables']],
  ['how do I make a templete with the clients name filled in automaticaly', ['templates-and-variables']],
  ['where do i put the signiture field', ['send-document-for-signature', 'fillable-fields']],
  [
    "so we're a small agency and I was wondering how I'd go about sending the same agreement to a bunch of people at once",
    ['bulk-send'],
  ],
  ['my client says they never got the email with the contract', ['recipient-did-not-get-email']],
  ["the signer says she can't see where to sign", ['signature-field-not-showing']],
  ['can I make one person sign before the other', ['signing-order']],
  ['is an electronic signature actually legally binding', ['esignature-legal-validity']],
  ['what happens to my documents when the trial runs out', ['when-the-trial-ends']],
  ["can I get a few more days on my trial, we're still waiting on IT", ['extend-your-trial']],
  ['how do I add my colleagues so they can try it too', ['invite-teammates-during-trial']],
  ['do you integrate with hubspot', ['hubspot-integration']],
  ['can I connect it to salesforce opportunities', ['salesforce-integration']],
  ['we use pipedrive for our deals, does that hook up', ['pipedrive-integration']],
  ['does it work with microsoft dynamics', ['other-crm-integrations']],
  ['can I hook it up to zapier so a row gets added to a spreadsheet', ['zapier-integration']],
  ['how do I get paid through stripe', ['stripe-payments', 'collect-payments-on-signing']],
  ['can clients pay with paypal', ['paypal-payments']],
  ['how do I add VAT to a quote', ['pricing-table-taxes']],
  ['can I give a 10 percent discount on one line item', ['pricing-table-discounts']],
  ['I want the client to be able to pick optional add-ons in the quote', ['pricing-table-optional-items']],
  ["what's CPQ and do you have a product catalog", ['quotes-cpq-basics']],
  ['how do I upload an existing pdf', ['import-documents']],
  ['can I import a word doc', ['import-documents']],
  ['how do I put our logo and brand colors on everything', ['branding-and-themes']],
  ['is there a place to store reusable sections like our company bio', ['content-library']],
  ['can I make a web form people fill out from a link', ['create-a-form']],
  ['how do I add checkboxes and dropdowns for the recipient to fill in', ['fillable-fields']],
  [
    'can I get an alert when someone opens my proposal',
    ['document-notifications', 'document-tracking-analytics'],
  ],
  ['can I see how long they spent on the pricing page', ['document-tracking-analytics']],
  ['what does the status viewed mean', ['document-statuses']],
  ["why is my document stuck in draft, the send button won't work", ['document-stuck-in-draft']],
  ['I need to change something in a document I already sent', ['edit-a-sent-document']],
  ['how do reminders work, and can the quote expire after 30 days', ['reminders-and-expiration']],
  ['how do I set permissions so only admins can change settings', ['roles-and-workspaces']],
  ['do you support SSO with okta', ['sso-saml']],
  ['are you SOC 2 compliant, our security team is asking', ['security-and-soc2']],
  ["what about GDPR, we're based in Germany and need a DPA", ['gdpr']],
  ['is there an api I can use to create documents from our app', ['api-overview']],
  ['how do I get an api key for testing', ['sandbox-api-key']],
  ['can I embed the signing inside our own web app in an iframe', ['embedded-signing']],
  ['how do webhooks work for when a document is completed', ['webhooks']],
  ['where do I find the certificate of completion', ['audit-trail']],
  ["what's included in the free esign plan", ['free-esign-plan']],
  ["what plans do you have and what's the difference between starter and business", ['plans-overview']],
  ['how do I upgrade to the business plan', ['upgrade-or-change-plan']],
  ['how does the free trial work', ['how-the-free-trial-works']],
  ['how do you compare to proposify', ['pandadoc-vs-proposify']],
  ["we're currently on hellosign, why would we switch", ['pandadoc-vs-dropbox-sign']],
  ['how is this different from adobe sign', ['pandadoc-vs-adobe-acrobat-sign']],
  [
    "okay so I've been playing around with it for a few days and um I'm trying to figure out how to send the document over to my client so they can sign it",
    ['send-document-for-signature'],
  ],
  ['can my client sign it on their phone', ['mobile-signing-and-app']],
  ["we're trying to pick between a few tools, how should we evaluate them", ['choosing-a-document-tool']],
  ['can my manager approve a document before it goes out', ['approval-workflows']],
  ['docusign', ['pandadoc-vs-docusign']],
];

const UNANSWERABLE: string[] = [
  'can a notary witness the signing?',
  "what's the weather like?",
  'is that booked?',
  'which time zone is that?',
  'did you get my email?',
  'can you mail paper copies to my clients',
  'can I print the contract and post it to them',
  'tell me a joke',
  'how old are you',
  'are you married',
  'where are you based sarah',
  "what's your favorite color",
  'can pandadoc do my payroll',
  'does pandadoc have a built in crm with lead scoring',
  'can I edit videos in pandadoc',
  'does it have a built in accounting ledger like quickbooks',
  'does pandadoc do project management with gantt charts',
  'can it transcribe my phone calls',
  'can I translate a document into french automatically',
  'do you have a time tracking feature for billable hours',
  'can I schedule social media posts',
  "what's the score of the game last night",
  'who won the world cup',
  'can you recommend a good restaurant nearby',
  "what's 15 times 23",
  'hola, necesito ayuda con mi cuenta',
  'wie kann ich ein Dokument unterschreiben',
  'bonjour, est-ce que vous parlez français',
  'what time is it',
  'can you hear me okay',
  'sorry, what was the second option again',
  'could you repeat that',
  'what day is the meeting',
  'is the meeting on zoom or google meet',
  "what's your name",
  'are you a real person',
  'do you sell office furniture',
  'can I order business cards',
  'can I get a notarized copy of the signed document',
  'can I send a physical letter by certified mail',
  'how do I reset my iphone',
  "what's the best pizza topping",
  "I'd like to talk about the weather in Paris",
  'is that in eastern time or pacific',
  'okay great thanks',
  'how much is a flight to new york',
  'can I host a webinar for my customers in pandadoc',
];

const HELD_OUT_ANSWERABLE: Answerable[] = [
  [
    'hey um quick one, if my client wants to pay with their credit card right when they sign, can pandadoc do that?',
    ['collect-payments-on-signing', 'stripe-payments'],
  ],
  [
    "we've got like 200 contractors who all need to sign the same agreement, is there a way to blast it out to all of them?",
    ['bulk-send'],
  ],
  ['how long is the trial and do I need to put in a card', ['how-the-free-trial-works']],
  [
    'my boss has to okay big discounts before the quote goes out, can pandadoc enforce that',
    ['approval-workflows', 'pricing-table-discounts'],
  ],
  ['Does it work with Zoho', ['other-crm-integrations']],
  ['I accidentally sent the contract with a typo, can I still fix it', ['edit-a-sent-document']],
  ['can clients sign from their iphone', ['mobile-signing-and-app']],
  ['whats the difference between you guys and docusign', ['pandadoc-vs-docusign']],
  [
    'is there a sandbox so our devs can test the api without messing up real docs',
    ['sandbox-api-key', 'api-overview'],
  ],
  [
    "so I'm in healthcare, like a small clinic, and we'd be sending patient intake stuff, are you guys hipaa compliant",
    ['hipaa'],
  ],
];

const HELD_OUT_UNANSWERABLE: string[] = [
  'can I fax the signed contract to my lawyer',
  "what's the capital of australia",
  'can you recommend a good accountant in Denver',
  'are you free for lunch tomorrow',
  'does pandadoc have a built in video conferencing feature for client meetings',
  'can I have the signed copies printed and mailed to my clients',
  'what did you say your name was again',
  '¿Cómo puedo cambiar el idioma de la aplicación?',
  'will it rain in London this weekend',
  'tell me a fun fact about pandas',
];

let kb: EmbeddedKnowledgeBase;
beforeAll(async () => {
  kb = new EmbeddedKnowledgeBase(await loadCorpus(path.resolve(import.meta.dirname, '../../knowledge')));
});

const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}% (${n}/${d})`;

async function measure(answerable: Answerable[], unanswerable: string[], label: string) {
  const misses: string[] = [];
  let correct = 0;
  for (const [question, ids] of answerable) {
    const top = (await kb.search(question, { limit: 3 }))[0];
    if (top && ids.includes(top.id)) correct++;
    else misses.push(`  answerable: "${question}" -> ${top ? `${top.id} (${top.relevance})` : 'nothing'}`);
  }
  let refused = 0;
  for (const question of unanswerable) {
    const hits = await kb.search(question, { limit: 3 });
    if (hits.length === 0) refused++;
    else misses.push(`  unanswerable: "${question}" -> ${hits[0]!.id} (${hits[0]!.relevance})`);
  }
  console.log(
    `[knowledge relevance] ${label}: top-1 precision ${pct(correct, answerable.length)}, ` +
      `no-hit on unanswerable ${pct(refused, unanswerable.length)}` +
      (misses.length ? `\n${misses.join('\n')}` : ''),
  );
  return { precision: correct / answerable.length, refusal: refused / unanswerable.length };
}

describe('grounded knowledge search', () => {
  it('tuning tables: answers what the corpus answers, and nothing else', async () => {
    expect(ANSWERABLE.length).toBeGreaterThanOrEqual(40);
    expect(UNANSWERABLE.length).toBeGreaterThanOrEqual(40);
    const { precision, refusal } = await measure(ANSWERABLE, UNANSWERABLE, 'tuning tables');
    expect(precision).toBeGreaterThanOrEqual(0.85);
    expect(refusal).toBeGreaterThanOrEqual(0.9);
  });

  it('held-out tables (written first, checked only at the end)', async () => {
    const { precision, refusal } = await measure(
      HELD_OUT_ANSWERABLE,
      HELD_OUT_UNANSWERABLE,
      'held-out tables',
    );
    // Small samples, measured blind once: 5/10 answered correctly, 10/10 refused (6/10 after fixing
    // "whats" without an apostrophe, which that run exposed). Recall on paraphrases
    // that share few words with an article ("blast it out", "okay big discounts") is the known weak side,
    // so only grounding is guarded here; precision is reported.
    expect(precision).toBeGreaterThanOrEqual(0.4);
    expect(refusal).toBeGreaterThanOrEqual(0.8);
  });
});
