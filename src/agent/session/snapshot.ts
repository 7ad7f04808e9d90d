import { llm } from '@livekit/agents';
import { CONVERSATION_STATES, type ConversationState, type UsageKind } from '../../conversation/index.js';
import { redactPersonalData } from '../../privacy/redact.js';
import type { Channel, SessionContext } from '../context.js';
import type { DialogueState } from './dialogue.js';

/** The recent messages a resumed model sees; older ones live in the dialogue state's facts. */
const KEEP_MESSAGES = 12;

/**
 * What a chat needs to carry on after its socket dropped, on this instance or another: the facts,
 * tier, dialogue state (offered slots, the pending booking, what was asked already), the
 * conversation state and Sarah's lines already used. Messages are redacted like transcripts; the
 * user's own address stays only inside the dialogue state, where a pending booking needs it.
 */
export interface ConversationSnapshot {
  version: 1;
  channel: Channel;
  userTimeZone: string;
  openedAt: string;
  signals: SessionContext['signals'];
  tier: SessionContext['tier'];
  state: ConversationState;
  dialogue: DialogueState;
  said: string[];
  bookingAttempts: number;
  /** Tool uses counted against the per-conversation limits (searches, emails, booking attempts). */
  usage?: Partial<Record<UsageKind, number>>;
  /** Addresses the user said are someone else's: still never emailed after a resume. */
  othersEmails?: string[];
  messages: Array<{ role: 'user' | 'assistant'; text: string }>;
}

export function takeSnapshot(
  context: SessionContext,
  openedAt: Date,
  history: readonly llm.ChatItem[],
): ConversationSnapshot {
  const messages: ConversationSnapshot['messages'] = [];
  for (const item of history) {
    if (item.type !== 'message' || (item.role !== 'user' && item.role !== 'assistant')) continue;
    const text = item.textContent?.trim();
    if (text) messages.push({ role: item.role, text: redactPersonalData(text) });
  }
  return {
    version: 1,
    channel: context.channel,
    userTimeZone: context.userTimeZone,
    openedAt: openedAt.toISOString(),
    signals: context.signals,
    tier: context.tier,
    state: context.states.state,
    // Replies kept for recall are redacted like the messages (a read-back names the address).
    dialogue: { ...context.dialogue, replies: (context.dialogue.replies ?? []).map(redactPersonalData) },
    said: [...context.said].map(redactPersonalData),
    bookingAttempts: context.bookingAttempts,
    usage: context.usage.counts(),
    othersEmails: [...context.othersEmails],
    messages: messages.slice(-KEEP_MESSAGES),
  };
}

/** Puts a snapshot's state back into a fresh context (before its first turn). */
export function restoreContext(context: SessionContext, snapshot: ConversationSnapshot): void {
  context.replaceSignals(snapshot.signals);
  context.restoreDialogue(snapshot.dialogue);
  context.states.resume(snapshot.state);
  for (const line of snapshot.said) context.said.add(line);
  context.bookingAttempts = snapshot.bookingAttempts;
  if (snapshot.usage && typeof snapshot.usage === 'object') context.usage.restore(snapshot.usage);
  for (const address of snapshot.othersEmails ?? []) context.othersEmails.add(address);
}

/** The recent messages as the chat history a new agent starts with. */
export function restoredChat(snapshot: ConversationSnapshot): llm.ChatContext {
  const chat = llm.ChatContext.empty();
  for (const message of snapshot.messages) chat.addMessage({ role: message.role, content: message.text });
  return chat;
}

/**
 * Reads a stored snapshot; anything not written by this version (or damaged) gives undefined, and
 * the client simply starts a new conversation.
 */
export function parseSnapshot(json: string): ConversationSnapshot | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const s = value as Partial<ConversationSnapshot>;
  const valid =
    s.version === 1 &&
    typeof s.userTimeZone === 'string' &&
    typeof s.openedAt === 'string' &&
    typeof s.dialogue === 'object' &&
    s.dialogue !== null &&
    typeof s.signals === 'object' &&
    (CONVERSATION_STATES as readonly string[]).includes(s.state ?? '') &&
    Array.isArray(s.said) &&
    Array.isArray(s.messages);
  return valid ? (s as ConversationSnapshot) : undefined;
}
