import net from 'node:net';

/**
 * A TCP proxy in front of a real server (PostgreSQL in the store fault tests), to break the
 * network between the app and it the way an outage would, without touching the server itself:
 *
 * - `normal`: bytes pass through untouched.
 * - `down`: every live connection is destroyed and new ones are closed as soon as they are accepted
 *   (the client sees its connection reset or ended, as when the server or its host is gone).
 * - `slow`: every chunk, in both directions, leaves `delayMs` after it arrived (order kept).
 * - `flapping`: every `flapEveryMs` all live connections are destroyed; new ones are accepted and
 *   work until the next cut. `delayMs` applies here too, so a cut can land mid-statement.
 *
 * Every socket and timer is tracked, so `close()` leaves nothing open behind a test.
 */
export type TcpFaultMode = 'normal' | 'down' | 'slow' | 'flapping';

export interface TcpFaultOptions {
  /** Chunk delay in `slow` and `flapping` (default 0). */
  delayMs?: number;
  /** Period of the cuts in `flapping` (default 500). */
  flapEveryMs?: number;
}

export interface TcpFaultProxy {
  /** Where the proxy listens (127.0.0.1 and a free port). */
  readonly host: string;
  readonly port: number;
  readonly mode: TcpFaultMode;
  /** Connections accepted since start, refused ones in `down` included. */
  readonly accepted: number;
  /** Connections alive now. */
  readonly live: number;
  setMode(mode: TcpFaultMode, options?: TcpFaultOptions): void;
  /** Destroys every live connection now, whatever the mode. */
  dropAll(): void;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
}

export async function startTcpFaultProxy(target: { host: string; port: number }): Promise<TcpFaultProxy> {
  let mode: TcpFaultMode = 'normal';
  let delayMs = 0;
  let flapTimer: NodeJS.Timeout | undefined;
  let accepted = 0;
  const pairs = new Set<Pair>();
  const refused = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const destroyPair = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream.destroy();
    pairs.delete(pair);
  };
  const dropAll = () => {
    for (const pair of [...pairs]) destroyPair(pair);
  };

  /**
   * Passes `from`'s bytes to `to`, each chunk held `delayMs` in `slow` and `flapping`. Chunks still
   * held when the mode changes go first, so the byte order never changes. When `from` ends its side
   * (a client giving up and closing), what it sent before is still delivered, then `to` is ended:
   * bytes already on the wire arrive, as over a real network. Only a cut (`down`, a flap) loses them.
   */
  const pipe = (from: net.Socket, to: net.Socket) => {
    let chain = Promise.resolve();
    const after = (wait: number, work: () => void) => {
      const due = Date.now() + wait;
      chain = chain.then(
        () =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(
              () => {
                timers.delete(timer);
                work();
                resolve();
              },
              Math.max(0, due - Date.now()),
            );
            timers.add(timer);
          }),
      );
    };
    let held = 0;
    from.on('data', (chunk: Buffer) => {
      const wait = mode === 'slow' || mode === 'flapping' ? delayMs : 0;
      if (wait <= 0 && held === 0) {
        if (!to.destroyed) to.write(chunk);
        return;
      }
      held += 1;
      after(wait, () => {
        held -= 1;
        if (!to.destroyed) to.write(chunk);
      });
    });
    from.on('end', () => after(0, () => to.end()));
  };

  const server = net.createServer((client) => {
    accepted += 1;
    client.on('error', () => undefined);
    if (mode === 'down') {
      refused.add(client);
      client.on('close', () => refused.delete(client));
      client.destroy();
      return;
    }
    const upstream = net.connect({ host: target.host, port: target.port });
    upstream.on('error', () => undefined);
    const pair: Pair = { client, upstream };
    pairs.add(pair);
    // An orderly close travels through pipe() behind the bytes held; a reset, or both sides
    // closed, ends the pair.
    const closed = (hadError: boolean) => {
      if (hadError || (client.destroyed && upstream.destroyed)) destroyPair(pair);
    };
    client.on('close', closed);
    upstream.on('close', closed);
    pipe(client, upstream);
    pipe(upstream, client);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as net.AddressInfo;

  const stopFlapping = () => {
    clearInterval(flapTimer);
    flapTimer = undefined;
  };

  return {
    host: '127.0.0.1',
    port,
    get mode() {
      return mode;
    },
    get accepted() {
      return accepted;
    },
    get live() {
      return pairs.size;
    },
    setMode(next, { delayMs: delay = 0, flapEveryMs = 500 } = {}) {
      stopFlapping();
      mode = next;
      delayMs = delay;
      if (next === 'down') dropAll();
      if (next === 'flapping') {
        flapTimer = setInterval(dropAll, flapEveryMs);
        flapTimer.unref();
      }
    },
    dropAll,
    async close() {
      stopFlapping();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      dropAll();
      for (const socket of refused) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
