import WebSocket from 'ws';

export type Frame = { type: string; [key: string]: unknown };

export interface ChatSocket {
  socket: WebSocket;
  frames: Frame[];
  /** The first frame after the last one returned that matches, waiting up to `timeoutMs` for it. */
  next(match: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  /** Resolves with the close code once the socket has closed. */
  closed: Promise<number>;
  say(text: string): void;
}

/**
 * A raw `/api/chat` client for tests. Resolves once the socket is open; rejects with the HTTP
 * status (e.g. "403") when the server refuses the upgrade.
 */
export async function openChat(
  base: string,
  options: { headers?: Record<string, string>; query?: string } = {},
): Promise<ChatSocket> {
  const socket = new WebSocket(`${base.replace('http', 'ws')}/api/chat${options.query ?? ''}`, {
    headers: options.headers,
  });
  const frames: Frame[] = [];
  let cursor = 0;
  const waiters = new Set<() => void>();
  socket.on('message', (raw) => {
    frames.push(JSON.parse(raw.toString()) as Frame);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (request, response) => {
      // With this listener attached, ending the refused request is ours to do.
      request.destroy();
      reject(new Error(String(response.statusCode)));
    });
    socket.once('error', reject);
  });
  const next = async (match: (f: Frame) => boolean, timeoutMs = 15_000): Promise<Frame> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = frames.findIndex((f, i) => i >= cursor && match(f));
      if (index >= 0) {
        cursor = index + 1;
        return frames[index]!;
      }
      if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(frames)}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          waiters.delete(wake);
          resolve();
        };
        waiters.add(wake);
        setTimeout(wake, 100);
      });
    }
  };
  return {
    socket,
    frames,
    next,
    closed,
    say: (text) => socket.send(JSON.stringify({ type: 'user', text })),
  };
}

/** The HTTP status a refused upgrade answered with, or "open" when the chat opened. */
export async function upgradeStatus(base: string, headers: Record<string, string> = {}): Promise<string> {
  try {
    const chat = await openChat(base, { headers });
    chat.socket.terminate();
    return 'open';
  } catch (error) {
    return (error as Error).message;
  }
}
