import { useEffect, useState } from 'react';

/**
 * A polite status line at the top of the chat. The live region is in the page before its text
 * arrives, so screen readers announce the sentence even when the panel has just opened.
 */
export function ChatNotice({ message }: { message: string | null }) {
  const [shown, setShown] = useState('');

  useEffect(() => {
    const timer = setTimeout(() => setShown(message ?? ''), 150);
    return () => clearTimeout(timer);
  }, [message]);

  return (
    <div
      className={shown ? 'notice chat__notice' : 'chat__notice chat__notice--empty'}
      role="status"
      data-testid="chat-notice"
    >
      {shown && <p>{shown}</p>}
    </div>
  );
}
