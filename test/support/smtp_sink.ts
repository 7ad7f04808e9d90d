import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server in the test process (smtp-server), keeping every message that arrives and
 * answering with whatever the test scripts: a delayed greeting, a temporary (4xx) or permanent
 * (5xx) refusal of the recipient, or a closed port.
 */
export interface Sink {
  url: string;
  received: ParsedMail[];
  /** Recipients refused with this SMTP error, one per attempt, before accepting again. */
  refuseRecipient(...codes: number[]): void;
  /** Delays the greeting of the next `count` connections by `ms`. */
  slowGreeting(count: number, ms: number): void;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const refusals: number[] = [];
  let slow = { count: 0, ms: 0 };
  const received: ParsedMail[] = [];
  let server: SMTPServer;
  let port = 0;

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect(_session, callback) {
        if (slow.count > 0) {
          slow.count -= 1;
          setTimeout(() => callback(), slow.ms).unref();
        } else callback();
      },
      onRcptTo(_address, _session, callback) {
        const code = refusals.shift();
        if (code === undefined) return callback();
        const text = code >= 500 ? 'No such user here' : 'Greylisted, try again later';
        callback(Object.assign(new Error(text), { responseCode: code }));
      },
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push(mail);
            callback();
          })
          .catch(callback);
      },
    });

  const listen = (s: SMTPServer, p: number) =>
    new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.listen(p, '127.0.0.1', () => resolve());
    });
  const close = (s: SMTPServer) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      // Connections held by a slow greeting would keep close() waiting.
      for (const connection of (s as unknown as { connections: Set<{ close(): void }> }).connections ?? []) {
        connection.close();
      }
    });

  server = create();
  await listen(server, 0);
  port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseRecipient: (...codes) => void refusals.push(...codes),
    slowGreeting: (count, ms) => void (slow = { count, ms }),
    down: () => close(server),
    up: async () => {
      server = create();
      await listen(server, port);
    },
    close: () => close(server),
  };
}
