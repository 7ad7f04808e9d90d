import { describe, expect, it } from 'vitest';
import {
  ASK_FOLLOW_UP_EMAIL,
  COPY,
  LINES,
  askEmailForInvite,
  clarifyRange,
  confirmFact,
  readBackBooking,
} from '../../src/conversation/copy.js';
import { detectReplyActs } from '../../src/agent/session/reply_acts.js';

const LABEL = 'Friday, December 4 at 2:00 PM Eastern time';

describe('reading the acts back from what Sarah said', () => {
  it.each([
    ['offer of a meeting', COPY.offerMeeting, { kind: 'offer', offer: 'meeting' }],
    ['offer of the guide (self-serve)', COPY.selfServe, { kind: 'offer', offer: 'resource' }],
    ['offer of the guide (meeting refused)', COPY.meetingSelfServe, { kind: 'offer', offer: 'resource' }],
    ['offer of a person', COPY.humanFirstAsk, { kind: 'offer', offer: 'person' }],
    ['no answer in the knowledge base', COPY.knowledgeNoMatch, { kind: 'offer', offer: 'person' }],
    ['question about team size', COPY.askTeamSize, { kind: 'ask', field: 'teamSize' }],
    ['question about volume', COPY.askVolume, { kind: 'ask', field: 'monthlyVolume' }],
    ['question about the CRM', COPY.askIntegrations, { kind: 'ask', field: 'integrations' }],
    ['question about use case', COPY.askUseCase, { kind: 'ask', field: 'useCase' }],
    ['a range to clarify', clarifyRange(4, 8), { kind: 'ask', field: 'teamSize' }],
    [
      'a figure to confirm',
      confirmFact('about 15 people on the team'),
      { kind: 'confirm_fact', field: 'teamSize', value: 15, approximate: true },
    ],
    ['asking for the invite address', askEmailForInvite(LABEL), { kind: 'ask_booking_email' }],
    ['the read-back', readBackBooking(LABEL, 'a@b.co'), { kind: 'read_back' }],
    [
      'a model asking after it booked',
      `You're booked for ${LABEL}, and the invite is on its way to a@b.co. Did I get that right?`,
      { kind: 'offer', offer: 'booking_check' },
    ],
    [
      'asking where to send the guide',
      COPY.askEmailForResource,
      { kind: 'ask_resource_email', purpose: 'guide' },
    ],
    [
      'asking where a teammate should write',
      ASK_FOLLOW_UP_EMAIL,
      { kind: 'ask_resource_email', purpose: 'follow_up' },
    ],
    ['offering a follow-up when no time fits', COPY.noSlots, { kind: 'offer', offer: 'email_followup' }],
    ['goodbye', COPY.goodbye, { kind: 'closing' }],
    // An OpenAI-style phrasing of the same moves.
    [
      'a model offering a call',
      'Happy to help. Would you like me to set up a call with our team?',
      { kind: 'offer', offer: 'meeting' },
    ],
    [
      'a model asking for the email',
      'Great choice! What email should I use for the calendar invite?',
      { kind: 'ask_booking_email' },
    ],
  ])('%s', (_name, text, act) => {
    expect(detectReplyActs(text)).toContainEqual(act);
  });

  it.each([
    ['a plain answer', 'Drag the pricing table block onto the page.'],
    ['a statement mentioning a call', 'Sales calls are kept for larger rollouts.'],
    ...LINES.acknowledge.map((l): [string, string] => ['an acknowledgement', l]),
  ])('%s commits to nothing', (_name, text) => {
    expect(detectReplyActs(text)).toEqual([]);
  });
});
