import { describe, expect, it } from 'vitest';
import {
  COPY,
  LINES,
  askEmailForInvite,
  bookedConfirmed,
  bookingStatus,
  clarifyRange,
  confirmFact,
  describeSlots,
  inviteRedirected,
  meetingCancelled,
  meetingMoved,
  noComparison,
  readBackBooking,
  roiSummary,
  slotUnavailable,
  zoneAnswer,
} from '../../src/conversation/copy.js';

/** Sentence-ending punctuation followed by whitespace or the end of the text. */
function sentenceCount(text: string): number {
  return (text.match(/[.!?](?=\s|$)/g) ?? []).length;
}

const LABELS = [
  'Thursday, December 3 at 10:00 AM EST',
  'Thursday, December 3 at 2:00 PM EST',
  'Friday, December 4 at 11:30 AM EST',
];

/** Every line Sarah can say from copy.ts, with sample input for the functions. */
const ALL_LINES: Array<[string, string]> = [
  ...Object.entries(COPY).map(([key, value]): [string, string] => [
    key,
    typeof value === 'string' ? value : value('Getting started with templates'),
  ]),
  ['describeSlots(0)', describeSlots([])],
  ['describeSlots(1)', describeSlots(LABELS.slice(0, 1))],
  ['describeSlots(3)', describeSlots(LABELS)],
  ['askEmailForInvite', askEmailForInvite(LABELS[1]!)],
  ['readBackBooking', readBackBooking(LABELS[0]!, 'jordan.lee@example.com')],
  ['bookedConfirmed', bookedConfirmed(LABELS[0]!, 'jordan.lee@example.com')],
  ['bookingStatus', bookingStatus(LABELS[0]!, 'jordan.lee@example.com')],
  ['meetingMoved', meetingMoved(LABELS[2]!, 'jordan.lee@example.com')],
  ['meetingMoved(no invite)', meetingMoved(LABELS[2]!, 'jordan.lee@example.com', false)],
  ['inviteRedirected', inviteRedirected(LABELS[2]!, 'jordan.lee@example.com')],
  ['inviteRedirected(no invite)', inviteRedirected(LABELS[2]!, 'jordan.lee@example.com', false)],
  ['meetingCancelled', meetingCancelled()],
  ['meetingCancelled(no email)', meetingCancelled(false)],
  ['slotUnavailable(1)', slotUnavailable('Friday at 2:00 PM', LABELS.slice(0, 1))],
  ['slotUnavailable(3)', slotUnavailable('Friday at 2:00 PM', LABELS)],
  ['zoneAnswer', zoneAnswer('Eastern time', LABELS[0])],
  ['confirmFact', confirmFact('about 15 people on the team')],
  ['clarifyRange', clarifyRange(4, 8)],
  ['roiSummary', roiSummary(11.1, 25920)],
  ['noComparison', noComparison('Qwilr')],
  // Every variant Sarah may pick instead of repeating herself.
  ...Object.entries(LINES).flatMap(([key, variants]) =>
    variants.map((line, i): [string, string] => [`LINES.${key}[${i}]`, line]),
  ),
];

describe('sentenceCount helper', () => {
  it('counts sentences and ignores dots inside numbers and addresses', () => {
    expect(sentenceCount('One. Two? Three!')).toBe(3);
    expect(sentenceCount('Save 11.1 hours, mail jordan.lee@example.com now.')).toBe(1);
  });
});

describe('COPY lines', () => {
  it('covers every COPY entry', () => {
    expect(ALL_LINES.length).toBeGreaterThan(Object.keys(COPY).length);
    for (const [, text] of ALL_LINES) expect(text.trim().length).toBeGreaterThan(0);
  });

  it.each(ALL_LINES)('%s never says "error"', (_key, text) => {
    expect(text).not.toMatch(/error/i);
  });

  // BUG: COPY.greeting has 4 sentences ("...trial. ...any time. ...improve? ...today?"),
  // against the file's own rule of at most 2–3 short sentences.
  it.each(ALL_LINES)('%s is at most 3 sentences', (_key, text) => {
    expect(sentenceCount(text)).toBeLessThanOrEqual(3);
  });
});

describe('specific lines', () => {
  it('greeting says Sarah is an AI and in beta', () => {
    expect(COPY.greeting).toMatch(/\bAI\b/);
    expect(COPY.greeting).toMatch(/\bbeta\b/i);
    expect(COPY.greeting).toMatch(/Sarah/);
  });

  it('closing and goodbye both mention the survey', () => {
    expect(COPY.closing).toMatch(/survey/i);
    expect(COPY.goodbye).toMatch(/survey/i);
  });

  it('resourceSent names the resource', () => {
    expect(COPY.resourceSent('Pricing table guide')).toContain('"Pricing table guide"');
  });

  it('roiSummary formats the money with thousands separators', () => {
    const text = roiSummary(4.2, 12960);
    expect(text).toContain('4.2 hours a week');
    expect(text).toContain('$12,960 a year');
    expect(text).toMatch(/estimate/);
  });

  it('the read-backs name the slot and the email, and the first one asks before booking', () => {
    for (const text of [
      readBackBooking('Friday, December 4 at 11:30 AM EST', 'jordan@example.com'),
      bookedConfirmed('Friday, December 4 at 11:30 AM EST', 'jordan@example.com'),
    ]) {
      expect(text).toContain('Friday, December 4 at 11:30 AM EST');
      expect(text).toContain('jordan@example.com');
    }
    expect(readBackBooking('Friday, December 4 at 11:30 AM EST', 'jordan@example.com')).toMatch(/book it\?$/);
  });

  it('askEmailForInvite reads back the slot and asks for the email', () => {
    const text = askEmailForInvite('Friday, December 4 at 11:30 AM EST');
    expect(text).toContain('Friday, December 4 at 11:30 AM EST');
    expect(text).toMatch(/what email should i send the invite to\?$/i);
  });
});

describe('describeSlots', () => {
  it('with no labels says there are no slots', () => {
    expect(describeSlots([])).toBe(COPY.noSlots);
  });

  it('with one label asks whether it works', () => {
    expect(describeSlots(['Friday, December 4 at 11:30 AM EST'])).toBe(
      'I have Friday, December 4 at 11:30 AM EST. Does that work for you?',
    );
  });

  it('with three labels lists them with "or" before the last and asks which', () => {
    expect(describeSlots(['Mon 9', 'Tue 10', 'Wed 11'])).toBe(
      `I have Mon 9, Tue 10 or Wed 11. ${COPY.askWhichSlot}`,
    );
  });

  it('says each day and the zone once', () => {
    expect(
      describeSlots([
        'Wednesday, November 25 at 12:00 PM Eastern time',
        'Wednesday, November 25 at 3:00 PM Eastern time',
        'Thursday, November 26 at 10:00 AM Eastern time',
      ]),
    ).toBe(
      `I have Wednesday, November 25 at 12:00 PM or 3:00 PM or Thursday, November 26 at 10:00 AM, all Eastern time. ${COPY.askWhichSlot}`,
    );
  });

  it('with two labels joins them with "or"', () => {
    expect(describeSlots(['Mon 9', 'Tue 10'])).toBe(`I have Mon 9 or Tue 10. ${COPY.askWhichSlot}`);
  });
});
