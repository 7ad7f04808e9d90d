import { useId, useState } from 'react';
import type { FormEvent, Ref } from 'react';
import { MAX_MESSAGE_LENGTH } from '../chatClient.js';

interface MessageFormProps {
  canSend: boolean;
  onSend: (text: string) => boolean;
  onEnd: () => void;
  inputRef?: Ref<HTMLInputElement>;
}

export function MessageForm({ canSend, onSend, onEnd, inputRef }: MessageFormProps) {
  const inputId = useId();
  const [text, setText] = useState('');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Keep the text if it could not go out, so nothing the user typed is lost.
    if (text.trim() && onSend(text)) setText('');
  };

  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        Message
      </label>
      <input
        ref={inputRef}
        id={inputId}
        className="composer__input"
        type="text"
        value={text}
        onChange={(event) => setText(event.target.value)}
        maxLength={MAX_MESSAGE_LENGTH}
        autoComplete="off"
        placeholder="Ask Sarah a question…"
      />
      <div className="composer__actions">
        <button type="submit" className="button button--primary" disabled={!canSend}>
          Send
        </button>
        <button type="button" className="button button--secondary" onClick={onEnd}>
          End conversation
        </button>
      </div>
    </form>
  );
}
