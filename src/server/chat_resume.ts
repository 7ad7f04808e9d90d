import type { SarahConversation, SnapshotKeeper } from '../agent/conversation.js';
import { parseSnapshot, type ConversationSnapshot } from '../agent/session/snapshot.js';
import type { Store } from '../store/index.js';
import type { SessionTokens } from './session_token.js';

/**
 * Picking a dropped chat up again (README "Conversations survive a dropped connection").
 *
 * Every web chat saves a snapshot after each turn. When its socket closes without an ending, the
 * conversation is parked: the snapshot is marked with the time, and the chat is ended for good
 * only if nobody comes back within the resume window. The page reconnects with `?resume=<session
 * id>&token=<session token>`; whichever instance gets that socket claims the snapshot (a compare
 * and set on its generation, so exactly one wins) and starts the conversation again from it. The
 * instance that held it before lets go without recording an end: locally at once, elsewhere when
 * its parking time runs out and it sees the generation has moved on.
 */

/** A chat this instance holds, live or parked, and how to let it go to a newer holder. */
export interface HeldChat {
  conversation: SarahConversation;
  /** Closes the old socket (if still open), saves where things stand, and hands over. */
  release(): Promise<void>;
}

/** The chats this instance holds, by session ID. */
export class HeldChats {
  readonly #chats = new Map<string, HeldChat>();
  readonly #pending = new Set<Promise<unknown>>();

  hold(chat: HeldChat): void {
    this.#chats.set(chat.conversation.sessionId, chat);
  }

  /** Forgets the chat if it is still the one held under its ID. */
  drop(chat: HeldChat): void {
    const id = chat.conversation.sessionId;
    if (this.#chats.get(id) === chat) this.#chats.delete(id);
  }

  take(sessionId: string): HeldChat | undefined {
    const chat = this.#chats.get(sessionId);
    this.#chats.delete(sessionId);
    return chat;
  }

  get size(): number {
    return this.#chats.size;
  }

  /** Keeps track of a save in flight, so shutdown can wait for it before the store closes. */
  track(work: Promise<unknown>): void {
    const settled = work.catch(() => undefined).finally(() => this.#pending.delete(settled));
    this.#pending.add(settled);
  }

  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
  }
}

export type ResumeOutcome =
  | { kind: 'resumed'; snapshot: ConversationSnapshot; generation: number }
  /** The page asked to resume, but it is too late or the chat is over: a new one starts. */
  | { kind: 'expired'; why: ResumeRefusal };

/** Why a chat could not be resumed: logged, so a lost resume can be told from a late one. */
export type ResumeRefusal =
  | 'bad_token'
  | 'store_unreadable'
  | 'not_found'
  | 'ended'
  | 'too_late'
  | 'unreadable_snapshot'
  | 'claimed_elsewhere';

/**
 * Finds and claims the conversation a reconnecting page asks for. Only the browser that had the
 * chat can: the session token it was given is required.
 */
export async function claimConversation(request: {
  sessionId: string;
  token: string;
  tokens: SessionTokens;
  held: HeldChats;
  store: Store;
  windowMs: number;
  now: Date;
}): Promise<ResumeOutcome> {
  const { sessionId, store } = request;
  const refuse = (why: ResumeRefusal): ResumeOutcome => ({ kind: 'expired', why });
  if (!request.tokens.verify(sessionId, request.token)) return refuse('bad_token');
  // Held here (parked, or still open in another tab): let it go first, so its last turn is saved.
  await request.held.take(sessionId)?.release();
  const found = await Promise.all([store.snapshots.get(sessionId), store.sessions.get(sessionId)]).catch(
    () => undefined,
  );
  if (!found) return refuse('store_unreadable');
  const [row, session] = found;
  if (!row || !session) return refuse('not_found');
  if (session.endedAt) return refuse('ended');
  // A crashed instance never marked the drop; its last save is the latest sign of life.
  const since = Date.parse(row.parkedAt ?? row.savedAt);
  if (request.now.getTime() - since > request.windowMs) return refuse('too_late');
  const snapshot = parseSnapshot(row.snapshot);
  if (!snapshot) return refuse('unreadable_snapshot');
  const generation = await store.snapshots.claim(sessionId, row.generation).catch(() => undefined);
  // Another instance claimed it in the same moment: that one carries on, this page starts anew.
  if (generation === undefined) return refuse('claimed_elsewhere');
  return { kind: 'resumed', snapshot, generation };
}

/**
 * A dropped chat waits `windowMs` for its page to come back. Then it is ended for good, or only
 * let go if another instance resumed it meanwhile. Returns the timer, which a resume here clears.
 */
export function expireUnlessResumed(
  chat: HeldChat,
  held: HeldChats,
  store: Store,
  windowMs: number,
): NodeJS.Timeout {
  const { conversation } = chat;
  const timer = setTimeout(() => {
    held.drop(chat);
    const expire = async () => {
      if (await stillOurs(store, conversation.sessionId, conversation.generation))
        await conversation.end('socket_closed');
      else await conversation.handOver();
    };
    held.track(expire());
  }, windowMs);
  // Never keeps a shutting-down process alive: the snapshot stays parked for another instance.
  timer.unref();
  return timer;
}

/**
 * At the end of the parking time: is the conversation still ours to end? Not if another
 * instance resumed it meanwhile (the stored generation moved on, or the row is gone).
 */
async function stillOurs(store: Store, sessionId: string, generation: number): Promise<boolean> {
  try {
    const [row, session] = await Promise.all([store.snapshots.get(sessionId), store.sessions.get(sessionId)]);
    // Ended by a newer holder, or resumed by one that still has it.
    if (session?.endedAt) return false;
    return row === undefined || row.generation === generation;
  } catch {
    // Unreadable store: end it here rather than leave it open.
    return true;
  }
}

/** The store behind a conversation's snapshots. */
export function storeSnapshots(store: Store, now: () => Date = () => new Date()): SnapshotKeeper {
  return {
    save: (sessionId, snapshot, generation) =>
      store.snapshots.save(sessionId, JSON.stringify(snapshot), generation, now().toISOString()),
    park: async (sessionId, generation) => {
      await store.snapshots.park(sessionId, generation, now().toISOString());
    },
    remove: (sessionId, generation) => store.snapshots.remove(sessionId, generation),
  };
}
