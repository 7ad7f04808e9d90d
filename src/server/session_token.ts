import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';

/**
 * A short-lived proof that the bearer was the browser in a given chat, so feedback can only be
 * sent for a session by the person who had it. Format: `<expiry in Unix seconds>.<HMAC-SHA256 of
 * "feedback", the session ID and the expiry>`, base64url. Nothing is stored: any instance with
 * the same secret can check it.
 */
export interface SessionTokens {
  issue(sessionId: string): string;
  verify(sessionId: string, token: string): boolean;
}

export function createSessionTokens(
  secret: string,
  ttlMs: number,
  now: () => number = Date.now,
): SessionTokens {
  const sign = (sessionId: string, expires: string) =>
    createHmac('sha256', secret).update(`feedback\n${sessionId}\n${expires}`).digest();
  return {
    issue(sessionId) {
      const expires = String(Math.ceil((now() + ttlMs) / 1000));
      return `${expires}.${sign(sessionId, expires).toString('base64url')}`;
    },
    verify(sessionId, token) {
      const match = /^(\d{1,12})\.([\w-]{43})$/.exec(token);
      if (!match) return false;
      const [, expires = '', mac = ''] = match;
      if (Number(expires) * 1000 <= now()) return false;
      // Compared as text: base64url decoding ignores the last character's spare bits, so two
      // different strings can decode to the same signature; only the exact one we issued counts.
      const expected = Buffer.from(sign(sessionId, expires).toString('base64url'));
      return timingSafeEqual(Buffer.from(mac), expected);
    },
  };
}

/**
 * SESSION_TOKEN_SECRET, or a random one for this process. The fallback keeps `npm start` working
 * with no setup, but its tokens die with the process and are unknown to other instances, so a
 * survey sent after a restart or to another instance is refused: hence the warning.
 */
export function sessionTokenSecret(configured: string | undefined, logger: Logger): string {
  if (configured) return configured;
  logger.warn(
    'SESSION_TOKEN_SECRET is not set: feedback tokens are signed with a random key for this process only; set it when running more than one instance',
  );
  return randomBytes(32).toString('hex');
}
