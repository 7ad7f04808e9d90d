/** Sends the one-question NPS survey. Never throws: the outcome tells the UI what to show. */
export interface FeedbackPayload {
  sessionId: string;
  /** The token from the chat's session frame: only the browser that had the chat may answer. */
  token: string | null;
  score: number;
  comment?: string;
}

/**
 * - `sent`: stored (201), or already stored from an earlier try (409), which is the same to the user;
 * - `closed`: the survey is no longer open for this chat (401: token missing or expired);
 * - `failed`: anything else; the user may try again.
 */
export type FeedbackOutcome = 'sent' | 'closed' | 'failed';

export const MAX_COMMENT_LENGTH = 1000;

export async function submitFeedback(
  payload: FeedbackPayload,
  fetchImpl: typeof fetch = fetch,
): Promise<FeedbackOutcome> {
  const { token, ...rest } = payload;
  try {
    const response = await fetchImpl('/api/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(token ? { ...rest, token } : rest),
    });
    if (response.ok || response.status === 409) return 'sent';
    if (response.status === 401) return 'closed';
    return 'failed';
  } catch {
    return 'failed';
  }
}
