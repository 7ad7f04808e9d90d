import { parseNumber } from '../understanding/amounts.js';

/** What Sarah offered last; a bare "yes" or "no" answers it. */
export type Offer = 'meeting' | 'resource' | 'person' | 'email_followup' | 'booking_check';
export type DiscoveryField = 'teamSize' | 'monthlyVolume' | 'useCase' | 'integrations';

/** What a reply of Sarah's commits the conversation to: an offer, a question, a form step. */
export type ReplyAct =
  | { kind: 'offer'; offer: Offer }
  | { kind: 'ask'; field: DiscoveryField }
  | { kind: 'confirm_fact'; field: 'teamSize' | 'monthlyVolume'; value: number; approximate: boolean }
  | { kind: 'ask_booking_email' }
  | { kind: 'read_back' }
  | { kind: 'ask_resource_email'; purpose: 'guide' | 'follow_up' }
  | { kind: 'closing' }
  /** The transcript question (the greeting asks it; Sarah asks once more if it went unanswered). */
  | { kind: 'ask_consent' };

/**
 * Reads the acts back from the words of a reply. It works the same on the offline brain's lines
 * (copy.ts) and on a language model's phrasing of the same moves, which is what lets the dialogue
 * state be rebuilt from chat history whichever model spoke. Only questions count as offers: a
 * sentence that merely mentions a call offers nothing.
 */
export function detectReplyActs(text: string): ReplyAct[] {
  const acts: ReplyAct[] = [];
  const lower = text.toLowerCase();
  const questions = lower.match(/[^.!?]*\?/g) ?? [];
  const asks = (pattern: RegExp) => questions.some((q) => pattern.test(q));

  if (asks(/\b(shall|should|can|may) i (go ahead and )?book\b|\bwant me to book\b|\bbook (it|that)\?/))
    acts.push({ kind: 'read_back' });
  else if (asks(/\bemail\b.*\b(invite|invitation)\b|\b(invite|invitation)\b.*\bemail\b/))
    acts.push({ kind: 'ask_booking_email' });
  else if (asks(/\bwhat email\b.*\breach you\b/))
    acts.push({ kind: 'ask_resource_email', purpose: 'follow_up' });
  else if (asks(/\bwhat email\b.*\b(send it|use for you)\b|\bemail address should i send it\b/))
    acts.push({ kind: 'ask_resource_email', purpose: 'guide' });

  if (asks(/\bdid i get (that|everything|it) right\b/)) acts.push({ kind: 'offer', offer: 'booking_check' });
  else if (asks(/\b(find|look for|set up|book|schedule) (a |some )?(time|slot|call|meeting)\b/))
    acts.push({ kind: 'offer', offer: 'meeting' });
  else if (asks(/\bemail you (a|the|our)\b.*\b(guide|checklist|article|link)\b|\bwant the guide\b/))
    acts.push({ kind: 'offer', offer: 'resource' });
  else if (asks(/\bbring in a person\b|\bconnect you (with|to) (a person|someone|a teammate)\b/))
    acts.push({ kind: 'offer', offer: 'person' });
  else if (asks(/\b(have|ask) (someone|a teammate|our team)\b.*\b(email you|reach out by email)\b/))
    acts.push({ kind: 'offer', offer: 'email_followup' });

  const check = /just to check,? (about |around |roughly )?([\w,-]+(?: [\w-]+)?) (people|documents)/.exec(
    lower,
  );
  const checked = check ? parseNumber(check[2]!) : undefined;
  if (check && checked !== undefined)
    acts.push({
      kind: 'confirm_fact',
      field: check[3] === 'people' ? 'teamSize' : 'monthlyVolume',
      value: checked,
      approximate: Boolean(check[1]),
    });
  else if (asks(/\bhow many (people|of you|teammates|users|seats)\b/))
    acts.push({ kind: 'ask', field: 'teamSize' });
  else if (asks(/\bhow many (documents|docs|proposals|contracts)\b/))
    acts.push({ kind: 'ask', field: 'monthlyVolume' });
  else if (asks(/\bcrm\b|\bconnected\b|\bintegrat/)) acts.push({ kind: 'ask', field: 'integrations' });
  else if (asks(/\bwhat kind of documents\b/)) acts.push({ kind: 'ask', field: 'useCase' });

  if (asks(/\b(keep|save|store) (a |the )?transcript\b|\btranscri(be|pt) (this|our)\b/))
    acts.push({ kind: 'ask_consent' });
  if (/\bsurvey\b/.test(lower) && /\b(good luck|bye|thanks for chatting)\b/.test(lower))
    acts.push({ kind: 'closing' });
  return acts;
}
