import { describe, expect, it } from 'vitest';
import { parseServerFrame } from '../../web/src/chatClient.js';
import { chatReducer, initialChatState } from '../../web/src/chatState.js';
import { submitFeedback } from '../../web/src/feedback.js';

const SESSION = '5b0f8c1e-8a2c-4a57-9a43-0c1f1e0b2d11';
const TOKEN = '1795634645.KfyLUbwtFs-bt2ufmo_-I1UR_T9kWZtvC85trtK_3mY';

describe('the session frame on the page', () => {
  it('carries the feedback token into the chat state', () => {
    const frame = parseServerFrame(JSON.stringify({ type: 'session', sessionId: SESSION, token: TOKEN }));
    expect(frame).toEqual({ type: 'session', sessionId: SESSION, token: TOKEN });
    const state = chatReducer({ ...initialChatState, status: 'connected' }, { type: 'frame', frame: frame! });
    expect(state).toMatchObject({ sessionId: SESSION, feedbackToken: TOKEN });
  });

  it('still reads a session frame without a token (the survey then says it has closed)', () => {
    const frame = parseServerFrame(JSON.stringify({ type: 'session', sessionId: SESSION, token: 42 }));
    expect(frame).toEqual({ type: 'session', sessionId: SESSION });
    const state = chatReducer(initialChatState, { type: 'frame', frame: frame! });
    expect(state.feedbackToken).toBeNull();
  });

  it('forgets the token when a new conversation starts', () => {
    const withToken = { ...initialChatState, sessionId: SESSION, feedbackToken: TOKEN };
    expect(chatReducer(withToken, { type: 'connect' }).feedbackToken).toBeNull();
  });
});

describe('submitFeedback', () => {
  /** A fetch that records what was sent and answers with `status`. */
  function fakeFetch(status: number | 'offline') {
    const sent: Array<{ url: string; body: unknown }> = [];
    const impl = (async (url: string, init?: RequestInit) => {
      sent.push({ url, body: JSON.parse(String(init?.body)) });
      if (status === 'offline') throw new TypeError('Failed to fetch');
      return new Response(null, { status });
    }) as typeof fetch;
    return { impl, sent };
  }

  it('sends the session ID, the token, the score and the comment', async () => {
    const { impl, sent } = fakeFetch(201);
    expect(await submitFeedback({ sessionId: SESSION, token: TOKEN, score: 9, comment: 'Clear' }, impl)).toBe(
      'sent',
    );
    expect(sent).toEqual([
      { url: '/api/feedback', body: { sessionId: SESSION, token: TOKEN, score: 9, comment: 'Clear' } },
    ]);
  });

  it.each([
    [201, 'sent'],
    [409, 'sent'], // already stored by an earlier try: nothing more to do
    [401, 'closed'],
    [400, 'failed'],
    [500, 'failed'],
    ['offline', 'failed'],
  ] as const)('answer %s means %s', async (status, outcome) => {
    expect(await submitFeedback({ sessionId: SESSION, token: TOKEN, score: 5 }, fakeFetch(status).impl)).toBe(
      outcome,
    );
  });

  it('leaves a missing token out rather than sending null', async () => {
    const { impl, sent } = fakeFetch(401);
    await submitFeedback({ sessionId: SESSION, token: null, score: 5 }, impl);
    expect(sent[0]!.body).toEqual({ sessionId: SESSION, score: 5 });
  });
});
