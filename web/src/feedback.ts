/** Sends the one-question NPS survey. Resolves to false instead of throwing, so the UI can offer a retry. */
export interface FeedbackPayload {
  sessionId: string;
  score: number;
  comment?: string;
}

export const MAX_COMMENT_LENGTH = 1000;

export async function submitFeedback(
  payload: FeedbackPayload,
  fetchImpl: typeof fetch = fetch,
): Promise<boolean> {
  try {
    const response = await fetchImpl('/api/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    return response.ok; // the server answers 201 Created
  } catch {
    return false;
  }
}
