import { describe, expect, it } from 'vitest';
import { parseTimeRequest } from '../../src/agent/understanding/datetime.js';
import { findEmail } from '../../src/agent/understanding/email.js';
import { isCallingOff } from '../../src/agent/understanding/intents.js';
import { understand } from '../../src/agent/understanding/understand.js';
import { parseTimeWithCorrection, relativeShift } from '../../src/agent/understanding/time_words.js';
import { joinSpokenForms } from '../../src/agent/understanding/typos.js';

const NOW = new Date('2026-12-01T15:00:00Z'); // Tuesday, 10:00 in New York
const NY = 'America/New_York';

describe('what a recogniser spells apart is put back together', () => {
  it.each([
    ['is there s s o through azure', 'is there sso through azure'],
    ['the a p i docs', 'the api docs'],
    ['we use hub spot', 'we use hubspot'],
    ['will panda doc sync with sales force?', 'will pandadoc sync with salesforce?'],
    ['moving over from docu sine, thanks', 'moving over from docusign, thanks'],
    ['register a web hook for signed docs', 'register a webhook for signed docs'],
    // Ordinary words stay: a name cut short is English, and two-letter runs with a word in them.
    ['we have sales for two teams', 'we have sales for two teams'],
    ['is it a good fit', 'is it a good fit'],
    ['sales team', 'sales team'],
  ])('%s', (said, meant) => {
    expect(joinSpokenForms(said)).toBe(meant);
  });
});

describe('a move relative to the time agreed', () => {
  it.each([
    ['can we make it an hour later?', 60],
    ['actually can we do 30 min earlier', -30],
    ['push it back two hours', 120],
    ['bring it forward half an hour', -30],
    ['we are 30 people', undefined],
    ['30 minutes is plenty', undefined],
  ])('%s', (said, minutes) => {
    expect(relativeShift(said)).toBe(minutes);
  });
});

describe('times as people say them', () => {
  it('weeks from today is a date, not today', () => {
    expect(parseTimeRequest('3 weeks from today around 4pm', NOW, NY)).toMatchObject({
      date: '2026-12-22',
      time: 960,
    });
  });

  it('"a m" with the letters apart', () => {
    expect(parseTimeRequest('thursday ten thirty a m', NOW, NY)).toMatchObject({
      date: '2026-12-03',
      time: 630,
    });
  });

  it('a correction said without a pause, in words', () => {
    expect(parseTimeWithCorrection('friday at two no wait make it five', NOW, NY)).toMatchObject({
      date: '2026-12-04',
      time: 17 * 60,
    });
  });

  it('where the user says they are is what "our time" means', () => {
    expect(parseTimeRequest('we are based in denver, monday at 10 our time works', NOW, NY)).toMatchObject({
      zone: 'America/Denver',
      zoneNamed: true,
      date: '2026-12-07',
      time: 600,
    });
    // Not a place: the browser's zone stays.
    expect(parseTimeRequest("I'm in a meeting until 3", NOW, NY)).toMatchObject({
      zone: NY,
      zoneNamed: false,
    });
  });
});

describe('an address corrected in the same breath', () => {
  it.each([
    ['ana at delta dot com sorry no ana dot ruiz at delta dot com', 'ana.ruiz@delta.com'],
    ['p dot lee at old domain dot org no sorry at newco dot org', 'p.lee@newco.org'],
    ['jo@acme.com, i mean jo@acme.io', 'jo@acme.io'],
    ['k-w-a-m-e at ridgeway dot co', 'kwame@ridgeway.co'],
    ['mary-ann at big dash co dot io', 'mary-ann@big-co.io'],
  ])('%s', (said, address) => {
    expect(findEmail(said)).toMatchObject({ kind: 'address', address });
  });
});

describe('a yes taken back, or a request to hold off', () => {
  it.each([
    ['sure, although hold off for a day please', true],
    ['yes. no, wait, forget it', true],
    ['yes, book it', false],
    ['ok sounds good', false],
  ])('%s', (said, callingOff) => {
    expect(isCallingOff(said.toLowerCase())).toBe(callingOff);
  });
});

describe('talking to someone', () => {
  const intentOf = (text: string) => understand(text, { now: NOW, zone: NY }).intent;

  it('a team that describes its business and asks for someone wants the sales call', () => {
    expect(intentOf('we are 15 people at a roofing company and would like to talk to someone')).toBe(
      'meeting',
    );
  });

  it('a real person, or someone with no business described, is a request for a person', () => {
    expect(intentOf('we are 15 people and I want to talk to a real person')).toBe('human');
    expect(intentOf('can I talk to someone please')).toBe('human');
  });
});
