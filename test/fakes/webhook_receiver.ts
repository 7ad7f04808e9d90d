import { createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, header, listen, readBody } from './http_server.js';

/**
 * A CRM endpoint as a customer would write it: it checks `X-Sarah-Signature`
 * (`t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, within 5 minutes) with its own code, not
 * Sarah's, answers 401 to a bad signature, and processes each `X-Sarah-Delivery` id once (a
 * repeat is acknowledged, not processed again).
 *
 * Faults are queued per request with `fail(...)`: a status (with Retry-After when given),
 * `slow` (processes, then answers after `slowMs`), `cut` (drops the connection without an
 * answer), `garbage` (200 with a body that is not JSON: still a success for a webhook).
 * `down()` stops listening (connection refused); `up()` listens again on the same port.
 */
export type WebhookFault = { status: number; retryAfter?: string } | 'slow' | 'cut' | 'garbage';

export interface WebhookRequest {
  headers: IncomingMessage['headers'];
  body: string;
  signatureValid: boolean;
  answered: number | string;
}

export interface FakeWebhookReceiver {
  url: string;
  requests: WebhookRequest[];
  /** Bodies processed, once per delivery id, in order. */
  processed: Array<Record<string, unknown>>;
  repeats: number;
  slowMs: number;
  fail(...faults: WebhookFault[]): void;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(
  secret: string,
  options: { port?: number } = {},
): Promise<FakeWebhookReceiver> {
  const faults: WebhookFault[] = [];
  const seen = new Set<string>();
  let server: Server;
  let port = 0;

  const receiver: FakeWebhookReceiver = {
    url: '',
    requests: [],
    processed: [],
    repeats: 0,
    slowMs: 1_000,
    fail: (...more) => void faults.push(...more),
    down: () => closeServer(server),
    up: async () => {
      server = await listen(handle, port);
    },
    close: () => closeServer(server),
  };

  const process = (req: IncomingMessage, body: string) => {
    const id = String(req.headers['x-sarah-delivery']);
    if (seen.has(id)) receiver.repeats += 1;
    else {
      seen.add(id);
      receiver.processed.push(JSON.parse(body) as Record<string, unknown>);
    }
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const signatureValid = verify(secret, header(req, 'x-sarah-signature'), body);
    const request: WebhookRequest = { headers: req.headers, body, signatureValid, answered: 0 };
    receiver.requests.push(request);
    const fault = faults.shift();
    if (typeof fault === 'object') {
      request.answered = fault.status;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      res.writeHead(fault.status, headers).end(JSON.stringify({ error: 'scripted failure' }));
      return;
    }
    if (fault === 'cut') {
      request.answered = 'cut';
      req.socket.destroy();
      return;
    }
    if (!signatureValid) {
      request.answered = 401;
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
      return;
    }
    process(req, body);
    if (fault === 'slow') {
      request.answered = 'slow';
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(200).end('{"ok":true}');
      }, receiver.slowMs).unref();
      return;
    }
    if (fault === 'garbage') {
      request.answered = 'garbage';
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok": tru');
      return;
    }
    request.answered = 202;
    res.writeHead(202, { 'content-type': 'application/json' }).end('{"received":true}');
  }

  server = await listen(handle, options.port ?? 0);
  port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${port}/hooks/sarah`;
  return receiver;
}

/** The receiver's own check of the documented scheme. */
function verify(secret: string, signature: string | undefined, body: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature ?? '');
  if (!match) return false;
  const t = Number(match[1]);
  if (Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}
