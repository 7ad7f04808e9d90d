import { VOICE_COPY } from './copy.js';

/** What the server hands out for one voice call. */
export interface VoiceSessionDetails {
  url: string;
  token: string;
  sessionId: string;
  room: string;
}

export type VoiceSessionResult =
  | { kind: 'ready'; details: VoiceSessionDetails }
  /** Voice is switched off (503) or the request failed: `message` is one sentence to show. */
  | { kind: 'unavailable'; message: string };

function isDetails(value: unknown): value is VoiceSessionDetails {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ['url', 'token', 'sessionId', 'room'].every((key) => typeof record[key] === 'string');
}

/** Asks the server for a voice room and token. Never throws. */
export async function requestVoiceSession(): Promise<VoiceSessionResult> {
  try {
    const response = await fetch('/api/voice/session', {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    const body: unknown = await response.json().catch(() => null);
    if (response.status === 201 && isDetails(body)) return { kind: 'ready', details: body };
    if (response.status === 503 && typeof body === 'object' && body !== null) {
      const error = (body as Record<string, unknown>).error;
      if (typeof error === 'string' && error.trim()) return { kind: 'unavailable', message: error };
    }
    return { kind: 'unavailable', message: VOICE_COPY.fallback.unavailable };
  } catch {
    return { kind: 'unavailable', message: VOICE_COPY.fallback.unavailable };
  }
}
