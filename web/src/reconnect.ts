/**
 * When the page tries to pick a dropped chat up again. The server keeps a dropped chat for two
 * minutes (CHAT_RESUME_SECONDS); the page stops trying a little before that, so its last attempt
 * still lands inside the window.
 */
export const RESUME_WINDOW_MS = 110_000;

/** Quick first tries (a blip), then no more often than every 10 seconds (a restart, a tunnel). */
export function retryDelayMs(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 10_000);
}

export interface DroppedChat {
  sessionId: string | null;
  token: string | null;
  /** The server keeps only chats the user has said something in. */
  userSpoke: boolean;
  /** When the connection first dropped; null while it has not. */
  droppedAt: number | null;
}

/** Whether another attempt to resume is worth making now. */
export function canResume(chat: DroppedChat, now: number): boolean {
  if (!chat.sessionId || !chat.token || !chat.userSpoke) return false;
  return chat.droppedAt === null || now - chat.droppedAt < RESUME_WINDOW_MS;
}
