import { EventEmitter } from 'node:events';

interface ToolActivityEvents {
  started: [tool: string];
  idle: [];
}

/**
 * Which tools are running right now. The voice door listens to it: a slow tool gets a filler
 * line, and silence is not counted against the user while Sarah is still working.
 */
export class ToolActivity extends EventEmitter<ToolActivityEvents> {
  #running = 0;

  get busy(): boolean {
    return this.#running > 0;
  }

  /** Runs one tool call, marking it as in progress until it settles either way. */
  async track<T>(tool: string, work: () => Promise<T>): Promise<T> {
    this.#running += 1;
    this.emit('started', tool);
    try {
      return await work();
    } finally {
      this.#running -= 1;
      if (this.#running === 0) this.emit('idle');
    }
  }
}
