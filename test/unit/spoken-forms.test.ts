import { describe, expect, it } from 'vitest';
import { parseTimeRequest } from '../../src/agent/brain/nlu/datetime.js';
import { findEmail } from '../../src/agent/brain/nlu/email.js';
import { isCallingOff } from '../../src/agent/brain/nlu/intents.js';
import { parseTimeWithCorrection, relativeShift } from '../../src/agent/brain/nlu/time_words.js';
import { joinSpokenForms } from '../../src/agent/brain/nlu/typos.js';

const NOW = new Date('2026-12-01T15:00:00Z'); // Tuesday, 10:00 in New York
const NY = 'America/New_York';

describe('what a recogniser spells apart is put back together', () => {
  it.each([
    ['does it support s s o with okta', 'does it support sso with okta'],
    ['the a p i docs', 'the api docs'],
    ['we use hub spot', 'we use hubspot'],
    ['does panda doc plug into sales force?', 'does pandadoc plug into salesforce?'],
    ['does it work with zap year, we use it a lot', 'does it work with zapier, we use it a lot'],
    ['like a web hook', 'like a webhook'],
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
  it('two weeks from today is a date, not today', () => {
    expect(parseTimeRequest('can we talk two weeks from today at 11am?', NOW, NY)).toMatchObject({
      date: '2026-12-15',
      time: 660,
    });
  });

  it('"nine a m" with the letters apart', () => {
    expect(parseTimeRequest('tomorrow at nine a m', NOW, NY)).toMatchObject({
      date: '2026-12-02',
      time: 540,
    });
  });

  it('a correction said without a pause, in words', () => {
    expect(
      parseTimeWithCorrection('tuesday the eighth at three no wait make that four', NOW, NY),
    ).toMatchObject({ date: '2026-12-08', time: 16 * 60 });
  });

  it('where the user says they are is what "my time" means', () => {
    expect(parseTimeRequest("I'm in California so like 11am my time on friday?", NOW, NY)).toMatchObject({
      zone: 'America/Los_Angeles',
      zoneNamed: true,
      date: '2026-12-04',
      time: 660,
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
    ["it's tom at acme dot com no sorry tom dot baker at acme dot com", 'tom.baker@acme.com'],
    ['c dot martin at agence lumiere dot fr no sorry at lumiere dot fr', 'c.martin@lumiere.fr'],
    ['jo@acme.com, i mean jo@acme.io', 'jo@acme.io'],
    ['s-a-n-j-a-y at finlytics dot io', 'sanjay@finlytics.io'],
    ['mary-ann at big dash co dot io', 'mary-ann@big-co.io'],
  ])('%s', (said, address) => {
    expect(findEmail(said)).toMatchObject({ kind: 'address', address });
  });
});

describe('a yes taken back, or a request to hold off', () => {
  it.each([
    ["ok checked, I'm actually busy then. never mind for now", true],
    ["it's raj@copperleaf.io but don't book it yet", true],
    ['yes, book it', false],
    ['ok sounds good', false],
  ])('%s', (said, callingOff) => {
    expect(isCallingOff(said.toLowerCase())).toBe(callingOff);
  });
});
