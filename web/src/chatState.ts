/**
 * Pure state for one chat conversation. Kept apart from React and the socket so the
 * rules (when to show typing, when a close is bad news) are easy to read and test.
 */
import type { ServerFrame } from './chatClient.js';
import { UI_COPY } from './copy.js';

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'lost' | 'ended';

export type LogItem =
  | { id: number; kind: 'agent' | 'user'; text: string }
  | { id: number; kind: 'notice'; tone: 'info' | 'warning'; text: string };

/** LogItem without its id, as the reducer creates them. */
type NewLogItem =
  { kind: 'agent' | 'user'; text: string } | { kind: 'notice'; tone: 'info' | 'warning'; text: string };

export interface ChatState {
  status: ConnectionStatus;
  sessionId: string | null;
  /** Sent with the survey, which the server accepts only from the browser that had the chat. */
  feedbackToken: string | null;
  items: LogItem[];
  /** Partial text of the reply Sarah is writing (from `delta` frames). */
  draft: string;
  /** True from the moment we expect a reply until the next complete agent message. */
  waiting: boolean;
  nextId: number;
}

export type ChatAction =
  | { type: 'connect' }
  | { type: 'open' }
  | { type: 'frame'; frame: ServerFrame }
  | { type: 'userSent'; text: string }
  | { type: 'userEnded' }
  | { type: 'closed'; expected: boolean }
  /** The socket dropped and the page is trying to pick the same chat up again. */
  | { type: 'reconnecting' }
  /** The socket closed and there is no way back to the chat (too late, or never resumable). */
  | { type: 'gaveUp' };

export const initialChatState: ChatState = {
  status: 'idle',
  sessionId: null,
  feedbackToken: null,
  items: [],
  draft: '',
  waiting: false,
  nextId: 1,
};

function append(state: ChatState, item: NewLogItem): ChatState {
  return { ...state, items: [...state.items, { ...item, id: state.nextId }], nextId: state.nextId + 1 };
}

function finish(state: ChatState): ChatState {
  if (state.status === 'ended') return state;
  const ended: ChatState = { ...state, status: 'ended', waiting: false, draft: '' };
  return append(ended, { kind: 'notice', tone: 'info', text: UI_COPY.conversationEnded });
}

function onFrame(state: ChatState, frame: ServerFrame): ChatState {
  switch (frame.type) {
    case 'session':
      return { ...state, sessionId: frame.sessionId, feedbackToken: frame.token ?? null };
    case 'agent':
      // The complete message replaces any streamed draft rather than adding to it.
      return append({ ...state, draft: '', waiting: false }, { kind: 'agent', text: frame.text });
    case 'delta':
      return { ...state, draft: state.draft + frame.text, waiting: true };
    case 'error':
      return append(
        { ...state, draft: '', waiting: false },
        { kind: 'notice', tone: 'warning', text: frame.message.trim() || UI_COPY.genericNotice },
      );
    case 'handoff':
      return append(state, { kind: 'notice', tone: 'info', text: UI_COPY.handoff });
    case 'end':
      return finish(state);
    case 'state':
      return state;
  }
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'connect':
      return { ...initialChatState, status: 'connecting' };
    case 'open':
      // Sarah greets first (or greets back after a reconnect), so we are already waiting for her.
      return state.status === 'connecting' || state.status === 'reconnecting'
        ? { ...state, status: 'connected', waiting: true }
        : state;
    case 'frame':
      return state.status === 'ended' ? state : onFrame(state, action.frame);
    case 'userSent':
      return append({ ...state, waiting: true }, { kind: 'user', text: action.text });
    case 'userEnded':
      return finish(state);
    case 'closed':
      if (action.expected || state.status === 'ended' || state.status === 'idle') return state;
      // While reconnecting, a failed attempt changes nothing: the next one is on its way.
      if (state.status === 'reconnecting') return state;
      return { ...state, status: 'lost', waiting: false, draft: '' };
    case 'reconnecting':
      if (state.status === 'ended' || state.status === 'reconnecting') return state;
      return append(
        { ...state, status: 'reconnecting', waiting: false, draft: '' },
        { kind: 'notice', tone: 'info', text: UI_COPY.reconnecting },
      );
    case 'gaveUp':
      if (state.status === 'ended' || state.status === 'idle') return state;
      return { ...state, status: 'lost', waiting: false, draft: '' };
  }
}
