import { useCallback, useEffect, useReducer, useRef } from 'react';
import { ChatClient, chatUrl } from './chatClient.js';
import { chatReducer, initialChatState } from './chatState.js';
import type { ChatState } from './chatState.js';
import { canResume, retryDelayMs, type DroppedChat } from './reconnect.js';

export interface ChatControls {
  state: ChatState;
  /** Opens a fresh conversation, dropping any previous one; `sessionId` continues a call's session. */
  start(sessionId?: string): void;
  /** Returns true if the message went out; false leaves the draft with the user. */
  send(text: string): boolean;
  end(): void;
}

const notDropped = (): DroppedChat => ({ sessionId: null, token: null, userSpoke: false, droppedAt: null });

/**
 * Connects the pure reducer to a live socket. The socket is created from event handlers,
 * not effects, so React's development double-rendering never opens two conversations. When the
 * connection drops, the hook reconnects with the chat's session token and the server carries
 * the same conversation on (reconnect.ts says for how long).
 */
export function useChat(): ChatControls {
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const clientRef = useRef<ChatClient | null>(null);
  const chatRef = useRef<DroppedChat>(notDropped());
  const retryRef = useRef<{ timer: number | undefined; attempt: number }>({ timer: undefined, attempt: 0 });

  const stopRetrying = () => {
    window.clearTimeout(retryRef.current.timer);
    retryRef.current = { timer: undefined, attempt: 0 };
  };

  const connect = useCallback((url: string) => {
    // Events from a replaced client are stale: ignore them.
    const isCurrent = (): boolean => clientRef.current === client;
    const client: ChatClient = new ChatClient(
      {
        onOpen: () => {
          if (!isCurrent()) return;
          stopRetrying();
          chatRef.current.droppedAt = null;
          dispatch({ type: 'open' });
        },
        onFrame: (frame) => {
          if (!isCurrent()) return;
          if (frame.type === 'session') {
            // A chat that could not be resumed comes back as a new session with its own token.
            if (frame.sessionId !== chatRef.current.sessionId) chatRef.current.userSpoke = false;
            chatRef.current.sessionId = frame.sessionId;
            chatRef.current.token = frame.token ?? null;
          }
          dispatch({ type: 'frame', frame });
        },
        onClose: (expected) => {
          if (!isCurrent()) return;
          const chat = chatRef.current;
          if (expected) return dispatch({ type: 'closed', expected });
          // Lost for good: a reconnect that ran out of time, or a chat that can't be resumed.
          if (!canResume(chat, Date.now())) return dispatch({ type: 'gaveUp' });
          chat.droppedAt ??= Date.now();
          dispatch({ type: 'reconnecting' });
          const attempt = retryRef.current.attempt;
          retryRef.current = {
            attempt: attempt + 1,
            timer: window.setTimeout(() => {
              const { sessionId, token } = chatRef.current;
              if (sessionId && token)
                connect(chatUrl(window.location, undefined, undefined, { sessionId, token }));
            }, retryDelayMs(attempt)),
          };
        },
      },
      url,
    );
    clientRef.current = client;
  }, []);

  const start = useCallback(
    (sessionId?: string) => {
      clientRef.current?.dispose();
      stopRetrying();
      chatRef.current = notDropped();
      dispatch({ type: 'connect' });
      connect(chatUrl(window.location, undefined, sessionId));
    },
    [connect],
  );

  const send = useCallback((text: string): boolean => {
    const trimmed = text.trim();
    if (!trimmed || !clientRef.current?.sendUserMessage(trimmed)) return false;
    chatRef.current.userSpoke = true;
    dispatch({ type: 'userSent', text: trimmed });
    return true;
  }, []);

  const end = useCallback(() => {
    stopRetrying();
    clientRef.current?.end();
    clientRef.current = null;
    dispatch({ type: 'userEnded' });
  }, []);

  useEffect(
    () => () => {
      stopRetrying();
      clientRef.current?.dispose();
    },
    [],
  );

  return { state, start, send, end };
}
