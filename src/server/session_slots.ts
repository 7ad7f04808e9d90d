import type { Redis } from 'ioredis';
import type { WebSocket } from 'ws';
import { createRateLimiter } from '../services/shared/rate_limiter.js';

export interface SessionSlots {
  /**
   * Takes one of the address's chat slots for as long as `socket` is open; false when all are in
   * use. The slot is given back when the socket closes, however it closes.
   */
  hold(addressKey: string, socket: WebSocket): Promise<boolean>;
}

/**
 * Open chats per client address, counted in Redis when a client is given so every instance sees
 * the same count. The shared limiter counts in fixed windows; the window is twice the longest
 * chat, so a slot is given back within the window that counted it or the next one, and slots an
 * instance never gave back (it crashed) are forgotten when the window ends. The price: right
 * after a window turns over, an address may briefly hold up to twice its limit.
 */
export function createSessionSlots(
  limits: { maxSessionsPerIp: number; maxSessionMs: number },
  redis?: Redis,
): SessionSlots {
  const limiter = createRateLimiter(
    {
      name: 'chat-sessions-per-ip',
      points: limits.maxSessionsPerIp,
      windowSeconds: Math.max(60, Math.ceil((2 * limits.maxSessionMs) / 1000)),
    },
    redis,
  );
  return {
    async hold(addressKey, socket) {
      const admission = await limiter.take(addressKey);
      if (!admission.allowed) return false;
      let given = false;
      const giveBack = () => {
        if (given) return;
        given = true;
        void limiter.give(addressKey);
      };
      // Closed while the slot was being taken: 'close' has already fired.
      if (socket.readyState === socket.CLOSING || socket.readyState === socket.CLOSED) giveBack();
      else socket.once('close', giveBack);
      return true;
    },
  };
}
