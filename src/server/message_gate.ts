import type { RawData } from 'ws';
import { isEndFrame } from './chat_frames.js';
import { TokenBucket } from './token_bucket.js';

/**
 * The first check every frame on a chat socket passes, and the cheapest: over the socket's rate a
 * frame is dropped unread. The user is told to slow down once per streak of dropped frames, not
 * once per frame, so a flood cannot make us write a flood back. An end frame always passes: it is
 * tiny and it frees everything.
 */
export function createMessageGate(
  limits: { messageBurst: number; messagesPerMinute: number },
  saySlowDown: () => void,
): (raw: RawData, isBinary: boolean) => boolean {
  const bucket = new TokenBucket(limits.messageBurst, limits.messagesPerMinute);
  let toldInThisStreak = false;
  return (raw, isBinary) => {
    if (bucket.take() || isEndFrame(raw, isBinary)) {
      toldInThisStreak = false;
      return true;
    }
    if (!toldInThisStreak) saySlowDown();
    toldInThisStreak = true;
    return false;
  };
}
