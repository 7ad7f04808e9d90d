import { describe, expect, it } from 'vitest';
import { parseOrdinalChoice, parseTimePreference } from '../../src/agent/brain/time.js';

const NOW = new Date('2026-11-25T15:00:00Z'); // Wednesday 09:00 in Chicago
const ZONE = 'America/Chicago';

describe('parseTimePreference', () => {
  it('"Thursday afternoon" -> weekday 4 and afternoon', () => {
    expect(parseTimePreference('Thursday afternoon', NOW, ZONE)).toEqual({
      weekday: 4,
      partOfDay: 'afternoon',
    });
  });

  it('"tomorrow at 3pm" -> the next local date at 15:00', () => {
    expect(parseTimePreference('tomorrow at 3pm', NOW, ZONE)).toEqual({ date: '2026-11-26', timeOfDay: 900 });
  });

  it('"December 3 at 10:30" -> that date at 10:30', () => {
    expect(parseTimePreference('December 3 at 10:30', NOW, ZONE)).toEqual({
      date: '2026-12-03',
      timeOfDay: 630,
    });
  });

  it('"monday morning" -> weekday 1 and morning', () => {
    expect(parseTimePreference('monday morning', NOW, ZONE)).toEqual({ weekday: 1, partOfDay: 'morning' });
  });

  it('"today" is the user\'s local date, not the UTC date', () => {
    // 2026-11-26T05:00Z is still 23:00 on 25 November in Chicago.
    const lateEvening = new Date('2026-11-26T05:00:00Z');
    expect(parseTimePreference('today', lateEvening, ZONE)).toEqual({ date: '2026-11-25' });
    expect(parseTimePreference('tomorrow', lateEvening, ZONE)).toEqual({ date: '2026-11-26' });
  });

  it('a clock time replaces a part of day', () => {
    const pref = parseTimePreference('Friday afternoon at 2pm', NOW, ZONE);
    expect(pref).toEqual({ weekday: 5, timeOfDay: 14 * 60 });
  });

  it('returns undefined when no time is mentioned', () => {
    expect(parseTimePreference('How do I add a pricing table?', NOW, ZONE)).toBeUndefined();
    expect(parseTimePreference('no preference', NOW, ZONE)).toBeUndefined();
  });
});

describe('parseOrdinalChoice', () => {
  it.each([
    ['the first one', 0],
    ['1st please', 0],
    ['the earliest', 0],
    ['the second one', 1],
    ['option two', 1],
    ['Number 2', 1],
    ['the third', 2],
    ['3rd works', 2],
    ['the last one', -1],
    ['the latest you have', -1],
  ] as const)('%s -> %d', (text, expected) => {
    expect(parseOrdinalChoice(text)).toBe(expected);
  });

  it('returns undefined without an ordinal', () => {
    expect(parseOrdinalChoice('hmm, not sure')).toBeUndefined();
    expect(parseOrdinalChoice('Thursday works')).toBeUndefined();
  });
});
