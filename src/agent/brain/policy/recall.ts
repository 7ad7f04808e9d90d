import { COPY, LINES, RECALL, bookingStatus, describeSlots } from '../../../conversation/index.js';
import { say, type Action, type Turn } from './types.js';

// What a recall question is about: structured slots named by a word or two, not phrasings.
const ABOUT_EMAIL = /\b(e-?mail|address|inbox)\b/;
const ABOUT_TIMES = /\b(times?|options?|slots?|when|days?|dates?|o'?clock)\b/;
const ABOUT_TEAM = /\b(team|people|size|headcount|seats?|staff|employees)\b/;
const ABOUT_VOLUME =
  /\b(documents?|docs?|volume|contracts?|proposals?|quotes?)\b.*\b(month|monthly)\b|\bvolume\b/;
const ABOUT_RESOURCE = /\b(guide|checklist|resource|sent me|emailed me)\b/;
const ABOUT_TOPIC = /\babout ([a-z][a-z -]{2,40}?)(?: (?:again|before|earlier|just now))?\s*\??$/;

/** Lines that carry nothing worth repeating: "didn't follow". */
const NOT_WORTH_REPEATING = new Set<string>(LINES.fallback);

/**
 * "What were those times again?", "what email did you put it under?", "sorry, what was that?":
 * answered from the dialogue state and Sarah's own last replies, never by a search.
 */
export function recallAnswer(t: Turn): Action | undefined {
  if (t.u.intent !== 'recall') return undefined;
  const { d, ctx } = t;
  const lower = t.u.lower;
  const booked = d.booked;
  if (ABOUT_EMAIL.test(lower) && !ABOUT_RESOURCE.test(lower)) {
    if (booked) return say(RECALL.invite(booked.label, booked.email));
    const email = d.booking.email ?? d.email;
    return say(email ? RECALL.email(email) : RECALL.noEmail);
  }
  if (ABOUT_RESOURCE.test(lower))
    return say(d.lastResource ? RECALL.resource(d.lastResource) : RECALL.noResource);
  if (ABOUT_TEAM.test(lower) && !ABOUT_TIMES.test(lower)) {
    const n = ctx.signals.teamSize;
    return say(n === undefined ? RECALL.notSaid : RECALL.teamSize(n));
  }
  if (ABOUT_VOLUME.test(lower)) {
    const n = ctx.signals.monthlyVolume;
    return say(n === undefined ? RECALL.notSaid : RECALL.volume(n));
  }
  if (ABOUT_TIMES.test(lower)) {
    if (booked) return say(bookingStatus(booked.label, booked.email));
    if (d.booking.chosen && d.booking.step !== 'slot')
      return say(RECALL.repeat(lastReply(t) ?? d.booking.chosen.label));
    if (d.booking.slots.length > 0) return say(describeSlots(d.booking.slots.map((s) => s.label)));
  }
  const topic = ABOUT_TOPIC.exec(lower)?.[1];
  if (topic) {
    const stem = topic.replace(/(s|ing|ments?)$/, '');
    const earlier = [...(d.replies ?? [])].reverse().find((r) => r.toLowerCase().includes(stem));
    if (earlier) return say(RECALL.repeat(earlier));
    return undefined; // not said by Sarah: the search rules look the topic up.
  }
  const last = lastReply(t);
  return say(last ? RECALL.repeat(last) : COPY.anythingElse);
}

/** Sarah's last reply that said something, without a "Sure." of an earlier repeat. */
function lastReply(t: Turn): string | undefined {
  const replies = [...(t.d.replies ?? [])].reverse();
  const found = replies.find((r) => !NOT_WORTH_REPEATING.has(r));
  return found?.replace(/^Sure\. /, '');
}
