import {
  ASK_FOLLOW_UP_EMAIL,
  BOOKING_DROPPED,
  COPY,
  NOTHING_BOOKED,
  NOT_BOOKED_YET,
  OWN_EMAIL_ONLY,
  RECALL,
  askEmailForInvite,
  bookingStatus,
  clarifyRange,
  confirmFact,
  pickLine,
  readBackBooking,
  zoneAnswer,
  type LineKey,
} from '../../../conversation/index.js';
import { DateTime } from 'luxon';
import { describeZone } from '../../understanding/datetime.js';
import { looksLikePromptInjection } from '../../../conversation/index.js';
import { questionFocus, withoutFeelings } from '../../understanding/intents.js';
import { bareHour, relativeShift } from '../../understanding/time_words.js';
import { usersOwnAddress } from '../../understanding/understand.js';
import { answeredConsentNow } from './compose.js';
import { decideFacts } from './facts.js';
import { recallAnswer } from './recall.js';
import { ran, say, tool, type Action, type Rule, type Turn } from './types.js';

const LEGAL_ADVICE =
  /\b(advice|advise|lawsuit|sue|suing|court|my lawyer|review (my|our|this) (contract|agreement)|enforce (my|our|this)|should i|protects? me|legally speaking|indemn\w*|non-?competes?|liab\w*)\b/;
/** What to search for: the question itself, without the preamble around it. */
const FOLLOW_UP =
  /^(and|so|ok(ay)?|but|what about|how about|what if|does that|is that|how does (that|it)|can (that|it)|and (what|how))\b/;
/**
 * What to search for: the question itself, without the preamble around it. A short follow-up
 * ("what about in the EU?") is read with the question before it.
 */
const searchQuery = (t: Turn) => {
  const focus = questionFocus(withoutFeelings(t.u.normalized));
  const short = focus.split(/\s+/).length <= 6;
  const previous = t.d.lastQuestion;
  const query = previous && short && FOLLOW_UP.test(focus.toLowerCase()) ? `${previous} ${focus}` : focus;
  return query.slice(0, 300);
};
const ASKING =
  /^(and |so |but |ok(ay)? )?(what about|how about|does|do|can|could|is|are|will|would|what|how|which|any)\b/;

/** Whether the clause that names this tool asks about it rather than says the team uses it. */
function askedAbout(lower: string, id: string): boolean {
  const name = id.replace(/_/g, ' ');
  const clause = lower
    .split(/[,.;:!?]+|\s+-\s+|\s+and\s+(?=(?:what|how|can|could|does|do|is)\b)/)
    .map((c) => c.trim())
    .find((c) => c.replace(/\s+/g, '').includes(name.replace(/\s+/g, '')));
  return clause !== undefined && ASKING.test(clause);
}

const PRODUCT_QUESTION =
  /^\s*(does|do|can|is|are|how|what)\b.*\b(pandadoc|it|you)\b.*\b(work|integrate|connect|support|sync|handle|do)\b/;
const MEETING_WORDS = /\b(demo|call|meeting|sales|book|schedule)\b/;
const CHAT_INTENTS = new Set([
  'identity',
  'greeting',
  'how_are_you',
  'small_talk',
  'thanks',
  'hold_on',
  'farewell',
  'other_language',
]);
const CONTENT = /[a-z]{3,}/g;
const FILLER_WORDS = new Set(
  "the and you your for this that there then with have has was are our now yes yeah okay sure just really very what how can could would will its it's i'm thanks thank please".split(
    ' ',
  ),
);
const contentWords = (t: Turn) => (t.u.lower.match(CONTENT) ?? []).filter((w) => !FILLER_WORDS.has(w)).length;
const line = (turn: Turn, key: LineKey) => pickLine(key, turn.ctx.said);
const ownEmail = (turn: Turn) => usersOwnAddress(turn.u, turn.d.email);
const emailAttempt = (turn: Turn) => turn.u.email?.kind === 'attempt';
const salesReady = (turn: Turn) => turn.ctx.tier === 'sales_ready';
const hasTime = (turn: Turn) => Boolean(turn.u.time);
const knowsSomething = (turn: Turn) => {
  const s = turn.ctx.signals;
  return s.teamSize !== undefined || s.monthlyVolume !== undefined || s.integrations.length > 0;
};

const CHANGE_WORDS =
  /\b(make (it|that)|how about|what about|can we do|could we do|instead|actually|rather|better|change (it|that) to|move (it|that) to|switch (it|that) to|wait)\b/;

/**
 * A new time for the meeting on the table, in words the server resolves. A time without a day
 * ("actually make it 11") keeps the day already agreed; a bare number right after a booking is a
 * time, not a team size.
 */
function changedTimeWords(t: Turn): string | undefined {
  const current = t.d.booked?.startUtc ?? t.d.booking.chosen?.startUtc;
  if (!current) return undefined;
  const time = t.u.time;
  const agreed = DateTime.fromISO(current, { zone: 'utc' }).setZone(t.d.zone);
  // "An hour later", "push it back 30 minutes": moved from the time already agreed.
  const shift = time?.time === undefined ? relativeShift(t.u.lower) : undefined;
  if (shift !== undefined) return agreed.plus({ minutes: shift }).toFormat("cccc, LLLL d 'at' h:mm a");
  // "December 3rd, same time": the new day at the time already agreed. "Thursday's out, Friday
  // same time?" names the agreed day too: the new day is the other one.
  const newDay = time?.date ?? otherDayInRange(time, agreed);
  if (newDay && time?.time === undefined && /\bsame time\b/.test(t.u.lower)) {
    return `${DateTime.fromISO(newDay).toFormat('cccc, LLLL d')} at ${agreed.toFormat('h:mm a')}`;
  }
  if (time && (time.date || time.range)) return timeWords(t);
  // A bare number counts only with change words ("make it 11"); a parsed time counts on its own.
  const minutes = time?.time ?? (CHANGE_WORDS.test(t.u.lower) ? bareHour(t.u.lower) : undefined);
  if (minutes === undefined) return undefined;
  const clock = DateTime.fromObject({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toFormat(
    'h:mm a',
  );
  const day = DateTime.fromISO(current, { zone: 'utc' }).setZone(t.d.zone).toFormat('cccc, LLLL d');
  return `${day} at ${clock}`;
}

/**
 * The user's words for the time, completed from earlier turns of the same booking when they give
 * only a day or only a clock time ("how about 6pm then" after "tomorrow at 8pm").
 */
function timeWords(t: Turn): string {
  const time = t.u.time;
  const asked = t.d.timeAsked;
  const partial = time && (time.date === undefined) !== (time.time === undefined) && !time.range;
  if (!partial || asked?.date === undefined || asked.minutes === undefined) return t.u.text.slice(0, 600);
  const day = DateTime.fromISO(asked.date, { zone: t.d.zone });
  const at = day.set({ hour: Math.floor(asked.minutes / 60), minute: asked.minutes % 60 });
  return at.toFormat("cccc, LLLL d 'at' h:mm a");
}

/** The one weekday of a two-day mention that is not the day already agreed, as an ISO date. */
function otherDayInRange(time: Turn['u']['time'], agreed: DateTime): string | undefined {
  if (!time?.range || time.weekdays?.length !== 2 || !time.weekdays.includes(agreed.weekday))
    return undefined;
  const wanted = time.weekdays.find((day) => day !== agreed.weekday)!;
  for (
    let day = DateTime.fromISO(time.range.from);
    day <= DateTime.fromISO(time.range.to);
    day = day.plus({ days: 1 })
  )
    if (day.weekday === wanted) return day.toISODate() ?? undefined;
  return undefined;
}

/** Reads back the chosen slot and asks for the one thing still missing: the email or the yes. */
function nextBookingStep(turn: Turn): Action | undefined {
  const { chosen } = turn.d.booking;
  if (!chosen) return undefined;
  const email = turn.d.booking.email ?? turn.d.email;
  return email ? say(readBackBooking(chosen.label, email)) : say(askEmailForInvite(chosen.label));
}

function restrictedLine(turn: Turn): string {
  switch (turn.u.restricted) {
    case 'discount':
      return salesReady(turn) ? COPY.noDiscounts : COPY.noDiscountsSelfServe;
    case 'payment':
      return COPY.noPayments;
    case 'legal':
      return COPY.legalHandoff;
    case 'unreleased':
      return COPY.noUnreleased;
    default:
      return COPY.noOtherCustomers;
  }
}

/**
 * The offline brain's policy, in order: safety and hand-offs, questions about the conversation,
 * the active form (booking, then resource), facts, then the intent table. The first rule that
 * applies decides the step; each rule is tested as a table in test/unit/policy.test.ts.
 */
export const RULES: Rule[] = [
  // 1. Safety and hand-offs.
  {
    name: 'already_handed_off',
    act: (t) => {
      if (!t.d.handedOff || ran(t, 'request_human')) return undefined;
      // The address Sarah asked for after the hand-off goes to the team (follow_up_by_email).
      const contactAsked = t.d.resource.step === 'email' && t.d.resource.purpose === 'follow_up';
      if (contactAsked && (ownEmail(t) || emailAttempt(t))) return undefined;
      return say(line(t, 'handedOff'));
    },
  },
  {
    name: 'strong_distress_hands_off',
    act: (t) =>
      t.u.frustration === 'strong'
        ? tool({ name: 'request_human', args: { reason: 'frustration' } })
        : undefined,
  },
  {
    name: 'billing_legal_bug_hand_off',
    act: (t) => {
      const reason = t.u.escalation;
      if (!reason) return undefined;
      // "Are e-signatures legally binding?" is a product question the articles answer; advice about
      // the user's own situation, or a question the articles cannot answer, goes to a person. So
      // does a problem only the learned model read as a bug ("my doc won't send"): an article
      // that answers it comes first.
      const answerFirst =
        (reason === 'legal' && t.u.question && !LEGAL_ADVICE.test(t.u.lower)) ||
        (reason === 'bug' && t.u.escalationLearned);
      if (answerFirst) {
        const search = t.results.find((r) => r.name === 'search_knowledge');
        if (!search) return tool({ name: 'search_knowledge', args: { query: searchQuery(t) } });
        if (!search.isError && (search.output as { found?: boolean }).found) return undefined;
      }
      return tool({ name: 'request_human', args: { reason } });
    },
  },
  {
    name: 'person_requested_or_accepted',
    act: (t) => {
      // A yes to the offer of a person, unless the same words ask for something else ("yes, send me the guide").
      const acceptedPerson =
        t.d.offer === 'person' &&
        !t.u.deny &&
        (t.u.intent === 'statement' || t.u.intent === 'thanks') &&
        (t.u.affirm || /\b(person|human|someone|somebody|agent|rep|teammate)\b/.test(t.u.lower));
      if (t.u.intent === 'human' || acceptedPerson)
        return tool({ name: 'request_human', args: { reason: 'user_request' } });
      return undefined;
    },
  },
  {
    name: 'follow_up_by_email',
    act: (t) => {
      const followUpAsked = t.d.offer === 'email_followup' && t.u.affirm;
      const followUpEmail = t.d.resource.step === 'email' && t.d.resource.purpose === 'follow_up';
      if (!followUpAsked && !followUpEmail) return undefined;
      const email = ownEmail(t) ?? (followUpAsked ? t.d.email : undefined);
      if (email) return tool({ name: 'request_human', args: { reason: 'follow_up', email } });
      return say(ASK_FOLLOW_UP_EMAIL);
    },
  },
  {
    // The attempt is declined; a real question in the same message still gets its answer.
    name: 'prompt_injection',
    act: (t) => {
      if (!t.u.injection) return undefined;
      // The user's own facts in the same message still count ("FYI I'm a team of 1"); only their
      // own words about their team, never the instructions around them, reach the record.
      const facts = decideFacts(t.u, t.d, t.ctx.signals, t.ctx.tier, t.ctx.thresholds);
      if (
        facts?.kind === 'record' &&
        !ran(t, 'record_qualification') &&
        (facts.args.teamSize ?? Infinity) < t.ctx.thresholds.minTeamSize
      )
        return tool({ name: 'record_qualification', args: { teamSize: facts.args.teamSize } });
      const rest = t.u.normalized
        .split(/(?<=[.!?])\s+|\b(?:also|anyway|but)\b/i)
        .filter(
          (part) => !looksLikePromptInjection(part) && /\b(how|what|can|does|do|is|where|why)\b/i.test(part),
        )
        .join(' ')
        .trim();
      if (rest && !ran(t, 'search_knowledge'))
        return tool({ name: 'search_knowledge', args: { query: questionFocus(rest).slice(0, 300) } });
      return say(line(t, 'injection'));
    },
  },
  {
    name: 'restricted_topic',
    act: (t) => (t.u.restricted && t.u.restricted !== 'legal' ? say(restrictedLine(t)) : undefined),
  },
  {
    name: 'other_language',
    act: (t) => (t.u.intent === 'other_language' ? say(line(t, 'otherLanguage')) : undefined),
  },
  { name: 'about_sarah', act: (t) => (t.u.intent === 'identity' ? say(line(t, 'identity')) : undefined) },

  // 2. Questions about the conversation itself, answered from the state.
  {
    name: 'booking_status',
    act: (t) => {
      if (t.u.intent !== 'booking_status') return undefined;
      const booked = t.d.booked;
      if (booked) return say(bookingStatus(booked.label, booked.email));
      return say(t.d.booking.chosen ? NOT_BOOKED_YET : NOTHING_BOOKED);
    },
  },
  { name: 'recall', act: recallAnswer },
  {
    name: 'zone_question',
    act: (t) => {
      if (t.u.intent !== 'zone_question') return undefined;
      const label = t.d.booked?.label ?? t.d.booking.chosen?.label;
      return say(zoneAnswer(describeZone(t.d.zone, t.ctx.now()), label));
    },
  },

  // 3. A meeting already booked: cancel, move, fix the email, or check the read-back.
  {
    name: 'cancel_meeting',
    act: (t) => {
      const cancelWords =
        t.u.intent === 'cancel_meeting' ||
        (t.d.offer === 'booking_check' && t.u.deny && !hasTime(t) && !ownEmail(t));
      if (!cancelWords) return undefined;
      // Cancelled this turn: the tool's result is the whole reply, not "nothing is booked".
      if (ran(t, 'change_meeting')) return say();
      if (t.d.booked) return tool({ name: 'change_meeting', args: { action: 'cancel' } });
      if (t.d.booking.chosen || t.d.booking.slots.length > 0) return say(BOOKING_DROPPED);
      return t.u.intent === 'cancel_meeting' ? say(NOTHING_BOOKED) : undefined;
    },
  },
  {
    name: 'move_meeting',
    act: (t) => {
      if (!t.d.booked) return undefined;
      const email = ownEmail(t);
      // "Actually, use my work email instead: …" fixes the invite, not the time.
      if (email && email !== t.d.booked.email && !hasTime(t))
        return tool({ name: 'change_meeting', args: { action: 'change_email', email } });
      const wantsMove = t.u.intent === 'reschedule' || (t.d.offer === 'booking_check' && t.u.deny);
      const words = changedTimeWords(t);
      if (t.u.intent === 'meeting' && hasTime(t))
        return tool({
          name: 'change_meeting',
          args: { action: 'move', when: words ?? t.u.text.slice(0, 600) },
        });
      if (!wantsMove) return undefined;
      if (words) return tool({ name: 'change_meeting', args: { action: 'move', when: words } });
      return say(line(t, 'askNewTime'));
    },
  },
  {
    name: 'time_changed_in_booking',
    act: (t) => {
      if (t.u.intent === 'human' || !salesReady(t)) return undefined;
      const words = changedTimeWords(t);
      if (!words) return undefined;
      if (t.d.booked) return tool({ name: 'change_meeting', args: { action: 'move', when: words } });
      return tool({ name: 'check_availability', args: { when: words } });
    },
  },
  {
    name: 'booking_read_back_accepted',
    act: (t) => (t.d.offer === 'booking_check' && t.u.affirm ? say(COPY.anythingElse) : undefined),
  },

  // 4. The booking form: slot, email, confirmation.
  {
    name: 'booking_confirmed',
    act: (t) => {
      const { step, chosen } = t.d.booking;
      if (step !== 'confirm' || !chosen || !t.u.affirm || t.u.deny || t.u.callingOff) return undefined;
      // A yes answers the latest question: an offer made since the read-back (a follow-up by
      // email after a refused booking) takes it, before or after its tool ran this turn.
      if (t.d.offer || ran(t, 'request_human')) return undefined;
      const email = t.d.booking.email ?? t.d.email;
      return email
        ? tool({ name: 'book_meeting', args: { slotId: undefined, when: undefined, email } })
        : nextBookingStep(t);
    },
  },
  {
    name: 'booking_correction',
    act: (t) => {
      const { step, chosen } = t.d.booking;
      if (step !== 'confirm' || !chosen || !(t.u.deny || t.u.callingOff)) return undefined;
      if (hasTime(t) && salesReady(t))
        return tool({ name: 'check_availability', args: { when: timeWords(t) } });
      if (ownEmail(t)) return nextBookingStep(t);
      return say(t.u.callingOff ? BOOKING_DROPPED : line(t, 'whatToChange'));
    },
  },
  {
    name: 'booking_email_given',
    act: (t) => {
      if (!t.d.booking.chosen || t.d.booked) return undefined;
      if (emailAttempt(t) && !ownEmail(t)) return say(line(t, 'invalidEmail'));
      if (t.u.earlierEmail && !ownEmail(t)) return say(RECALL.noEarlierEmail);
      // Every address is read back with the day, date, time and zone, and the call is booked
      // only after a yes: a typo in a typed address loses the invite as surely as a misheard one.
      return ownEmail(t) ? nextBookingStep(t) : undefined;
    },
  },
  {
    // An address given while the offered times are still open: keep it and ask for the time.
    name: 'email_before_time',
    act: (t) => {
      const email = ownEmail(t);
      if (!email || t.d.booked || t.d.booking.chosen || t.d.booking.step !== 'slot') return undefined;
      return say(`Thanks, I'll send the invite to ${email}. ${COPY.askWhichSlot}`);
    },
  },
  {
    name: 'slot_picked',
    act: (t) => {
      const { chosen, step } = t.d.booking;
      if (!chosen || t.d.booked) return undefined;
      // A yes that already answered Sarah's offer of a follow-up by email this turn picks nothing.
      if (ran(t, 'request_human')) return undefined;
      // A pick among the offered times, or a yes to the one time Sarah proposed.
      const accepted = t.u.slotRef?.kind === 'pick' || (step === 'slot' && t.u.affirm && !t.u.deny);
      return accepted ? nextBookingStep(t) : undefined;
    },
  },
  {
    name: 'none_of_the_slots',
    act: (t) => {
      if (t.u.slotRef?.kind !== 'none' || t.d.booked) return undefined;
      if (hasTime(t) && salesReady(t))
        return tool({ name: 'check_availability', args: { when: timeWords(t) } });
      return say(line(t, 'askNewTime'));
    },
  },

  // 5. Facts about the user's own team.
  {
    name: 'confirm_pending_fact',
    act: (t) => {
      const pending = t.d.pendingFact;
      if (!pending || ran(t, 'record_qualification')) return undefined;
      // A yes confirms it; so does carrying on without correcting it (the figure was heard back).
      const corrected = t.u.facts[pending.field] !== undefined || t.u.facts.correction !== undefined;
      if (corrected) return undefined;
      if (t.u.deny) return say(pending.field === 'teamSize' ? COPY.askTeamSize : COPY.askVolume);
      if (!pending.approximate && !t.u.affirm) return undefined;
      return tool({ name: 'record_qualification', args: { [pending.field]: pending.value } });
    },
  },
  {
    name: 'record_new_facts',
    act: (t) => {
      const decision = decideFacts(t.u, t.d, t.ctx.signals, t.ctx.tier, t.ctx.thresholds);
      if (!decision) return undefined;
      const args = decision.kind === 'record' ? decision.args : decision.record;
      // In a question, topic words ("my proposal template") are not facts about the team.
      const { useCase: _u, industry: _i, urgency: _g, ...stated } = args;
      // …and a tool named inside the question itself ("what about PayPal?") is asked about.
      const integrations = stated.integrations?.filter((id) => !askedAbout(t.u.lower, id));
      const toRecord = t.u.question
        ? { ...stated, integrations: integrations?.length ? integrations : undefined }
        : args;
      if (!toRecord.integrations) delete toRecord.integrations;
      if (Object.keys(toRecord).length > 0 && !ran(t, 'record_qualification'))
        return tool({ name: 'record_qualification', args: toRecord });
      if (decision.kind === 'record') return undefined;
      if (decision.kind === 'clarify_range') return say(clarifyRange(decision.low, decision.high));
      const noun = decision.field === 'teamSize' ? 'people on the team' : 'documents a month';
      return say(
        confirmFact(
          decision.approximate ? `about ${decision.value} ${noun}` : `${decision.value} ${noun} today`,
        ),
      );
    },
  },

  // 6. The intent table.
  {
    // "Does it work with Salesforce, and can I get a demo?": the product question is answered too.
    name: 'question_with_the_request',
    act: (t) => {
      if (t.u.intent !== 'meeting' || ran(t, 'search_knowledge')) return undefined;
      const other = t.u.normalized
        .split(/,?\s+and\s+|[?.!;]\s*/i)
        .find((part) => PRODUCT_QUESTION.test(part.toLowerCase()) && !MEETING_WORDS.test(part.toLowerCase()));
      return other ? tool({ name: 'search_knowledge', args: { query: other.slice(0, 300) } }) : undefined;
    },
  },
  {
    name: 'meeting_wanted',
    act: (t) => {
      const accepted = t.d.offer === 'meeting' && (t.u.affirm || hasTime(t)) && !t.u.deny;
      const inForm = Boolean(t.d.booking.step) && hasTime(t) && !t.d.booked;
      // A day or time said or asked about ("Friday 3pm for a call?", "can we talk at 10?") by
      // someone who can book, with no other request in the words, is a time for the meeting.
      const timeAlone =
        hasTime(t) &&
        salesReady(t) &&
        (t.u.intent === 'statement' || t.u.intent === 'question') &&
        !t.d.booked;
      // Asked for a call before Sarah knew enough; the facts just recorded may have earned it.
      const earned = t.d.meetingRequested && ran(t, 'record_qualification') && !t.d.booking.step;
      // Pressing again after a no ("just book it", "put me on the calendar").
      const pressing =
        t.d.meetingRequested &&
        !salesReady(t) &&
        /\b(book|schedule|calendar|meeting|call|demo|slot)\b/.test(t.u.lower);
      if (t.u.intent !== 'meeting' && !accepted && !inForm && !earned && !pressing && !timeAlone)
        return undefined;
      if (t.d.booked) return say(bookingStatus(t.d.booked.label, t.d.booked.email));
      // A time said earlier with the request ("a call thursday at 9?") still counts.
      if (salesReady(t))
        return tool({
          name: 'check_availability',
          args: { when: hasTime(t) ? timeWords(t) : t.d.requestedTime },
        });
      if (!knowsSomething(t)) return say(COPY.meetingNeedsFacts);
      return say(line(t, 'meetingSelfServe'));
    },
  },
  {
    name: 'resource_email_given',
    act: (t) => {
      if (t.d.resource.step !== 'email' || t.d.resource.purpose === 'follow_up') return undefined;
      const email = ownEmail(t);
      if (email) return tool({ name: 'send_resource', args: { email } });
      if (t.u.emailIsSomeoneElses) return say(OWN_EMAIL_ONLY);
      if (emailAttempt(t)) return say(line(t, 'invalidEmail'));
      return undefined;
    },
  },
  {
    name: 'resource_wanted',
    act: (t) => {
      const accepted = t.d.offer === 'resource' && t.u.affirm && !t.u.deny;
      if (t.u.intent !== 'resource' && !accepted) return undefined;
      if (t.u.emailIsSomeoneElses) return say(OWN_EMAIL_ONLY);
      const email = ownEmail(t) ?? t.d.email;
      if (email) return tool({ name: 'send_resource', args: { email } });
      return say(COPY.askEmailForResource);
    },
  },
  {
    name: 'offer_declined',
    act: (t) => (t.d.offer && t.u.deny && !t.u.question ? say(line(t, 'declined')) : undefined),
  },
  {
    name: 'competitor',
    act: (t) =>
      t.u.competitor ? tool({ name: 'compare_competitor', args: { competitor: t.u.competitor } }) : undefined,
  },
  { name: 'roi', act: (t) => (t.u.intent === 'roi' ? tool({ name: 'calculate_roi', args: {} }) : undefined) },
  {
    name: 'more_or_simpler',
    act: (t) => {
      if (t.u.intent !== 'more_detail' && t.u.intent !== 'simpler') return undefined;
      const article = t.d.lastArticle;
      if (!article) return say(line(t, 'askMore'));
      if (t.u.intent === 'simpler')
        return say(simpler(article.answer), `The full article is "${article.title}".`);
      return say(article.detail ?? `The help article "${article.title}" has the full steps: ${article.url}`);
    },
  },
  {
    name: 'product_question',
    act: (t) =>
      // A question, whichever row caught its words ("can I still change it?" is not a reschedule
      // when nothing is booked), that no earlier rule took.
      t.u.question &&
      !CHAT_INTENTS.has(t.u.intent) &&
      !ran(t, 'search_knowledge') &&
      /[a-z]{3}/.test(t.u.lower)
        ? tool({ name: 'search_knowledge', args: { query: searchQuery(t) } })
        : undefined,
  },
  {
    name: 'consent_answer',
    act: (t) =>
      answeredConsentNow(t) && t.results.length === 0
        ? say(t.d.consent === 'yes' ? COPY.consentThanks : COPY.consentDeclined, COPY.consentNext)
        : undefined,
  },
  { name: 'farewell', act: (t) => (t.u.intent === 'farewell' ? say(COPY.goodbye) : undefined) },
  {
    // Anything else with substance is looked up; grounded search says so when nothing fits.
    name: 'look_it_up',
    act: (t) =>
      (t.u.intent === 'statement' || t.u.intent === 'question') &&
      t.results.length === 0 &&
      !t.u.email &&
      !t.u.affirm &&
      !t.u.deny &&
      contentWords(t) >= 3
        ? tool({ name: 'search_knowledge', args: { query: searchQuery(t) } })
        : undefined,
  },
  {
    // An address with nothing waiting for it: noted for later (the invite, a guide).
    name: 'email_noted',
    act: (t) => {
      const email = ownEmail(t);
      if (!email || t.results.length > 0) return undefined;
      if (salesReady(t) && t.d.meetingRequested && !t.d.booked)
        return tool({ name: 'check_availability', args: { when: t.d.requestedTime } });
      return say(`Thanks, I've noted ${email}. ${COPY.anythingElse}`);
    },
  },
  {
    // "yes" with nothing open: they have something more.
    name: 'bare_yes',
    act: (t) =>
      t.u.affirm && !t.d.offer && t.u.intent === 'statement' && t.results.length === 0
        ? say(line(t, 'goAhead'))
        : undefined,
  },
  { name: 'thanks', act: (t) => (t.u.intent === 'thanks' ? say(line(t, 'thanks')) : undefined) },
  { name: 'hold_on', act: (t) => (t.u.intent === 'hold_on' ? say(line(t, 'holdOn')) : undefined) },
  { name: 'how_are_you', act: (t) => (t.u.intent === 'how_are_you' ? say(line(t, 'howAreYou')) : undefined) },
  { name: 'greeting', act: (t) => (t.u.intent === 'greeting' ? say(line(t, 'greeting')) : undefined) },
  { name: 'small_talk', act: (t) => (t.u.intent === 'small_talk' ? say(line(t, 'smallTalk')) : undefined) },
  {
    // "i need to send the same policy doc to 200 employees": a need stated, not asked.
    name: 'need_stated',
    act: (t) =>
      t.u.intent === 'statement' &&
      !ran(t, 'search_knowledge') &&
      /\b(i|we) (need|want|have|would like|'d like|am trying|'m trying|are trying|'re trying) to\b|\b(i|we) (can'?t|cannot|couldn'?t) (find|figure|get|see|work out)\b|\b(pandadoc|template|sign\w*|document|doc|proposal|contract|quote|form|workflow|integrat\w*)\b.*\b(not|won'?t|doesn'?t|isn'?t|can'?t|didn'?t|never|hasn'?t|haven'?t)\b/.test(
        t.u.lower,
      )
        ? tool({ name: 'search_knowledge', args: { query: searchQuery(t) } })
        : undefined,
  },
];

/** The first sentence of an answer, which is the plain version of it. */
function simpler(answer: string): string {
  return answer.match(/^[^.!?]+[.!?]/)?.[0] ?? answer;
}

/** The rule that decides this step, for tests and traces. */
export function firstRule(turn: Turn): { rule: string; action: Action } | undefined {
  for (const rule of RULES) {
    const action = rule.act(turn);
    if (action) return { rule: rule.name, action };
  }
  return undefined;
}
