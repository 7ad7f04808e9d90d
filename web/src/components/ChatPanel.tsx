import type { Ref } from 'react';
import type { ChatControls } from '../useChat.js';
import { UI_COPY } from '../copy.js';
import { ChatNotice } from './ChatNotice.js';
import { ConnectionStatus } from './ConnectionStatus.js';
import { MessageForm } from './MessageForm.js';
import { MessageList } from './MessageList.js';
import { NpsSurvey } from './NpsSurvey.js';
import { RestartNotice } from './RestartNotice.js';
import { SessionId } from './SessionId.js';
import { TypingIndicator } from './TypingIndicator.js';

interface ChatPanelProps {
  chat: ChatControls;
  onRestart: () => void;
  inputRef: Ref<HTMLInputElement>;
  /** One sentence about voice (e.g. why this is text only), announced politely. */
  notice?: string | null;
}

/** Lays out one conversation; each piece of behaviour lives in its own component. */
export function ChatPanel({ chat, onRestart, inputRef, notice = null }: ChatPanelProps) {
  const { status, sessionId, feedbackToken, items, draft, waiting } = chat.state;
  const ended = status === 'ended';

  return (
    <section className="chat" aria-label="Chat with Sarah">
      <div className="chat__header">
        <div>
          <h2 className="chat__title">
            Sarah <span className="badge">Beta</span>
          </h2>
          <p className="chat__subtitle">AI assistant. A person can take over any time.</p>
        </div>
        <ConnectionStatus status={status} />
      </div>

      <ChatNotice message={notice} />

      <MessageList items={items} draft={draft} />
      {waiting && !draft && status === 'connected' && <TypingIndicator />}

      {status === 'lost' && <RestartNotice message={UI_COPY.lost} onRestart={onRestart} />}

      {!ended && (
        <MessageForm
          canSend={status === 'connected'}
          onSend={chat.send}
          onEnd={chat.end}
          inputRef={inputRef}
        />
      )}
      {ended && sessionId && (
        <NpsSurvey key={`survey-${sessionId}`} sessionId={sessionId} token={feedbackToken} />
      )}
      {ended && !sessionId && <RestartNotice message={UI_COPY.endedWithoutSession} onRestart={onRestart} />}

      {sessionId && <SessionId key={`id-${sessionId}`} id={sessionId} />}
    </section>
  );
}
