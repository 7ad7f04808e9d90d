import { usersOwnAddress, type Understanding } from '../understanding/understand.js';
import { detectReplyActs, type DiscoveryField, type Offer, type ReplyAct } from './reply_acts.js';

/** A slot Sarah has put on the table, labelled in the zone she read it out in. */
export interface OfferedSlot {
  repId: string;
  startUtc: string;
  endUtc: string;
  label: string;
}

export interface BookingSummary {
  bookingId: string;
  startUtc: string;
  /** The call's end, for the invite sent again when it moves or is cancelled. */
  endUtc?: string;
  label: string;
  userTimeZone: string;
  email: string;
  /** The UID of the invite the trialist holds: the first booking's id, kept when the call moves. */
  inviteUid?: string;
  /** That invite's SEQUENCE: each change sends one more. */
  inviteSequence?: number;
}

export interface Article {
  id?: string;
  title: string;
  url: string;
  answer: string;
  detail?: string;
}

export type { DiscoveryField, Offer } from './reply_acts.js';

/**
 * Everything the conversation is in the middle of. One owner: only `reduce` changes it, from the
 * understood user turn, the tool results and what Sarah said. Whichever model answers the next
 * turn reads this same state, and `rebuild` (session/rebuild.ts) derives it again from the chat
 * history alone.
 */
export interface DialogueState {
  /** Zone Sarah reads times in: the browser's, or one the user named. */
  zone: string;
  offer?: Offer;
  /** The discovery question Sarah asked last, so a bare "10" can be read as its answer. */
  askedFor?: DiscoveryField;
  askedFields: DiscoveryField[];
  /** An approximate or surprising figure Sarah asked the user to confirm ("about fifteen people?"). */
  pendingFact?: { field: 'teamSize' | 'monthlyVolume'; value: number; approximate: boolean };
  booking: {
    step?: 'slot' | 'email' | 'confirm';
    slots: OfferedSlot[];
    chosen?: OfferedSlot;
    email?: string;
  };
  /** Waiting for an address: for the guide, or for a teammate's follow-up. */
  resource: { step?: 'email'; purpose?: 'guide' | 'follow_up' };
  booked?: BookingSummary;
  /** The user asked for a call and it is not settled yet (booked, declined or refused). */
  meetingRequested: boolean;
  /** The words of a time the user gave with that request, kept until times are looked up. */
  requestedTime?: string;
  /**
   * The day and clock time the user has asked for so far in this booking, each kept until they
   * name another: "tomorrow at 8pm", then "how about 6pm" is tomorrow at 6pm; "at 10", then
   * "tomorrow" is tomorrow at 10.
   */
  timeAsked?: { date?: string; minutes?: number };
  /** The user's own address, once they gave it. */
  email?: string;
  lastArticle?: Article;
  /** What was last searched, so a follow-up ("what about in the EU?") keeps its topic. */
  lastQuestion?: string;
  humanRequests: number;
  handedOff: boolean;
  handoffReason?: string;
  consent: 'unknown' | 'yes' | 'no';
  /** Sarah's last reply asked about the transcript: a yes or no now answers that. */
  consentQuestionOpen: boolean;
  /** How many times she has asked (the greeting, then once more at most). */
  consentAsks: number;
  /** The user turn that answered it, so the reply can thank them for that turn only. */
  consentAnsweredAt?: number;
  closing: boolean;
  userTurns: number;
  /** Sarah's last few replies, newest last: "sorry, what was that?" is answered from them. */
  replies: string[];
  /** The title of the last guide emailed, for "what was that guide called?". */
  lastResource?: string;
}

/** How many of Sarah's replies the state keeps for recall. */
const KEEP_REPLIES = 4;

export type DialogueEvent =
  | { type: 'user'; u: Understanding }
  | { type: 'tool'; name: string; args: Record<string, unknown>; output: unknown; isError: boolean }
  | { type: 'assistant'; text: string; acts?: ReplyAct[] }
  /** Known before the chat starts (the console's --email, a signed-in page). */
  | { type: 'profile'; email: string };

export function initialDialogue(zone: string): DialogueState {
  return {
    zone,
    askedFields: [],
    booking: { slots: [] },
    resource: {},
    meetingRequested: false,
    humanRequests: 0,
    handedOff: false,
    consent: 'unknown',
    consentQuestionOpen: false,
    consentAsks: 0,
    closing: false,
    userTurns: 0,
    replies: [],
  };
}

export function reduce(state: DialogueState, event: DialogueEvent): DialogueState {
  switch (event.type) {
    case 'user':
      return onUser(state, event.u);
    case 'tool':
      return event.isError ? state : onTool(state, event.name, event.args, asRecord(event.output));
    case 'assistant':
      return onAssistant(
        { ...state, replies: [...(state.replies ?? []), event.text].slice(-KEEP_REPLIES) },
        event.acts ?? detectReplyActs(event.text),
      );
    case 'profile':
      return { ...state, email: event.email };
  }
}

function onUser(state: DialogueState, u: Understanding): DialogueState {
  const next: DialogueState = { ...state, userTurns: state.userTurns + 1, booking: { ...state.booking } };
  // Consent is an explicit answer to the question while it is open; the first turn always
  // answers the greeting's question, even if the greeting was never followed (a rebuilt history).
  const consentOpen = state.consentQuestionOpen || state.userTurns === 0;
  if (state.consent === 'unknown' && consentOpen && u.consent) {
    next.consent = u.consent;
    next.consentAnsweredAt = next.userTurns;
  }
  if (u.intent === 'human') next.humanRequests += 1;
  if (u.intent === 'meeting' || (state.offer === 'meeting' && u.affirm && !u.deny))
    next.meetingRequested = true;
  if (state.offer === 'meeting' && u.deny) next.meetingRequested = false;
  // "Actually, forget the call" while times are on the table: the booking in progress is dropped.
  // At the read-back the policy answers it and nothing is booked without a yes; a booked call is
  // cancelled only by asking to cancel it.
  const calledOff = u.callingOff && !state.booked && !u.time && state.booking.step !== 'confirm';
  if (calledOff && (state.booking.step || next.meetingRequested)) {
    next.meetingRequested = false;
    next.booking = { slots: [] };
    next.timeAsked = undefined;
  }
  if (u.time && (next.meetingRequested || state.offer === 'meeting') && !state.booked)
    next.requestedTime = u.text;
  if (u.time && (next.meetingRequested || state.offer === 'meeting' || state.booking.step) && !state.booked)
    next.timeAsked = mergeTimeAsked(state.timeAsked, u.time);
  if (u.time?.zoneNamed) next.zone = u.time.zone;
  const ownEmail = usersOwnAddress(u, state.email);
  if (ownEmail) {
    next.email = ownEmail;
    if (state.booking.step || state.booking.chosen) next.booking.email = ownEmail;
  }
  // A lone offered time is taken by a yes or by giving the address for the invite.
  const lone = state.booking.slots.length === 1 && !state.booking.chosen ? state.booking.slots[0] : undefined;
  if (lone && (u.affirm || ownEmail) && !u.deny && !u.time) next.booking.chosen = lone;
  if (state.booking.slots.length > 0 && u.slotRef) {
    // At the read-back a "no" is about the details, not a rejection of every offered time.
    if (u.slotRef.kind === 'none' && state.booking.step === 'confirm') return next;
    if (u.slotRef.kind === 'pick') {
      const chosen = state.booking.slots[u.slotRef.index];
      if (chosen) next.booking.chosen = chosen;
    } else {
      next.booking.slots = [];
      next.booking.chosen = undefined;
    }
  }
  return next;
}

function onTool(
  state: DialogueState,
  name: string,
  args: Record<string, unknown>,
  out: Record<string, unknown>,
): DialogueState {
  switch (name) {
    case 'check_availability': {
      const slots = (out.slots as OfferedSlot[] | undefined) ?? [];
      const exact = typeof out.exactSlotId === 'string' ? slots[Number(out.exactSlotId) - 1] : undefined;
      return {
        ...state,
        zone: typeof out.timeZone === 'string' ? out.timeZone : state.zone,
        offer: undefined,
        requestedTime: undefined,
        booking: {
          ...state.booking,
          step: slots.length > 0 ? 'slot' : undefined,
          slots,
          chosen: exact,
        },
      };
    }
    case 'book_meeting':
    case 'change_meeting': {
      if (out.cancelled) return { ...state, booked: undefined, booking: { slots: [] } };
      if (out.booked && typeof out.bookingId === 'string') {
        const booked: BookingSummary = {
          bookingId: out.bookingId,
          startUtc: String(out.startUtc),
          ...(typeof out.endUtc === 'string' ? { endUtc: out.endUtc } : {}),
          label: String(out.when),
          userTimeZone: String(out.timeZone ?? state.zone),
          email: String(out.email ?? state.email ?? ''),
          ...(typeof out.inviteUid === 'string' ? { inviteUid: out.inviteUid } : {}),
          ...(typeof out.inviteSequence === 'number' ? { inviteSequence: out.inviteSequence } : {}),
        };
        return {
          ...state,
          booked,
          timeAsked: undefined,
          email: booked.email || state.email,
          booking: { slots: [] },
          offer: undefined,
          meetingRequested: false,
        };
      }
      // The slot went to someone else: the tool offers the next open times instead.
      const slots = (out.slots as OfferedSlot[] | undefined) ?? [];
      return { ...state, booking: { ...state.booking, step: 'slot', slots, chosen: undefined } };
    }
    case 'search_knowledge':
    case 'compare_competitor': {
      const best =
        (out.results as Article[] | undefined)?.[0] ?? (out.found ? (out as unknown as Article) : undefined);
      const lastQuestion = typeof args.query === 'string' ? args.query : state.lastQuestion;
      return best ? { ...state, lastArticle: best, lastQuestion } : { ...state, lastQuestion };
    }
    case 'send_resource':
      return out.sent
        ? {
            ...state,
            email: String(out.email ?? args.email ?? state.email),
            resource: {},
            offer: undefined,
            lastResource: typeof out.title === 'string' ? out.title : state.lastResource,
          }
        : state;
    case 'request_human':
      if (out.handoff)
        return { ...state, handedOff: true, handoffReason: String(out.reason), offer: undefined };
      // A follow-up by email is settled; a first request for a person leaves the offer open.
      return out.followUp ? { ...state, resource: {}, offer: undefined } : { ...state, offer: 'person' };
    default:
      return state;
  }
}

function onAssistant(state: DialogueState, acts: ReplyAct[]): DialogueState {
  // Each reply replaces the open offer and question: only the latest one can be answered.
  const next: DialogueState = {
    ...state,
    offer: undefined,
    askedFor: undefined,
    pendingFact: undefined,
    consentQuestionOpen: false,
  };
  for (const act of acts) {
    switch (act.kind) {
      case 'offer':
        next.offer = act.offer;
        break;
      case 'ask':
        next.askedFor = act.field;
        if (!next.askedFields.includes(act.field)) next.askedFields = [...next.askedFields, act.field];
        break;
      case 'confirm_fact':
        next.pendingFact = { field: act.field, value: act.value, approximate: act.approximate };
        break;
      case 'ask_booking_email':
        next.booking = { ...next.booking, step: 'email' };
        break;
      case 'read_back':
        next.booking = { ...next.booking, step: 'confirm' };
        break;
      case 'ask_resource_email':
        next.resource = { step: 'email', purpose: act.purpose };
        break;
      case 'closing':
        next.closing = true;
        break;
      case 'ask_consent':
        next.consentQuestionOpen = true;
        next.consentAsks += 1;
        break;
    }
  }
  return next;
}

/** A new request's day or time replaces the old one; what it leaves out is kept. */
function mergeTimeAsked(
  previous: DialogueState['timeAsked'],
  time: NonNullable<Understanding['time']>,
): DialogueState['timeAsked'] {
  // A span of days or a part of day ("next week", "Thursday afternoon") asks for no one clock time.
  const date = time.date ?? (time.range ? undefined : previous?.date);
  const vague = Boolean(time.range || time.partOfDay || time.approximate);
  const minutes = time.time ?? (vague ? undefined : previous?.minutes);
  return { date, minutes };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}
