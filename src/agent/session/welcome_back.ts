import { COPY, LINES } from '../../conversation/index.js';
import type { SessionContext } from '../context.js';

/** Replies to what the user had just said ("Thanks, noted."): they are not said again. */
const ACKNOWLEDGEMENTS = new Set<string>([...LINES.acknowledge, COPY.consentThanks, COPY.consentDeclined]);

/** Redaction placeholders ([email], [phone]…): a line holding one is not said again. */
const REDACTED = /\[(email|phone|card|address)\]/;

/**
 * What Sarah says when a dropped chat is picked up: "welcome back", then her last line again.
 * Repeating it is what keeps "nothing asked twice" true: the reply the user may never have
 * received is delivered, and the same offer or question is open again in the dialogue state
 * (the reducer reads the same acts from the same words). A conversation that had not started
 * gets the greeting; a last line that was redacted (a read-back of the address) is replaced by
 * the question it asked.
 */
export function welcomeBackLine(context: SessionContext, lastReply: string | undefined): string {
  if (context.userTurns === 0) return COPY.greeting;
  const { booking } = context.dialogue;
  if (lastReply && !REDACTED.test(lastReply))
    return `${COPY.welcomeBack} ${withoutAcknowledgement(lastReply)}`;
  if (booking.step === 'confirm' && booking.chosen)
    return `${COPY.welcomeBack} ${COPY.welcomeBackReadBack.replace('{slot}', booking.chosen.label)}`;
  return `${COPY.welcomeBack} ${COPY.welcomeBackOpen}`;
}

/** The reply without the acknowledgements it opened with (the whole reply if that is all it was). */
function withoutAcknowledgement(reply: string): string {
  const sentences = reply.split(/(?<=[.!?])\s+/);
  let first = 0;
  while (first < sentences.length - 1 && ACKNOWLEDGEMENTS.has(sentences[first]!)) first += 1;
  return sentences.slice(first).join(' ');
}
