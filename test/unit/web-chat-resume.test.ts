import { describe, expect, it } from 'vitest';
import { chatUrl } from '../../web/src/chatClient.js';
import { chatReducer, initialChatState, type ChatState } from '../../web/src/chatState.js';
import { UI_COPY } from '../../web/src/copy.js';
import { RESUME_WINDOW_MS, canResume, retryDelayMs } from '../../web/src/reconnect.js';

const live: ChatState = { ...initialChatState, status: 'connected', sessionId: 's-1', feedbackToken: 't-1' };

describe('a dropped chat on the page', () => {
  it('shows that it is reconnecting, keeps the conversation, and is live again on open', () => {
    const dropped = chatReducer(live, { type: 'reconnecting' });
    expect(dropped.status).toBe('reconnecting');
    expect(dropped.items.at(-1)).toMatchObject({ kind: 'notice', text: UI_COPY.reconnecting });
    // A failed attempt does not turn it into "lost"; the next attempt is on its way.
    expect(chatReducer(dropped, { type: 'closed', expected: false }).status).toBe('reconnecting');
    // A second drop does not repeat the notice.
    expect(chatReducer(dropped, { type: 'reconnecting' }).items).toHaveLength(dropped.items.length);
    const back = chatReducer(dropped, { type: 'open' });
    expect(back).toMatchObject({ status: 'connected', waiting: true, sessionId: 's-1' });
  });

  it('is lost for good once the page gives up', () => {
    const dropped = chatReducer(live, { type: 'reconnecting' });
    expect(chatReducer(dropped, { type: 'gaveUp' }).status).toBe('lost');
    // A live chat whose socket closes with no way back is lost too; an ended one stays ended.
    expect(chatReducer(live, { type: 'gaveUp' }).status).toBe('lost');
    const ended = chatReducer(live, { type: 'userEnded' });
    expect(chatReducer(ended, { type: 'gaveUp' })).toBe(ended);
  });

  it('asks to resume with the session ID and its token', () => {
    const url = new URL(
      chatUrl({ protocol: 'https:', host: 'sarah.example' }, 'Europe/Paris', undefined, {
        sessionId: 's-1',
        token: '123.abc',
      }),
    );
    expect(url.protocol).toBe('wss:');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tz: 'Europe/Paris',
      resume: 's-1',
      token: '123.abc',
    });
  });

  it('retries quickly first, then every 10 seconds, within the window the server keeps the chat', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map(retryDelayMs)).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    const chat = { sessionId: 's-1', token: 't', userSpoke: true, droppedAt: 1_000 };
    expect(canResume(chat, 1_000 + RESUME_WINDOW_MS - 1)).toBe(true);
    expect(canResume(chat, 1_000 + RESUME_WINDOW_MS)).toBe(false);
    // Nothing said yet: the server did not keep it, so a new chat is the honest answer.
    expect(canResume({ ...chat, userSpoke: false }, 1_000)).toBe(false);
    expect(canResume({ ...chat, token: null }, 1_000)).toBe(false);
  });
});
