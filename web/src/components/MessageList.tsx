import { useEffect, useRef } from 'react';
import type { LogItem } from '../chatState.js';

function Message({ item }: { item: LogItem }) {
  if (item.kind === 'notice') {
    return (
      <li className={`notice notice--${item.tone}`}>
        <p>{item.text}</p>
      </li>
    );
  }
  return (
    <li className={`message message--${item.kind}`}>
      <p className="message__speaker">{item.kind === 'agent' ? 'Sarah' : 'You'}</p>
      <p className="message__text">{item.text}</p>
    </li>
  );
}

/**
 * The transcript. Only complete messages go into the live log; the streamed draft is
 * hidden from screen readers so they hear each reply once, not word by word.
 */
export function MessageList({ items, draft }: { items: LogItem[]; draft: string }) {
  const logRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [items.length, draft]);

  return (
    // tabIndex lets keyboard users scroll the transcript.
    <div ref={logRef} className="log" role="log" aria-live="polite" aria-label="Conversation" tabIndex={0}>
      <ol className="log__list">
        {items.map((item) => (
          <Message key={item.id} item={item} />
        ))}
      </ol>
      {draft && (
        <div className="message message--agent message--draft" aria-hidden="true">
          <p className="message__speaker">Sarah</p>
          <p className="message__text">{draft}</p>
        </div>
      )}
    </div>
  );
}
