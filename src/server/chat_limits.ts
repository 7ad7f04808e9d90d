import type { Env } from '../config.js';

/** The limits one chat socket lives under; read from config, shortened by tests. */
export interface ChatLimits {
  /** Steady rate of user frames one socket may send (refilling token bucket). */
  messagesPerMinute: number;
  /** Frames one socket may send back to back before the steady rate applies. */
  messageBurst: number;
  /** Chats one client address may have open at once, across instances when Redis is set. */
  maxSessionsPerIp: number;
  /** User turns in one chat; after the last one is answered Sarah closes the chat. */
  maxTurns: number;
  /** No user message for this long closes the chat. */
  idleMs: number;
  /** Longest a chat may last. */
  maxSessionMs: number;
  /** How long a chat whose socket dropped waits for the page to reconnect; 0 ends it at once. */
  resumeMs: number;
}

const MINUTE_MS = 60_000;

export function chatLimitsFromEnv(env: Env): ChatLimits {
  return {
    messagesPerMinute: env.CHAT_MESSAGES_PER_MINUTE,
    messageBurst: env.CHAT_MESSAGE_BURST,
    maxSessionsPerIp: env.CHAT_MAX_SESSIONS_PER_IP,
    maxTurns: env.CHAT_MAX_TURNS,
    idleMs: env.CHAT_IDLE_MINUTES * MINUTE_MS,
    maxSessionMs: env.CHAT_MAX_SESSION_MINUTES * MINUTE_MS,
    resumeMs: env.CHAT_RESUME_SECONDS * 1000,
  };
}
