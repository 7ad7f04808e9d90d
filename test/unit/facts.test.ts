import { describe, expect, it } from 'vitest';
import { editDistance, extractFactMentions } from '../../src/agent/understanding/facts.js';

const facts = extractFactMentions;

describe('team size', () => {
  it.each([
    ['we have 12 paralegals', 12],
    ['9 account managers would use it', 9],
    ['6 closers on my team', 6],
    ['we have 40 reps', 40],
    ['our sales team has 12 reps', 12],
    ['30 people on the sales team', 30],
    ["we're a team of 9", 9],
    ["we're a team of nine", 9],
    ["we're 3", 3],
    ['we are about 15 people', 15],
    ['there are 12 of us', 12],
    ['2 of us will be using it', 2],
    ['just me and a colleague', 2],
    ['me and two others', 3],
    ['me and my cofounder', 2],
    ['my business partner and I', 2],
    ["I'm solo", 1],
    ["it's just me", 1],
    ["I'm the only one sending proposals", 1],
    ['our sales team is 25 strong', 25],
    ['the team is about 10 people', 10],
    ["our team's around eight", 8],
    ['we need 10 seats', 10],
    ['we have 5 AEs and 3 SDRs', 8],
    ["we're a 200-person company but only 6 of us send proposals", 6],
    ['we have 300 employees but only 20 people on the sales team', 20],
    ['a 10-person sales team', 10],
    ['12 estimators', 12],
    ['we have 7 underwriters', 7],
    ["I'm at jordan12@acme.com, we're 4 people", 4],
    ['We are about 25 people, 8 of whom are in sales', 8],
    ["I've got a team of 6 SDRs", 6],
    ['we have 14 field reps and 3 office admins', 17],
    ["it's me and 4 reps", 5],
    ['call 0800 123 456 to reach our 5 reps', 5],
  ] as const)('%s -> %d', (text, value) => {
    expect(facts(text).teamSize?.value).toBe(value);
  });

  it('keeps the range and the approximate flag', () => {
    expect(facts('we have between 4 and 8 reps').teamSize).toEqual({
      value: 6,
      min: 4,
      max: 8,
      approximate: true,
    });
  });

  it.each([
    'we send 40 proposals a month',
    'each contract has 3 signers',
    '2-3 people need to sign',
    'we sent it to 40 clients',
    'can we meet Friday at 3',
    'on the 5th please',
    'it costs $50 a seat',
    'is there 50% off?',
    'call me at 555 0100',
    'my email is jordan12@acme.com',
    "it's j dot smith 12 at acme dot com",
    "we're 3 weeks from launch",
    'we have been around for 12 years',
    'version 2 of the template',
    'we got 10 new hires starting on March 5',
    "we're hiring 5 more reps next quarter",
    'the demo at 10 is fine',
    'give me 5 minutes',
    'one of our reps asked me to look',
    "it's just me asking for my team",
    'How do I add a pricing table?',
    '300 employees',
  ])('%s has no team size', (text) => {
    expect(facts(text).teamSize).toBeUndefined();
  });
});

describe('company size', () => {
  it.each([
    ['we have 300 employees overall', 300],
    ['300 employees', 300],
    ['a company of 80', 80],
    ["we're a 200-person company but only 6 of us send proposals", 200],
    ['our headcount is 300', 300],
    ['we employ about 300 people, the sales team is 12', 300],
    ["we're a 10-person agency", 10],
    ["I'm the CFO of a 60 person company", 60],
    ["we're roughly 50 strong company-wide", 50],
    ["we're 30 people in total", 30],
  ] as const)('%s -> %d', (text, value) => {
    expect(facts(text).companySize?.value).toBe(value);
  });

  it('is not confused with the team', () => {
    const f = facts('we employ about 300 people, the sales team is 12');
    expect(f.teamSize?.value).toBe(12);
    expect(f.companySize).toMatchObject({ value: 300, approximate: true });
  });
});

describe('signers', () => {
  it.each([
    ['each contract has 3 signers', 3],
    ['2-3 people need to sign', 3],
    ['5 approvers', 5],
    ['we sent it to 40 clients', 40],
    ['we send to 2 or 3 signers per contract', 3],
    ['usually between 2 and 4 people sign each agreement', 3],
    ['it goes out to 3 people for approval', 3],
    ['each deal needs 2 people', 2],
  ] as const)('%s -> %d', (text, value) => {
    const f = facts(text);
    expect(f.signers?.value).toBe(value);
    expect(f.teamSize).toBeUndefined();
  });
});

describe('monthly volume', () => {
  it.each([
    ['40 proposals a month', 40],
    ['about 10 a week', 43],
    ['50 contracts a week', 217],
    ['a few hundred contracts per year', 25],
    ['2k docs monthly', 2000],
    ['we send maybe 5 per day', 105],
    ['monthly volume is 300', 300],
    ['roughly 1,200 documents a year', 100],
    ['90 NDAs a quarter', 30],
    ['we do around 15 proposals every week', 65],
    ['every other week we send 20 contracts', 43],
    ['we close 30 deals a month', 30],
    ['we do 30 to 40 deals monthly in Salesforce', 35],
    ['we get about 100 signatures a month', 100],
    ['40 proposals go out every month', 40],
    ['we onboard about 10 new hires a month', 10],
    ["we're a team of 9 and we send about 50 quotes a week via Pipedrive", 217],
  ] as const)('%s -> %d', (text, value) => {
    expect(facts(text).monthlyVolume?.value).toBe(value);
  });

  it('keeps the spread and the approximate flag', () => {
    expect(facts('a few hundred contracts per year').monthlyVolume).toEqual({
      value: 25,
      min: 17,
      max: 42,
      approximate: true,
    });
    expect(facts('40 proposals a month').monthlyVolume?.approximate).toBe(false);
  });

  it.each([
    'twelve people',
    'our reps send between 10 and 20 proposals each per week',
    'we work 5 days a week',
    'we have 40 reps',
    'we pay $50 a month',
  ])('%s has no volume', (text) => {
    expect(facts(text).monthlyVolume).toBeUndefined();
  });
});

describe('integrations', () => {
  it.each([
    ['we use Salesforce', ['salesforce'], [], []],
    ['we live in HubSpot', ['hubspot'], [], []],
    ['our CRM is HubSpot', ['hubspot'], [], []],
    ["we're a HubSpot shop", ['hubspot'], [], []],
    ['we run everything through Salesforce', ['salesforce'], [], []],
    ['we sync deals from Pipedrive', ['pipedrive'], [], []],
    ["we don't use HubSpot or Salesforce, just Pipedrive", ['pipedrive'], ['hubspot', 'salesforce'], []],
    ["we don't use HubSpot, Salesforce, or Pipedrive", [], ['hubspot', 'salesforce', 'pipedrive'], []],
    ['no CRM yet', [], ['crm'], []],
    ["we're not on Salesforce", [], ['salesforce'], []],
    ['we moved off HubSpot', [], ['hubspot'], []],
    ['we used to use HubSpot', [], ['hubspot'], []],
    ["HubSpot isn't something we use", [], ['hubspot'], []],
    ['we switched from HubSpot to Salesforce', ['salesforce'], ['hubspot'], []],
    ['we use Pipedrive instead of Salesforce', ['pipedrive'], ['salesforce'], []],
    ['no we use HubSpot', ['hubspot'], [], []],
    ['do you integrate with Pipedrive?', [], [], ['pipedrive']],
    ['does it work with Salesforce', [], [], ['salesforce']],
    ['is there a HubSpot integration?', [], [], ['hubspot']],
    ['can it connect to Zoho', [], [], ['zoho']],
    ["don't you integrate with Salesforce?", [], [], ['salesforce']],
    [
      'Do you integrate with HubSpot, Salesforce or Pipedrive?',
      [],
      [],
      ['hubspot', 'salesforce', 'pipedrive'],
    ],
    ['we use Zapier and Slack, does it work with Notion?', ['zapier', 'slack'], [], ['notion']],
    ['can it connect to our Salesforce?', ['salesforce'], [], ['salesforce']],
    ["we're on Pipedrive but thinking of switching to HubSpot", ['pipedrive'], [], []],
    ["we're migrating from Zoho to HubSpot", ['hubspot'], ['zoho'], []],
    ['I was wondering if you support Zoho', [], [], ['zoho']],
    ['we use salesfroce and hubsopt', ['salesforce', 'hubspot'], [], []],
    ['pipedrvie is our crm', ['pipedrive'], [], []],
    ['we keep everything in google sheets and quickbooks', ['google_sheets', 'quickbooks'], [], []],
    ['we would integrate it with our own app using webhooks', ['api'], [], []],
    ['we excel at sales and cut our team some slack', [], [], []],
    ['our tech stack is simple', [], [], []],
    ['team dynamics matter', [], [], []],
    ['book me for Monday', [], [], []],
  ] as const)('%s', (text, used, notUsed, asked) => {
    const f = facts(text);
    expect(f.integrationsUsed).toEqual(used);
    expect(f.integrationsNotUsed).toEqual(notUsed);
    expect(f.integrationsAskedAbout).toEqual(asked);
  });
});

describe('corrections and negated amounts', () => {
  it.each([
    ["sorry, it's 2, not 12", 2, 12],
    ['not 12, 2', 2, 12],
    ["it's 2 people not 12", 2, 12],
    ["we're not 50 people, more like 10", 10, 50],
    ['actually we are 20', 20, undefined],
    ['I meant 15', 15, undefined],
    ['make that 8', 8, undefined],
    ['correction: 30 people', 30, undefined],
    ['I said 12 but I meant 2', 2, 12],
  ] as const)('%s -> %d replacing %s', (text, value, replaces) => {
    const correction = facts(text).correction;
    expect(correction?.value.value).toBe(value);
    expect(correction?.replaces).toBe(replaces);
  });

  it('never records the replaced number', () => {
    expect(facts("sorry, it's 2, not 12").teamSize).toBeUndefined();
    expect(facts("it's 2 people not 12").teamSize?.value).toBe(2);
    expect(facts("we're not 50 people, more like 10").teamSize?.value).toBe(10);
    expect(facts('actually we are 20').teamSize?.value).toBe(20);
  });

  it('reports negated amounts instead of recording them', () => {
    const f = facts("we don't send 100 a month");
    expect(f.monthlyVolume).toBeUndefined();
    expect(f.negated).toEqual(['monthlyVolume']);
  });

  it.each(['actually we use HubSpot', "sorry I'm late", 'we have 10 reps'])(
    '%s has no correction',
    (text) => {
      expect(facts(text).correction).toBeUndefined();
    },
  );
});

describe('use case, industry, urgency, role', () => {
  it.each([
    ['We send proposals to clients', 'sales'],
    ['Mostly offer letters for new hires', 'hr'],
    ['We handle purchase orders with vendors', 'procurement'],
    ['Mainly NDAs', 'legal'],
    ['sales contracts and quotes', 'sales'],
    ['mostly invoices', 'other'],
    ['not for sales, for HR onboarding', 'hr'],
  ] as const)('use case of %s is %s', (text, useCase) => {
    expect(facts(text).useCase).toBe(useCase);
  });

  it.each([
    ["We're a small marketing agency", 'marketing'],
    ['I manage a real estate brokerage', 'real estate'],
    ['We run a dental clinic', 'healthcare'],
    ['We are a SaaS startup', 'software'],
    ["we're a law firm", 'legal services'],
    ["we're a solar installation company", 'energy'],
    ["we're a small pet grooming business", 'pet grooming'],
  ] as const)('industry of %s is %s', (text, industry) => {
    expect(facts(text).industry).toBe(industry);
  });

  it.each([
    ['we need this asap', 'this_week'],
    ['we want to roll it out by the end of the month', 'this_month'],
    ['sometime next quarter', 'this_quarter'],
    ['just exploring for now', 'exploring'],
    ["it's not urgent", 'exploring'],
    ['no rush', 'exploring'],
  ] as const)('urgency of %s is %s', (text, urgency) => {
    expect(facts(text).urgency).toBe(urgency);
  });

  it('does not read a meeting time or "right now" as urgency', () => {
    expect(facts('can we talk this week?').urgency).toBeUndefined();
    expect(facts('we have 20 users right now').urgency).toBeUndefined();
  });

  it.each([
    ["I'm the head of ops", 'head of ops'],
    ['I run sales', 'head of sales'],
    ['as an office manager I handle contracts', 'office manager'],
    ["I'm a paralegal at a small firm", 'paralegal'],
    ["Hi, I'm Jordan, head of sales at Acme", 'head of sales'],
    ['my title is VP of Revenue', 'vp of revenue'],
    ["I'm in charge of procurement at a hospital", 'head of procurement'],
  ] as const)('role of %s is %s', (text, role) => {
    expect(facts(text).role).toBe(role);
  });

  it.each(["I'm a bit confused", "I'm the only one", "I'm a HubSpot user", "I'm looking at pricing"])(
    '%s has no role',
    (text) => {
      expect(facts(text).role).toBeUndefined();
    },
  );
});

describe('whole utterances', () => {
  it('combines facts from one sentence', () => {
    const f = facts("We're a marketing agency of 12 people sending about 40 proposals a month from HubSpot");
    expect(f).toMatchObject({
      monthlyVolume: { value: 40, approximate: true },
      integrationsUsed: ['hubspot'],
      useCase: 'sales',
      industry: 'marketing',
    });
    expect((f.teamSize ?? f.companySize)?.value).toBe(12);
  });

  it('returns empty lists for small talk', () => {
    expect(facts('Hi there')).toEqual({
      integrationsUsed: [],
      integrationsNotUsed: [],
      integrationsAskedAbout: [],
    });
  });
});

describe('editDistance', () => {
  it.each([
    ['hubsopt', 'hubspot', 1],
    ['salesfroce', 'salesforce', 1],
    ['pipedrvie', 'pipedrive', 1],
    ['kitten', 'sitting', 3],
    ['same', 'same', 0],
  ] as const)('%s ~ %s = %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});
