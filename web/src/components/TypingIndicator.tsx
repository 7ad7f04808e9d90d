import { UI_COPY } from '../copy.js';

export function TypingIndicator() {
  return (
    <p className="typing" data-testid="typing-indicator">
      <span className="typing__dots" aria-hidden="true">
        <span />
        <span />
        <span />
      </span>
      {UI_COPY.typing}
    </p>
  );
}
