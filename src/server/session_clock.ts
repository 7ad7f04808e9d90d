/**
 * The two clocks of a chat: one that restarts with every user message (idle) and one that runs
 * from the start (longest chat). Whichever fires first ends the chat; `stop` clears both.
 */
export interface SessionClock {
  /** A user message arrived: the idle clock starts over. */
  touch(): void;
  stop(): void;
}

export function startSessionClock(options: {
  idleMs: number;
  maxMs: number;
  onIdle: () => void;
  onMaxLength: () => void;
}): SessionClock {
  let stopped = false;
  const idle = setTimeout(options.onIdle, options.idleMs);
  const longest = setTimeout(options.onMaxLength, options.maxMs);
  // Timers must never keep a shutting-down process alive.
  idle.unref();
  longest.unref();
  return {
    touch() {
      if (!stopped) idle.refresh();
    },
    stop() {
      stopped = true;
      clearTimeout(idle);
      clearTimeout(longest);
    },
  };
}
