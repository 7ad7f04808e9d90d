import type { ConnectionStatus as Status } from '../chatState.js';
import { UI_COPY } from '../copy.js';

/** A polite live status, so screen reader users hear changes without being interrupted. */
export function ConnectionStatus({ status }: { status: Status }) {
  return (
    <p className={`connection connection--${status}`} role="status" data-testid="connection-status">
      <span className="connection__dot" aria-hidden="true" />
      {UI_COPY.status[status]}
    </p>
  );
}
