/**
 * A thin wrapper around the chat WebSocket: it builds the URL, validates server frames
 * and tells its owner whether a close was expected, so the UI never has to guess.
 */

export type ServerFrame =
  /** `token` proves this browser had the session; the survey sends it with the feedback. */
  | { type: 'session'; sessionId: string; token?: string }
  | { type: 'agent'; text: string }
  | { type: 'delta'; text: string }
  | { type: 'state'; from: string; to: string }
  | { type: 'error'; message: string }
  | { type: 'end'; reason?: string }
  | { type: 'handoff' };

export type ClientFrame = { type: 'user'; text: string } | { type: 'end' };

export interface ChatClientEvents {
  onOpen(): void;
  onFrame(frame: ServerFrame): void;
  /** `expected` is true when we (or the server, via an `end` frame) finished the conversation. */
  onClose(expected: boolean): void;
}

/** The longest message the UI lets a user send; the server should enforce the same. */
export const MAX_MESSAGE_LENGTH = 1000;

/**
 * The user's own time zone travels with the socket so Sarah offers meeting times in it; after a
 * call that could not go ahead, so does the call's session ID, which the chat then continues.
 */
export function chatUrl(
  loc: Pick<Location, 'protocol' | 'host'> = window.location,
  timeZone: string = Intl.DateTimeFormat().resolvedOptions().timeZone,
  sessionId?: string,
  /** A dropped chat to pick up again: its session ID and the token the server gave with it. */
  resume?: { sessionId: string; token: string },
): string {
  const query = new URLSearchParams({ tz: timeZone });
  if (sessionId) query.set('session', sessionId);
  if (resume) {
    query.set('resume', resume.sessionId);
    query.set('token', resume.token);
  }
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/chat?${query.toString()}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Returns undefined for anything we do not understand, so a bad frame can't break the page. */
export function parseServerFrame(raw: unknown): ServerFrame | undefined {
  if (typeof raw !== 'string') return undefined;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(data)) return undefined;
  const str = (key: string): string | undefined => (typeof data[key] === 'string' ? data[key] : undefined);

  switch (data.type) {
    case 'session': {
      const sessionId = str('sessionId');
      const token = str('token');
      if (!sessionId) return undefined;
      return token ? { type: 'session', sessionId, token } : { type: 'session', sessionId };
    }
    case 'agent':
    case 'delta': {
      const text = str('text');
      return text === undefined ? undefined : { type: data.type, text };
    }
    case 'state':
      return { type: 'state', from: str('from') ?? '', to: str('to') ?? '' };
    case 'error':
      return { type: 'error', message: str('message') ?? '' };
    case 'end': {
      const reason = str('reason');
      return reason === undefined ? { type: 'end' } : { type: 'end', reason };
    }
    case 'handoff':
      return { type: 'handoff' };
    default:
      return undefined;
  }
}

export class ChatClient {
  readonly #socket: WebSocket;
  readonly #events: ChatClientEvents;
  #finished = false;

  constructor(events: ChatClientEvents, url: string = chatUrl()) {
    this.#events = events;
    this.#socket = new WebSocket(url);
    this.#socket.addEventListener('open', () => this.#events.onOpen());
    this.#socket.addEventListener('message', (event: MessageEvent) => {
      const frame = parseServerFrame(event.data);
      if (!frame) return;
      if (frame.type === 'end') this.#finished = true;
      this.#events.onFrame(frame);
      // The server has said goodbye; close our side so the socket does not linger.
      if (frame.type === 'end') this.#socket.close(1000);
    });
    // 'error' is always followed by 'close', so one handler is enough to report it.
    this.#socket.addEventListener('close', () => this.#events.onClose(this.#finished));
  }

  get isOpen(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  /** Returns false when the message could not be sent (socket not open). */
  sendUserMessage(text: string): boolean {
    return this.#send({ type: 'user', text });
  }

  /** Tells the server the user is done, then closes the socket. */
  end(): void {
    this.#send({ type: 'end' });
    this.dispose();
  }

  /** Closes without notifying the server of an ending, e.g. when starting over. */
  dispose(): void {
    this.#finished = true;
    if (this.#socket.readyState === WebSocket.CONNECTING || this.#socket.readyState === WebSocket.OPEN) {
      this.#socket.close(1000);
    }
  }

  #send(frame: ClientFrame): boolean {
    if (!this.isOpen) return false;
    this.#socket.send(JSON.stringify(frame));
    return true;
  }
}
