import { describe, expect, it } from 'vitest';
import { understand } from '../../src/agent/understanding/understand.js';
import { initialDialogue, reduce, type DialogueState } from '../../src/agent/session/dialogue.js';
import { COPY, askEmailForInvite, readBackBooking } from '../../src/conversation/copy.js';

const NOW = new Date('2026-11-25T15:00:00Z');
const ZONE = 'America/New_York';
const SLOTS = [
  {
    repId: 'r1',
    startUtc: '2026-12-01T15:00:00Z',
    endUtc: '2026-12-01T15:30:00Z',
    label: 'Tuesday, December 1 at 10:00 AM Eastern time',
  },
  {
    repId: 'r1',
    startUtc: '2026-12-01T19:00:00Z',
    endUtc: '2026-12-01T19:30:00Z',
    label: 'Tuesday, December 1 at 2:00 PM Eastern time',
  },
  {
    repId: 'r2',
    startUtc: '2026-12-02T21:00:00Z',
    endUtc: '2026-12-02T21:30:00Z',
    label: 'Wednesday, December 2 at 4:00 PM Eastern time',
  },
];

const user = (state: DialogueState, text: string) =>
  reduce(state, {
    type: 'user',
    u: understand(text, { now: NOW, zone: state.zone, offeredSlots: state.booking.slots }),
  });
const said = (state: DialogueState, text: string) => reduce(state, { type: 'assistant', text });
const offered = (state: DialogueState) =>
  reduce(state, {
    type: 'tool',
    name: 'check_availability',
    args: {},
    output: { timeZone: ZONE, exactSlotId: null, slots: SLOTS },
    isError: false,
  });

describe('the dialogue reducer', () => {
  it('records the consent answer only on the first turn', () => {
    expect(user(initialDialogue(ZONE), "yes that's fine").consent).toBe('yes');
    expect(user(initialDialogue(ZONE), "I'd rather not").consent).toBe('no');
    expect(user(initialDialogue(ZONE), 'Ok, how do I add a pricing table?').consent).toBe('unknown');
    // An explicit "that's okay" consents even when a question follows it.
    expect(user(initialDialogue(ZONE), 'Yes, that is okay, can I talk to a person?').consent).toBe('yes');
    expect(user(initialDialogue(ZONE), "Sure, it's fine. Does it work with HubSpot?").consent).toBe('yes');
    const later = user(user(initialDialogue(ZONE), 'hello'), 'yes');
    expect(later.consent).toBe('unknown');
  });

  it('keeps an offer open for exactly one user turn, and replaces it with the next reply', () => {
    let s = said(initialDialogue(ZONE), COPY.offerMeeting);
    expect(s.offer).toBe('meeting');
    s = user(s, 'yes please');
    expect(s.offer).toBe('meeting');
    expect(s.meetingRequested).toBe(true);
    s = said(s, 'Drag the pricing table block onto the page.');
    expect(s.offer).toBeUndefined();
  });

  it('walks the booking form: slots, pick, email question, read-back', () => {
    let s = offered(initialDialogue(ZONE));
    expect(s.booking.step).toBe('slot');
    s = user(s, 'the later one on Tuesday');
    expect(s.booking.chosen?.startUtc).toBe(SLOTS[1]!.startUtc);
    s = said(s, askEmailForInvite(SLOTS[1]!.label));
    expect(s.booking.step).toBe('email');
    s = user(s, 'sure, robin@example.com');
    expect(s.booking.email).toBe('robin@example.com');
    s = said(s, readBackBooking(SLOTS[1]!.label, 'robin@example.com'));
    expect(s.booking.step).toBe('confirm');
  });

  it('changes the pick when the user changes their mind, and clears it on "none of those"', () => {
    let s = user(offered(initialDialogue(ZONE)), 'the first one');
    expect(s.booking.chosen?.startUtc).toBe(SLOTS[0]!.startUtc);
    s = user(s, 'actually make it the 4pm one');
    expect(s.booking.chosen?.startUtc).toBe(SLOTS[2]!.startUtc);
    s = user(s, 'none of those work for me');
    expect(s.booking.chosen).toBeUndefined();
    expect(s.booking.slots).toEqual([]);
  });

  it('does not take a date the user spelled out as a pick of a different offered day', () => {
    const s = user(offered(initialDialogue(ZONE)), 'Wednesday at 11am Mountain');
    expect(s.booking.chosen).toBeUndefined();
    expect(s.zone).toBe('America/Denver');
  });

  it('takes the same instant named in another zone as that offered slot', () => {
    // 4 PM Eastern on December 2 is 2 PM Mountain.
    const s = user(offered(initialDialogue(ZONE)), 'Wednesday at 2pm Mountain works');
    expect(s.booking.chosen?.startUtc).toBe(SLOTS[2]!.startUtc);
  });

  it("never keeps someone else's address as the user's own", () => {
    const s = user(initialDialogue(ZONE), 'send it to my colleague bob@acme.com');
    expect(s.email).toBeUndefined();
  });

  it('records a booking, a move and a cancellation from the tool results', () => {
    let s = reduce(initialDialogue(ZONE), {
      type: 'tool',
      name: 'book_meeting',
      args: {},
      output: {
        booked: true,
        bookingId: 'b1',
        startUtc: SLOTS[0]!.startUtc,
        when: SLOTS[0]!.label,
        timeZone: ZONE,
        email: 'a@b.co',
      },
      isError: false,
    });
    expect(s.booked?.bookingId).toBe('b1');
    s = reduce(s, {
      type: 'tool',
      name: 'change_meeting',
      args: { action: 'move' },
      output: {
        booked: true,
        moved: true,
        bookingId: 'b2',
        startUtc: SLOTS[2]!.startUtc,
        when: SLOTS[2]!.label,
        email: 'a@b.co',
      },
      isError: false,
    });
    expect(s.booked?.startUtc).toBe(SLOTS[2]!.startUtc);
    s = reduce(s, {
      type: 'tool',
      name: 'change_meeting',
      args: {},
      output: { cancelled: true },
      isError: false,
    });
    expect(s.booked).toBeUndefined();
  });

  it('ignores refused tool calls', () => {
    const before = offered(initialDialogue(ZONE));
    const after = reduce(before, {
      type: 'tool',
      name: 'book_meeting',
      args: {},
      output: 'no',
      isError: true,
    });
    expect(after).toBe(before);
  });

  it('counts requests for a person and records a hand-off', () => {
    let s = user(initialDialogue(ZONE), 'can I talk to a real person');
    s = user(s, 'a human please');
    expect(s.humanRequests).toBe(2);
    s = reduce(s, {
      type: 'tool',
      name: 'request_human',
      args: {},
      output: { handoff: true, reason: 'user_request' },
      isError: false,
    });
    expect(s.handedOff).toBe(true);
  });
});
