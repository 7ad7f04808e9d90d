import { useCallback, useEffect, useReducer, useRef } from 'react';
import { ChatClient, chatUrl } from './chatClient.js';
import { chatReducer, initialChatState } from './chatState.js';
import type { ChatState } from './chatState.js';

export interface ChatControls {
  state: ChatState;
  /** Opens a fresh conversation, dropping any previous one; `sessionId` continues a call's session. */
  start(sessionId?: string): void;
  /** Returns true if the message went out; false leaves the draft with the user. */
  send(text: string): boolean;
  end(): void;
}

/**
 * Connects the pure reducer to a live socket. The socket is created from event handlers,
 * not effects, so React's development double-rendering never opens two conversations.
 */
export function useChat(): ChatControls {
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const clientRef = useRef<ChatClient | null>(null);

  const start = useCallback((sessionId?: string) => {
    clientRef.current?.dispose();
    dispatch({ type: 'connect' });
    // Events from a replaced client are stale: ignore them.
    const isCurrent = (): boolean => clientRef.current === client;
    const client: ChatClient = new ChatClient(
      {
        onOpen: () => {
          if (isCurrent()) dispatch({ type: 'open' });
        },
        onFrame: (frame) => {
          if (isCurrent()) dispatch({ type: 'frame', frame });
        },
        onClose: (expected) => {
          if (isCurrent()) dispatch({ type: 'closed', expected });
        },
      },
      chatUrl(window.location, undefined, sessionId),
    );
    clientRef.current = client;
  }, []);

  const send = useCallback((text: string): boolean => {
    const trimmed = text.trim();
    if (!trimmed || !clientRef.current?.sendUserMessage(trimmed)) return false;
    dispatch({ type: 'userSent', text: trimmed });
    return true;
  }, []);

  const end = useCallback(() => {
    clientRef.current?.end();
    clientRef.current = null;
    dispatch({ type: 'userEnded' });
  }, []);

  useEffect(() => () => clientRef.current?.dispose(), []);

  return { state, start, send, end };
}
