import { describe, expect, it } from 'vitest';
import {
  resolveSlotReference,
  type OfferedSlot,
  type SlotReference,
} from '../../src/agent/understanding/slot_reference.js';

const NOW = new Date('2026-11-25T15:00:00Z'); // Wednesday
const NY = 'America/New_York';

/** Thu Nov 26 10:00, Fri Nov 27 14:30, Tue Dec 1 15:00 — New York time. */
const NEW_YORK_SLOTS: OfferedSlot[] = [
  { startUtc: '2026-11-26T15:00:00Z' },
  { startUtc: '2026-11-27T19:30:00Z' },
  { startUtc: '2026-12-01T20:00:00Z' },
];
/** Wed Dec 2 11:00, Thu Dec 3 14:00, Fri Dec 4 10:00 — New York time. */
const EARLY_DECEMBER: OfferedSlot[] = [
  { startUtc: '2026-12-02T16:00:00Z' },
  { startUtc: '2026-12-03T19:00:00Z' },
  { startUtc: '2026-12-04T15:00:00Z' },
];
/** Tue Dec 1 09:00 and 14:00 in Paris. */
const PARIS_SLOTS: OfferedSlot[] = [
  { startUtc: '2026-12-01T08:00:00Z' },
  { startUtc: '2026-12-01T13:00:00Z' },
];
/** Mon Nov 30 09:00 and 13:00 in Los Angeles. */
const LA_SLOTS: OfferedSlot[] = [{ startUtc: '2026-11-30T17:00:00Z' }, { startUtc: '2026-11-30T21:00:00Z' }];
/** Thu Nov 26 14:00 and Fri Nov 27 10:00 in Kolkata (it is Wednesday evening there). */
const KOLKATA_SLOTS: OfferedSlot[] = [
  { startUtc: '2026-11-26T08:30:00Z' },
  { startUtc: '2026-11-27T04:30:00Z' },
];
/** Fri Mar 12 2027 14:00 EST and Mon Mar 15 14:00 EDT: either side of the spring-forward Sunday. */
const DST_SLOTS: OfferedSlot[] = [{ startUtc: '2027-03-12T19:00:00Z' }, { startUtc: '2027-03-15T18:00:00Z' }];
const DST_NOW = new Date('2027-03-10T15:00:00Z');

const pick = (index: number): SlotReference => ({ kind: 'pick', index });
const NONE: SlotReference = { kind: 'none' };

describe('resolveSlotReference: by position', () => {
  it.each<[string, SlotReference]>([
    ['the first one', pick(0)],
    ['yes that first one', pick(0)],
    ['the first of those', pick(0)],
    ["let's do the second", pick(1)],
    ['the third one', pick(2)],
    ['the 3rd one', pick(2)],
    ['the last one', pick(2)],
    ['last one please', pick(2)],
    ['option 2', pick(1)],
    ['number two', pick(1)],
    ['the middle one', pick(1)],
    ['the earlier one', pick(0)],
    ['the later one', pick(2)],
    ['the latest', pick(2)],
  ])('%s', (text, expected) => {
    expect(resolveSlotReference(text, NEW_YORK_SLOTS, NY, NOW)).toEqual(expected);
  });

  it('has no fourth option among three', () => {
    expect(resolveSlotReference('the fourth one', NEW_YORK_SLOTS, NY, NOW)).toBeUndefined();
  });
});

describe('resolveSlotReference: by day or time', () => {
  it.each<[string, SlotReference | undefined]>([
    ['2:30 works', pick(1)],
    ['the 2:30 one', pick(1)],
    ['around 2', pick(1)],
    ['3 works', pick(2)],
    ['10 works', pick(0)],
    ['the 10am', pick(0)],
    ['the Thursday one', pick(0)],
    ['Tuesday works', pick(2)],
    ['Friday', pick(1)],
    ['the morning one', pick(0)],
    ["tomorrow's", pick(0)],
    ["tomorrow's works for me", pick(0)],
    ['3pm Eastern', pick(2)],
    ['the 2pm one', undefined], // a new time, not one of the offered
    ['Friday at 4', undefined],
    ['the one on the 3rd', undefined],
    ['the 3rd at 3', undefined],
    ['the 5th', undefined], // a date, not an option: there are only three
    ['the 3rd', pick(2)], // no slot on the 3rd, so the third option
  ])('%s', (text, expected) => {
    expect(resolveSlotReference(text, NEW_YORK_SLOTS, NY, NOW)).toEqual(expected);
  });

  it.each<[string, SlotReference | undefined]>([
    ['the one on the 3rd', pick(1)],
    ['the 3rd', pick(1)], // a slot is on the 3rd: the date wins over the position
    ['the 3rd at 2', pick(1)],
    ['the 3rd at 3', undefined],
    ['Thursday works', pick(1)],
    ['Dec 4', pick(2)],
    ['the Wednesday one', pick(0)],
  ])('%s (early December)', (text, expected) => {
    expect(resolveSlotReference(text, EARLY_DECEMBER, NY, NOW)).toEqual(expected);
  });

  it.each<[string, SlotReference | undefined]>([
    ['the morning one', pick(0)],
    ['the afternoon one', pick(1)],
    ['2pm', pick(1)],
    ['the later one', pick(1)],
    ['Tuesday at 9', pick(0)],
    ['the Tuesday one', undefined], // both are on Tuesday
  ])('%s (Paris)', (text, expected) => {
    expect(resolveSlotReference(text, PARIS_SLOTS, 'Europe/Paris', NOW)).toEqual(expected);
  });

  it.each<[string, SlotReference | undefined]>([
    ['1 works', pick(1)],
    ['9 works', pick(0)],
    ['the 1', pick(1)], // 1 PM exists
    ['2', pick(1)], // no 2 PM slot, so option two
    ['4', undefined], // neither a 4 PM slot nor a fourth option
  ])('%s (Los Angeles)', (text, expected) => {
    expect(resolveSlotReference(text, LA_SLOTS, 'America/Los_Angeles', NOW)).toEqual(expected);
  });

  it.each<[string, SlotReference | undefined]>([
    ['2 works', pick(0)],
    ['2', pick(0)], // the 2 PM slot beats "option two"
    ["tomorrow's", pick(0)],
    ['the Friday one', pick(1)],
    ['10', pick(1)],
  ])('%s (Kolkata)', (text, expected) => {
    expect(resolveSlotReference(text, KOLKATA_SLOTS, 'Asia/Kolkata', NOW)).toEqual(expected);
  });

  it.each<[string, SlotReference | undefined]>([
    ['the Monday one', pick(1)],
    ['Monday at 2', pick(1)],
    ['Friday 2pm', pick(0)],
    ['the 15th', pick(1)],
    ['2pm', undefined], // both are at 2 PM local, on either side of the clock change
  ])('%s (across DST)', (text, expected) => {
    expect(resolveSlotReference(text, DST_SLOTS, NY, DST_NOW)).toEqual(expected);
  });
});

describe('resolveSlotReference: turning them all down', () => {
  it.each([
    'none of those work',
    'Neither',
    "those don't work for me",
    'something else',
    'any other times?',
    'different day',
    "I can't do any of those",
    'do you have other options?',
    'None of these times suit me',
    'nope',
  ])('%s', (text) => {
    expect(resolveSlotReference(text, NEW_YORK_SLOTS, NY, NOW)).toEqual(NONE);
  });
});

describe('resolveSlotReference: replies that are not about the offer', () => {
  it.each([
    'hello',
    'I have 3 people',
    "what's the pricing?",
    'how about next week',
    'not the first one',
    'give me a second',
    'any time works',
    'we send 40 docs a month',
  ])('%s', (text) => {
    expect(resolveSlotReference(text, NEW_YORK_SLOTS, NY, NOW)).toBeUndefined();
  });

  it('takes a plain yes as the only slot on offer', () => {
    expect(resolveSlotReference('yes that works', [NEW_YORK_SLOTS[0]!], NY, NOW)).toEqual(pick(0));
    expect(resolveSlotReference('yes that works', NEW_YORK_SLOTS, NY, NOW)).toBeUndefined();
  });

  it('has nothing to resolve without offered slots', () => {
    expect(resolveSlotReference('the first one', [], NY, NOW)).toBeUndefined();
  });
});
