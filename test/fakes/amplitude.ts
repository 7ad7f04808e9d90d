import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, json, listen, readBody } from './http_server.js';

/**
 * A local stand-in for Amplitude's HTTP V2 API (amplitude.com/docs/apis/analytics/http-v2):
 * `POST /2/httpapi` with `{ api_key, events: [...], options? }`. Answers as documented:
 * 200 `{ code: 200, events_ingested, payload_size_bytes, server_upload_time }`; 400 with `error`
 * and `missing_field` or `events_with_invalid_fields` (an unknown api_key is 400 "Invalid API
 * key"); 413 for a too-large payload; 429 with Amplitude's throttling body (`throttled_users`,
 * `throttled_devices`, `throttled_events`, `eps_threshold`...). Like Amplitude it ingests an
 * `insert_id` once: a repeat is acknowledged but not counted again.
 *
 * Faults are queued per request with `fail(...)`: an HTTP status (with the documented body, and
 * Retry-After on 429), `slow` (ingests, then answers after `slowMs`), `malformed` (a 502 HTML page),
 * `no_code` (200 with JSON lacking `code`), `cut` (the batch is taken, then the connection drops
 * mid-answer). `down()` stops listening (connection refused), `up()` resumes
 * on the same port.
 */
export type AmplitudeFault =
  | { status: 400 | 413 | 429 | 500 | 502 | 503 | 504; retryAfterS?: number }
  | 'slow'
  | 'malformed'
  | 'no_code'
  | 'cut';

export interface AmplitudeEvent {
  event_type: string;
  user_id?: string;
  device_id?: string;
  time?: number;
  insert_id?: string;
  event_properties?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface FakeAmplitude {
  /** Value for AMPLITUDE_SERVER_URL. */
  url: string;
  apiKey: string;
  /** Every batch that reached the server, in order (including failed ones). */
  requests: Array<{ apiKey: unknown; events: AmplitudeEvent[]; answered: number | string }>;
  /** Events ingested, once per insert_id, in order. */
  ingested: AmplitudeEvent[];
  /** Copies of an already ingested insert_id that arrived again. */
  repeats: number;
  fail(...faults: AmplitudeFault[]): void;
  slowMs: number;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export const FAKE_AMPLITUDE_KEY = 'amp-test-fake-key';

const THROTTLED_BODY = (events: AmplitudeEvent[]) => ({
  code: 429,
  error: 'Too many requests for some devices and users',
  eps_threshold: 30,
  throttled_devices: Object.fromEntries(events.map((e) => [e.device_id ?? '', 31])),
  throttled_users: Object.fromEntries(events.map((e) => [e.user_id ?? '', 31])),
  throttled_events: events.map((_, index) => index),
  exceeded_daily_quota_devices: {},
  exceeded_daily_quota_users: {},
});

export async function startFakeAmplitude(
  apiKey = FAKE_AMPLITUDE_KEY,
  options: { port?: number } = {},
): Promise<FakeAmplitude> {
  const faults: AmplitudeFault[] = [];
  const seen = new Set<string>();
  let server: Server;
  let port = 0;

  const fake: FakeAmplitude = {
    url: '',
    apiKey,
    requests: [],
    ingested: [],
    repeats: 0,
    slowMs: 1_000,
    fail: (...more) => void faults.push(...more),
    down: async () => {
      await closeServer(server);
    },
    up: async () => {
      server = await listen(handle, port);
    },
    close: async () => {
      await closeServer(server);
    },
  };

  const ingest = (events: AmplitudeEvent[]) => {
    for (const event of events) {
      const key = event.insert_id ?? `${event.event_type}:${event.user_id}:${event.time}`;
      if (seen.has(key)) fake.repeats += 1;
      else {
        seen.add(key);
        fake.ingested.push(event);
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    if (req.method !== 'POST' || req.url !== '/2/httpapi')
      return json(res, 404, { code: 404, error: 'Not found' });
    let body: { api_key?: unknown; events?: unknown };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return json(res, 400, { code: 400, error: 'Invalid JSON request body' });
    }
    const events = Array.isArray(body.events) ? (body.events as AmplitudeEvent[]) : [];
    const request = { apiKey: body.api_key, events, answered: 0 as number | string };
    fake.requests.push(request);

    const fault = faults.shift();
    if (fault !== undefined) {
      request.answered = typeof fault === 'string' ? fault : fault.status;
      return answerFault(res, fault, events, () => ingest(events), fake.slowMs);
    }
    if (body.api_key === undefined || body.events === undefined) {
      request.answered = 400;
      return json(res, 400, {
        code: 400,
        error: 'Request missing required field',
        missing_field: body.api_key === undefined ? 'api_key' : 'events',
      });
    }
    if (body.api_key !== apiKey) {
      request.answered = 400;
      return json(res, 400, { code: 400, error: 'Invalid API key: ' + String(body.api_key).slice(0, 4) });
    }
    const invalid = events.flatMap((e, index) => (validEvent(e) ? [] : [index]));
    if (invalid.length > 0) {
      request.answered = 400;
      return json(res, 400, {
        code: 400,
        error: 'Invalid field values on some events',
        events_with_invalid_fields: { user_id: invalid },
      });
    }
    ingest(events);
    request.answered = 200;
    return json(res, 200, {
      code: 200,
      events_ingested: events.length,
      payload_size_bytes: Buffer.byteLength(raw),
      server_upload_time: Date.now(),
    });
  };

  server = await listen(handle, options.port ?? 0);
  port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${port}/2/httpapi`;
  return fake;
}

/** Amplitude needs event_type and a user_id or device_id of at least 5 characters. */
function validEvent(event: AmplitudeEvent): boolean {
  const id = event.user_id ?? event.device_id;
  return typeof event.event_type === 'string' && typeof id === 'string' && id.length >= 5;
}

function answerFault(
  res: ServerResponse,
  fault: AmplitudeFault,
  events: AmplitudeEvent[],
  ingest: () => void,
  slowMs: number,
): void {
  switch (fault) {
    case 'slow':
      // Amplitude took the batch but answers too late for the client.
      ingest();
      setTimeout(() => json(res, 200, { code: 200, events_ingested: events.length }), slowMs).unref();
      return;
    case 'malformed':
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>');
      return;
    case 'no_code':
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"maybe"}');
      return;
    case 'cut':
      // The batch arrived and was taken, but the answer never completes.
      ingest();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
      res.write('{"code":20');
      setTimeout(() => res.socket?.destroy(), 10).unref();
      return;
  }
  const headers: Record<string, string> = {};
  if (fault.retryAfterS !== undefined) headers['retry-after'] = String(fault.retryAfterS);
  const bodies: Record<number, object> = {
    400: {
      code: 400,
      error: 'Invalid field values on some events',
      events_with_invalid_fields: { time: [0] },
    },
    413: { code: 413, error: 'Payload too large' },
    429: THROTTLED_BODY(events),
    500: { code: 500, error: 'Internal server error' },
    502: { code: 502, error: 'Bad gateway' },
    503: { code: 503, error: 'Service unavailable' },
    504: { code: 504, error: 'Gateway timeout' },
  };
  json(res, fault.status, bodies[fault.status] ?? { code: fault.status }, headers);
}
