import { describe, expect, it } from 'vitest';
import { describeZone, parseTimeRequest, type TimeRequest } from '../../src/agent/understanding/datetime.js';

// A Wednesday: 10:00 in New York, 16:00 in Paris, 07:00 in Los Angeles, 20:30 in Kolkata.
const NOW = new Date('2026-11-25T15:00:00Z');
const NY = 'America/New_York';
const PARIS = 'Europe/Paris';
const LA = 'America/Los_Angeles';
const KOLKATA = 'Asia/Kolkata';

type Expected = Omit<TimeRequest, 'zone' | 'zoneNamed'> & { zone?: string; zoneNamed?: boolean };

/** The user's own zone, not named, unless the case says otherwise. */
function expectParse(text: string, userZone: string, expected: Expected, now = NOW): void {
  expect(parseTimeRequest(text, now, userZone)).toEqual({ zone: userZone, zoneNamed: false, ...expected });
}

describe('parseTimeRequest: days', () => {
  it.each<[string, string, Expected]>([
    ['Friday at 3', NY, { date: '2026-11-27', time: 900 }],
    ['on Thursday', NY, { date: '2026-11-26' }],
    ['Wednesday', NY, { date: '2026-12-02' }], // today's weekday means next week's
    ['this Wednesday', NY, { date: '2026-11-25' }],
    ['this Friday', NY, { date: '2026-11-27' }],
    ['next Friday', NY, { date: '2026-12-04' }],
    ['next Wednesday', NY, { date: '2026-12-02' }],
    ['a week from Friday', NY, { date: '2026-12-04' }],
    ['Monday week', NY, { date: '2026-12-07' }],
    ['tomorrow', NY, { date: '2026-11-26' }],
    ['today at 5', NY, { date: '2026-11-25', time: 1020 }],
    ['the day after tomorrow', NY, { date: '2026-11-27' }],
    ['in 3 days', NY, { date: '2026-11-28', weekend: true }],
    ['Monday the 7th', NY, { date: '2026-12-07' }],
    ['Dec 3', NY, { date: '2026-12-03' }],
    ['December 3rd at 10:30', NY, { date: '2026-12-03', time: 630 }],
    ['12/3', NY, { date: '2026-12-03' }],
    ['2026-12-03 at 3pm', NY, { date: '2026-12-03', time: 900 }],
    ['3rd of December at 11', NY, { date: '2026-12-03', time: 660 }],
    ['the first of March', NY, { date: '2027-03-01' }],
    ['the 5th at 3', NY, { date: '2026-12-05', time: 900, weekend: true }],
    ['the 24th', NY, { date: '2026-12-24' }], // the 24th of November has passed
    ['the 25th', NY, { date: '2026-11-25' }], // today is not in the past
    ['Saturday morning', NY, { date: '2026-11-28', partOfDay: 'morning', weekend: true }],
    ['tonight at 7', NY, { date: '2026-11-25', time: 1140 }],
    ['tomorrow pm', NY, { date: '2026-11-26', partOfDay: 'afternoon' }],
    // Spring-forward week in New York: the wall-clock date and time are kept as said.
    ['March 15 at 9am', NY, { date: '2027-03-15', time: 540 }],
    ['Friday at 3', PARIS, { date: '2026-11-27', time: 900 }],
    ['tomorrow 9am', PARIS, { date: '2026-11-26', time: 540 }],
    ['today at 2', LA, { date: '2026-11-25', time: 840 }],
    ['tomorrow at 11', KOLKATA, { date: '2026-11-26', time: 660 }],
    ['Wednesday', KOLKATA, { date: '2026-12-02' }],
  ])('%s (%s)', (text, zone, expected) => expectParse(text, zone, expected));
});

describe('parseTimeRequest: spans of days', () => {
  it.each<[string, string, Expected]>([
    ['next week', NY, { range: { from: '2026-11-30', to: '2026-12-04' } }],
    ['sometime next week', PARIS, { range: { from: '2026-11-30', to: '2026-12-04' } }],
    ['the week after next', NY, { range: { from: '2026-12-07', to: '2026-12-11' } }],
    ['in two weeks', NY, { range: { from: '2026-12-07', to: '2026-12-11' } }],
    ['in a couple of weeks', LA, { range: { from: '2026-12-07', to: '2026-12-11' } }],
    ['early next week', NY, { range: { from: '2026-11-30', to: '2026-12-01' } }],
    ['late next week', NY, { range: { from: '2026-12-03', to: '2026-12-04' } }],
    ['end of next week', NY, { range: { from: '2026-12-03', to: '2026-12-04' } }],
    ['later this week', NY, { range: { from: '2026-11-26', to: '2026-11-27' } }],
    ['this week', NY, { range: { from: '2026-11-25', to: '2026-11-27' } }],
    ['this weekend', NY, { range: { from: '2026-11-28', to: '2026-11-29' }, weekend: true }],
    ['next month', NY, { range: { from: '2026-12-01', to: '2026-12-31' } }],
    ['end of the month', NY, { range: { from: '2026-11-25', to: '2026-11-30' } }],
    ['sometime in December', NY, { range: { from: '2026-12-01', to: '2026-12-31' } }],
    ['in October', NY, { range: { from: '2027-10-01', to: '2027-10-31' } }],
    ['the second week of January', NY, { range: { from: '2027-01-08', to: '2027-01-14' } }],
    ['the week of Dec 7', NY, { range: { from: '2026-12-07', to: '2026-12-11' } }],
    [
      'a Tuesday or Thursday next week',
      NY,
      { range: { from: '2026-11-30', to: '2026-12-04' }, weekdays: [2, 4] },
    ],
    [
      'Tuesday or Thursday afternoon',
      KOLKATA,
      { range: { from: '2026-11-26', to: '2026-12-01' }, weekdays: [2, 4], partOfDay: 'afternoon' },
    ],
    ['Tuesday next week at 10', NY, { date: '2026-12-01', time: 600 }],
  ])('%s (%s)', (text, zone, expected) => expectParse(text, zone, expected));
});

describe('parseTimeRequest: clock times', () => {
  it.each<[string, Expected]>([
    ['at 2', { time: 840 }],
    ['2:30', { time: 870 }],
    ['at 9', { time: 540 }],
    ['at 12', { time: 720 }],
    ['noon', { time: 720 }],
    ['midday tomorrow', { date: '2026-11-26', time: 720 }],
    ["3 o'clock", { time: 900 }],
    ['half past two', { time: 870 }],
    ['quarter to four', { time: 945 }],
    ['three thirty', { time: 930 }],
    ['two pm', { time: 840 }],
    ['3 in the afternoon', { time: 900 }],
    ['at 8 in the evening', { time: 1200 }],
    ['at 9 in the morning', { time: 540 }],
    ['around 3', { time: 900, approximate: true }],
    ['3ish', { time: 900, approximate: true }],
    ['about 2:30', { time: 870, approximate: true }],
    ['how about 3?', { time: 900 }],
    ['after 2pm', { after: 840 }],
    ['before noon', { before: 720 }],
    ['between 1 and 3', { after: 780, before: 900 }],
    ['2-4pm tomorrow', { date: '2026-11-26', after: 840, before: 960 }],
    ['11-1 on Friday', { date: '2026-11-27', after: 660, before: 780 }],
    ['no later than 4', { before: 960 }],
    ['not before 10', { after: 600 }],
    ['14:00', { time: 840 }],
    ['1400 hours', { time: 840 }],
    ['9.30am', { time: 570 }],
    ['3 works', { time: 900 }],
    ['Friday 3 works', { date: '2026-11-27', time: 900 }],
    ['tmrw at 2p', { date: '2026-11-26', time: 840 }],
    ['tomorow at 10', { date: '2026-11-26', time: 600 }],
    ['thurs morning', { date: '2026-11-26', partOfDay: 'morning' }],
    ['wed 11am', { date: '2026-12-02', time: 660 }],
    ['fri 2 pm', { date: '2026-11-27', time: 840 }],
    ['Wendesday afternoon', { date: '2026-12-02', partOfDay: 'afternoon' }],
    ['3 or 4 pm', { time: 900 }],
    ['late afternoon tomorrow', { date: '2026-11-26', partOfDay: 'afternoon', after: 900 }],
  ])('%s', (text, expected) => expectParse(text, NY, expected));
});

describe('parseTimeRequest: named zones', () => {
  it.each<[string, string, Expected]>([
    [
      'Wednesday at 1pm Mountain time',
      NY,
      { zone: 'America/Denver', zoneNamed: true, date: '2026-12-02', time: 780 },
    ],
    ['2pm Central', NY, { zone: 'America/Chicago', zoneNamed: true, time: 840 }],
    ['9am Paris time', NY, { zone: PARIS, zoneNamed: true, time: 540 }],
    ['PST', NY, { zone: LA, zoneNamed: true }],
    ['4pm EST', PARIS, { zone: NY, zoneNamed: true, time: 960 }],
    ['Thursday 2pm ET', PARIS, { zone: NY, zoneNamed: true, date: '2026-11-26', time: 840 }],
    ['3pm Eastern standard time', LA, { zone: NY, zoneNamed: true, time: 900 }],
    ['2pm east coast', LA, { zone: NY, zoneNamed: true, time: 840 }],
    ['UK time', NY, { zone: 'Europe/London', zoneNamed: true }],
    ['5pm London time', NY, { zone: 'Europe/London', zoneNamed: true, time: 1020 }],
    ['GMT+2', NY, { zone: 'UTC+2', zoneNamed: true }],
    ['3pm UTC-5', PARIS, { zone: 'UTC-5', zoneNamed: true, time: 900 }],
    ['3pm GMT+5:30', NY, { zone: 'UTC+5:30', zoneNamed: true, time: 900 }],
    ['10am CET', NY, { zone: 'CET', zoneNamed: true, time: 600 }],
    ['10am IST', NY, { zone: KOLKATA, zoneNamed: true, time: 600 }],
    ['1pm India time', NY, { zone: KOLKATA, zoneNamed: true, time: 780 }],
    ['9am AEST', NY, { zone: 'Australia/Sydney', zoneNamed: true, time: 540 }],
    ['New York time 4pm', PARIS, { zone: NY, zoneNamed: true, time: 960 }],
    ['10am Los Angeles time', NY, { zone: LA, zoneNamed: true, time: 600 }],
    ['noon São Paulo time', NY, { zone: 'America/Sao_Paulo', zoneNamed: true, time: 720 }],
    ['2pm San Francisco time', NY, { zone: LA, zoneNamed: true, time: 840 }],
    // It is already Thursday in Tokyo, so "tomorrow" there is Friday.
    ['tomorrow at 10 Tokyo time', NY, { zone: 'Asia/Tokyo', zoneNamed: true, date: '2026-11-27', time: 600 }],
    ['3pm my time', PARIS, { time: 900 }],
    ['Friday at 10 my local time', KOLKATA, { date: '2026-11-27', time: 600 }],
  ])('%s (%s)', (text, zone, expected) => expectParse(text, zone, expected));

  it('reads "tomorrow" in the named zone, which may be a different day from the user\'s', () => {
    const lateInIndia = new Date('2026-11-25T20:00:00Z'); // Thursday 01:30 in Kolkata, Wednesday in New York
    expectParse('tomorrow', KOLKATA, { date: '2026-11-27' }, lateInIndia);
    expectParse(
      'tomorrow 2pm Eastern',
      KOLKATA,
      { zone: NY, zoneNamed: true, date: '2026-11-26', time: 840 },
      lateInIndia,
    );
  });
});

describe('parseTimeRequest: text without a time', () => {
  it.each([
    'I have 3 people',
    'we send 40 docs a month',
    'my email is john3@acme.com',
    'call me at 555-123-4567',
    'my number is 415 555 0199',
    'we have 2-3 reps',
    'about 12 users',
    'we are at 3 locations',
    'version 2 is out',
    '$30 per month',
    '20% off would be nice',
    'that one works',
    '24/7 support',
    'we may need 3 seats',
    'between 2 and 3 people',
    'around easter time',
    'at one point we had 5 admins',
    'hello there',
    'no mornings',
    '3?',
  ])('%s', (text) => {
    expect(parseTimeRequest(text, NOW, NY)).toBeUndefined();
  });
});

describe('describeZone', () => {
  it.each([
    ['America/New_York', 'Eastern time'],
    ['America/Chicago', 'Central time'],
    ['America/Denver', 'Mountain time'],
    ['America/Los_Angeles', 'Pacific time'],
    ['Europe/London', 'UK time'],
    ['CET', 'Central European time'],
    ['Asia/Tokyo', 'Tokyo time'],
    ['America/Sao_Paulo', 'Sao Paulo time'],
    ['UTC+2', 'UTC+2'],
    ['Etc/GMT-2', 'UTC+2'],
  ])('%s → %s', (zone, spoken) => {
    expect(describeZone(zone, NOW)).toBe(spoken);
  });
});
