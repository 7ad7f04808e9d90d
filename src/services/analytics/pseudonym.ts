import { createHmac } from 'node:crypto';

/**
 * The id an analytics provider sees for a conversation: a keyed hash of the session id, so
 * events of one session group together, yet nobody without the salt can link them back to
 * the session (or to our logs, which use a different salt).
 */
export function pseudonymousId(salt: string, sessionId: string): string {
  return createHmac('sha256', salt).update(`session:${sessionId}`).digest('hex').slice(0, 32);
}
