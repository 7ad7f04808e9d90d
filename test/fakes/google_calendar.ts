import { generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readBody } from './http_server.js';

/**
 * A local stand-in for Google Calendar API v3 and Google's OAuth token endpoint, following the
 * documented contract:
 * - `POST /token`: the service-account JWT bearer grant (RS256 assertion signed with the key the
 *   fake issued) → `{ access_token, expires_in, token_type }`; `{ error, error_description }` on 400.
 * - `POST /calendar/v3/freeBusy` → `{ kind, timeMin, timeMax, calendars: { id: { busy | errors } } }`.
 * - `POST /calendar/v3/calendars/{calendarId}/events` with a client-chosen `id` (base32hex, 5 to 1024
 *   characters), `conferenceData.createRequest` honoured only with `conferenceDataVersion=1`, and
 *   409 "duplicate" for an id already used on that calendar, deleted events included.
 * - `GET`, `PATCH`, `DELETE /calendar/v3/calendars/{calendarId}/events/{eventId}`: a deleted event
 *   reads back with status "cancelled"; deleting it again is 410 "deleted"; unknown ids are 404.
 * Errors use Google's shape `{ error: { code, message, errors: [{ domain, reason, message }] } }`.
 * API calls need a bearer token the fake issued; injected faults cover 429 with Retry-After, 5xx
 * (before or after the change is applied), slowness, malformed bodies, dropped connections and 401.
 */
export type FakeGoogleRoute = 'token' | 'freeBusy' | 'insert' | 'get' | 'patch' | 'delete';

export type FakeGoogleFaultMode =
  /** 429 with Retry-After and usageLimits/rateLimitExceeded. */
  | 'rate_limited'
  /** 503 backendError (or `status`); with `applied`, the change is made first and only the answer fails. */
  | 'server_error'
  /** Waits `delayMs`, then answers normally. */
  | 'slow'
  /** Applies the request, then answers 200 with a cut-off JSON body. */
  | 'malformed'
  /** Applies the request, then destroys the connection without answering. */
  | 'dropped'
  /** 401 authError, as for an expired or revoked token. */
  | 'unauthorized';

export interface FakeGoogleFault {
  /** Routes the fault applies to; unset = every route. */
  route?: FakeGoogleRoute | FakeGoogleRoute[];
  mode: FakeGoogleFaultMode;
  /** How many matching requests it affects; unset = until cleared. */
  times?: number;
  delayMs?: number;
  retryAfterS?: number;
  status?: number;
  applied?: boolean;
}

export interface FakeGoogleEvent {
  id: string;
  status: 'confirmed' | 'cancelled';
  summary?: string;
  description?: string;
  start: { dateTime: string; timeZone?: string };
  end: { dateTime: string; timeZone?: string };
  attendees?: Array<{ email: string; displayName?: string; responseStatus?: string }>;
  conferenceData?: Record<string, unknown>;
  extendedProperties?: Record<string, unknown>;
  transparency?: 'opaque' | 'transparent';
  htmlLink: string;
  created: string;
  updated: string;
  sequence: number;
}

export interface FakeGoogleRequest {
  route: FakeGoogleRoute | 'unknown';
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface FakeGoogleCalendar {
  /** The Calendar API origin (GOOGLE_CALENDAR_ROOT_URL). */
  url: string;
  tokenUrl: string;
  clientEmail: string;
  /** A service-account key file whose token_uri points at this fake (GOOGLE_SERVICE_ACCOUNT_JSON). */
  serviceAccountJson: string;
  requests: FakeGoogleRequest[];
  /** Makes a calendar exist (freeBusy reports notFound for the others). */
  addCalendar(id: string): void;
  /** An event someone else put on the calendar: busy for freeBusy. */
  addBusy(calendarId: string, startIso: string, endIso: string): FakeGoogleEvent;
  /** Every event on a calendar, deleted ones included. */
  events(calendarId: string): FakeGoogleEvent[];
  fault(fault: FakeGoogleFault): void;
  clearFaults(): void;
  /** Invalidates every token issued so far: the next API call gets 401. */
  revokeTokens(): void;
  /** How many requests went to a route. */
  count(route: FakeGoogleRoute): number;
  close(): Promise<void>;
}

const SCOPE = 'https://www.googleapis.com/auth/calendar';
/** The fake's own control route, `DELETE …/<eventId>`, that removes one event (see `handle`). */
export const CONTROL_EVENTS_PATH = '/__fake__/events/';
const EVENT_ID = /^[a-v0-9]{5,1024}$/;

class GoogleError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly domain = 'global',
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export async function startFakeGoogleCalendar(listenPort = 0): Promise<FakeGoogleCalendar> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientEmail = 'sarah-calendar@sarah-test.iam.gserviceaccount.com';
  const keyId = randomBytes(20).toString('hex');
  const calendars = new Map<string, Map<string, FakeGoogleEvent>>();
  const tokens = new Set<string>();
  const faults: FakeGoogleFault[] = [];
  const requests: FakeGoogleRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let base = '';

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const takeFault = (route: FakeGoogleRoute | 'unknown'): FakeGoogleFault | undefined => {
    const index = faults.findIndex(
      (f) =>
        f.route === undefined ||
        (Array.isArray(f.route) ? f.route.includes(route as never) : f.route === route),
    );
    if (index < 0) return undefined;
    const fault = faults[index]!;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) faults.splice(index, 1);
    }
    return fault;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', base);
    // Not Google's: a control for runs that share one fake across processes (the scenario suite)
    // to take back the event a finished conversation made, whichever calendar holds it.
    if (request.method === 'DELETE' && url.pathname.startsWith(CONTROL_EVENTS_PATH)) {
      const eventId = decodeURIComponent(url.pathname.slice(CONTROL_EVENTS_PATH.length));
      for (const events of calendars.values()) events.delete(eventId);
      response.writeHead(204);
      response.end();
      return;
    }
    const raw = await readBody(request);
    const route = routeOf(request.method ?? 'GET', url.pathname);
    let body: unknown = raw;
    if (raw && (request.headers['content-type'] ?? '').includes('json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        return sendError(response, new GoogleError(400, 'parseError', 'Parse Error'));
      }
    }
    requests.push({
      route,
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
    });
    const fault = takeFault(route);
    if (fault?.mode === 'slow') await sleep(fault.delayMs ?? 5_000);
    if (fault?.mode === 'rate_limited') {
      const error = new GoogleError(429, 'rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits', {
        'retry-after': String(fault.retryAfterS ?? 7),
      });
      return sendError(response, error);
    }
    if (fault?.mode === 'unauthorized') return sendError(response, unauthorized());
    if (fault?.mode === 'server_error' && !fault.applied)
      return sendError(response, backendError(fault.status));
    try {
      const result =
        route === 'token'
          ? issueToken(raw)
          : (() => {
              authorize(request.headers.authorization);
              return serveApi(route, url, body);
            })();
      if (fault?.mode === 'server_error') return sendError(response, backendError(fault.status));
      if (fault?.mode === 'dropped') {
        request.socket.destroy();
        return;
      }
      if (fault?.mode === 'malformed') {
        response.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
        response.end(JSON.stringify(result.body).slice(0, 25));
        return;
      }
      if (result.status === 204) {
        response.writeHead(204);
        response.end();
        return;
      }
      response.writeHead(result.status, { 'content-type': 'application/json; charset=UTF-8' });
      response.end(JSON.stringify(result.body));
    } catch (error) {
      if (error instanceof GoogleError) return sendError(response, error);
      if (error instanceof OAuthError) {
        response.writeHead(error.status, { 'content-type': 'application/json; charset=UTF-8' });
        response.end(JSON.stringify({ error: error.code, error_description: error.message }));
        return;
      }
      return sendError(response, backendError(500));
    }
  };

  const issueToken = (raw: string) => {
    const form = new URLSearchParams(raw);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      throw new OAuthError(400, 'unsupported_grant_type', 'Invalid grant_type: ' + form.get('grant_type'));
    }
    const claims = verifyAssertion(form.get('assertion') ?? '', publicKey);
    if (claims.iss !== clientEmail)
      throw new OAuthError(401, 'invalid_client', 'The OAuth client was not found.');
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) {
      throw new OAuthError(400, 'invalid_grant', 'Invalid JWT: Token must be a short-lived token');
    }
    if (
      !String(claims.scope ?? '')
        .split(' ')
        .includes(SCOPE)
    ) {
      throw new OAuthError(400, 'invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
    }
    const token = `ya29.fake-${randomBytes(12).toString('hex')}`;
    tokens.add(token);
    return { status: 200, body: { access_token: token, expires_in: 3599, token_type: 'Bearer' } };
  };

  const authorize = (header: string | undefined) => {
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (!token || !tokens.has(token)) throw unauthorized();
  };

  const calendarOf = (id: string) => {
    const events = calendars.get(id);
    if (!events) throw new GoogleError(404, 'notFound', 'Not Found');
    return events;
  };

  const serveApi = (route: FakeGoogleRoute | 'unknown', url: URL, body: unknown) => {
    const [calendarId, eventId] = pathIds(url.pathname);
    switch (route) {
      case 'freeBusy':
        return { status: 200, body: freeBusy(body) };
      case 'insert':
        return { status: 200, body: insert(calendarOf(calendarId!), calendarId!, url.searchParams, body) };
      case 'get':
        return { status: 200, body: existing(calendarOf(calendarId!), eventId!, true) };
      case 'patch':
        return { status: 200, body: patch(existing(calendarOf(calendarId!), eventId!, false), body) };
      case 'delete': {
        const event = existing(calendarOf(calendarId!), eventId!, true);
        if (event.status === 'cancelled') throw new GoogleError(410, 'deleted', 'Resource has been deleted');
        event.status = 'cancelled';
        event.updated = new Date().toISOString();
        return { status: 204, body: undefined };
      }
      default:
        throw new GoogleError(404, 'notFound', 'Not Found');
    }
  };

  const freeBusy = (body: unknown) => {
    const request = (body ?? {}) as { timeMin?: string; timeMax?: string; items?: Array<{ id?: string }> };
    const from = Date.parse(request.timeMin ?? '');
    const to = Date.parse(request.timeMax ?? '');
    if (Number.isNaN(from) || Number.isNaN(to)) throw new GoogleError(400, 'badRequest', 'Bad Request');
    if (to <= from) throw new GoogleError(400, 'timeRangeEmpty', 'The specified time range is empty.');
    const items = request.items ?? [];
    if (items.length > 50) {
      throw new GoogleError(400, 'tooManyCalendarsRequested', 'Too many calendars requested.');
    }
    const result: Record<string, unknown> = {};
    for (const { id } of items) {
      const events = id ? calendars.get(id) : undefined;
      if (!id || !events) {
        result[id ?? ''] = { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
        continue;
      }
      const busy = [...events.values()]
        .filter((e) => e.status !== 'cancelled' && e.transparency !== 'transparent')
        .map((e) => ({ start: Date.parse(e.start.dateTime), end: Date.parse(e.end.dateTime) }))
        .filter((e) => e.start < to && e.end > from)
        .sort((a, b) => a.start - b.start)
        .map((e) => ({
          start: new Date(Math.max(e.start, from)).toISOString().replace('.000Z', 'Z'),
          end: new Date(Math.min(e.end, to)).toISOString().replace('.000Z', 'Z'),
        }));
      result[id] = { busy };
    }
    return {
      kind: 'calendar#freeBusy',
      timeMin: new Date(from).toISOString(),
      timeMax: new Date(to).toISOString(),
      calendars: result,
    };
  };

  const insert = (
    events: Map<string, FakeGoogleEvent>,
    calendarId: string,
    query: URLSearchParams,
    body: unknown,
  ): FakeGoogleEvent => {
    const input = (body ?? {}) as Partial<FakeGoogleEvent> & {
      conferenceData?: { createRequest?: { requestId?: string; conferenceSolutionKey?: { type?: string } } };
    };
    const start = input.start?.dateTime;
    const end = input.end?.dateTime;
    if (!start || !end || Number.isNaN(Date.parse(start)) || Number.isNaN(Date.parse(end))) {
      throw new GoogleError(400, 'required', 'Missing end time.');
    }
    if (Date.parse(end) <= Date.parse(start)) {
      throw new GoogleError(400, 'timeRangeEmpty', 'The specified time range is empty.');
    }
    const id = input.id ?? randomBytes(13).toString('hex');
    if (!EVENT_ID.test(id)) throw new GoogleError(400, 'invalid', 'Invalid resource id value.');
    if (events.has(id)) throw new GoogleError(409, 'duplicate', 'The requested identifier already exists.');
    const now = new Date().toISOString();
    const createRequest = input.conferenceData?.createRequest;
    const event: FakeGoogleEvent = {
      id,
      status: 'confirmed',
      summary: input.summary,
      description: input.description,
      start: { dateTime: start, timeZone: input.start?.timeZone },
      end: { dateTime: end, timeZone: input.end?.timeZone },
      attendees: input.attendees?.map((a) => ({ ...a, responseStatus: 'needsAction' })),
      extendedProperties: input.extendedProperties,
      transparency: input.transparency,
      htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${calendarId}`).toString('base64url')}`,
      created: now,
      updated: now,
      sequence: 0,
    };
    // Without conferenceDataVersion=1 Google ignores conference data in the body.
    if (createRequest && query.get('conferenceDataVersion') === '1') {
      const code = randomBytes(5).toString('hex');
      event.conferenceData = {
        createRequest: { ...createRequest, status: { statusCode: 'success' } },
        conferenceId: `${code.slice(0, 3)}-${code.slice(3, 7)}-${code.slice(7, 10)}`,
        conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet' },
        entryPoints: [
          {
            entryPointType: 'video',
            uri: `https://meet.google.com/${code.slice(0, 3)}-${code.slice(3, 7)}-${code.slice(7, 10)}`,
          },
        ],
      };
    }
    events.set(id, event);
    return event;
  };

  const existing = (events: Map<string, FakeGoogleEvent>, id: string, includeCancelled: boolean) => {
    const event = events.get(id);
    if (!event) throw new GoogleError(404, 'notFound', 'Not Found');
    if (!includeCancelled && event.status === 'cancelled') {
      throw new GoogleError(410, 'deleted', 'Resource has been deleted');
    }
    return event;
  };

  const patch = (event: FakeGoogleEvent, body: unknown) => {
    const changes = (body ?? {}) as Partial<FakeGoogleEvent>;
    if (changes.attendees)
      event.attendees = changes.attendees.map((a) => ({ ...a, responseStatus: 'needsAction' }));
    if (changes.summary !== undefined) event.summary = changes.summary;
    if (changes.description !== undefined) event.description = changes.description;
    if (changes.start) event.start = changes.start;
    if (changes.end) event.end = changes.end;
    event.sequence += 1;
    event.updated = new Date().toISOString();
    return event;
  };

  const server: Server = createServer((request, response) => void handle(request, response));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  return {
    url: base,
    tokenUrl: `${base}/token`,
    clientEmail,
    serviceAccountJson: JSON.stringify({
      type: 'service_account',
      project_id: 'sarah-test',
      private_key_id: keyId,
      private_key: keyPem,
      client_email: clientEmail,
      client_id: '100000000000000000001',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: `${base}/token`,
    }),
    requests,
    addCalendar: (id) => {
      if (!calendars.has(id)) calendars.set(id, new Map());
    },
    addBusy: (calendarId, startIso, endIso) => {
      if (!calendars.has(calendarId)) calendars.set(calendarId, new Map());
      const now = new Date().toISOString();
      const event: FakeGoogleEvent = {
        id: randomBytes(13).toString('hex'),
        status: 'confirmed',
        summary: 'Busy',
        start: { dateTime: startIso },
        end: { dateTime: endIso },
        htmlLink: 'https://www.google.com/calendar/event',
        created: now,
        updated: now,
        sequence: 0,
      };
      calendars.get(calendarId)!.set(event.id, event);
      return event;
    },
    events: (calendarId) => [...(calendars.get(calendarId)?.values() ?? [])],
    fault: (fault) => void faults.push({ ...fault }),
    clearFaults: () => void faults.splice(0),
    revokeTokens: () => tokens.clear(),
    count: (route) => requests.filter((r) => r.route === route).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function routeOf(method: string, path: string): FakeGoogleRoute | 'unknown' {
  if (method === 'POST' && path === '/token') return 'token';
  if (method === 'POST' && path === '/calendar/v3/freeBusy') return 'freeBusy';
  if (/^\/calendar\/v3\/calendars\/[^/]+\/events$/.test(path) && method === 'POST') return 'insert';
  if (/^\/calendar\/v3\/calendars\/[^/]+\/events\/[^/]+$/.test(path)) {
    if (method === 'GET') return 'get';
    if (method === 'PATCH') return 'patch';
    if (method === 'DELETE') return 'delete';
  }
  return 'unknown';
}

function pathIds(path: string): [string | undefined, string | undefined] {
  const match = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(path);
  return [
    match?.[1] ? decodeURIComponent(match[1]) : undefined,
    match?.[2] ? decodeURIComponent(match[2]) : undefined,
  ];
}

/** Checks an RS256 JWT against the key the fake issued; returns its claims. */
function verifyAssertion(assertion: string, publicKey: KeyObject): Record<string, unknown> {
  const [header, payload, signature] = assertion.split('.');
  if (!header || !payload || !signature) throw new OAuthError(400, 'invalid_grant', 'Invalid JWT format.');
  const valid = verify(
    'RSA-SHA256',
    Buffer.from(`${header}.${payload}`),
    publicKey,
    Buffer.from(signature, 'base64url'),
  );
  if (!valid) throw new OAuthError(400, 'invalid_grant', 'Invalid JWT Signature.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function unauthorized(): GoogleError {
  return new GoogleError(
    401,
    'authError',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  );
}

function backendError(status = 503): GoogleError {
  return new GoogleError(status, 'backendError', 'Backend Error');
}

function sendError(response: ServerResponse, error: GoogleError): void {
  response.writeHead(error.code, { 'content-type': 'application/json; charset=UTF-8', ...error.headers });
  response.end(
    JSON.stringify({
      error: {
        code: error.code,
        message: error.message,
        errors: [{ domain: error.domain, reason: error.reason, message: error.message }],
      },
    }),
  );
}

/**
 * Standalone, to try Sarah against it: `npx tsx test/fakes/google_calendar.ts [calendarId…]` starts
 * the fake on GOOGLE_FAKE_PORT (default: a free port), writes its key file and prints the variables.
 */
async function main(): Promise<void> {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const calendarIds = process.argv.slice(2);
  const fake = await startFakeGoogleCalendar(Number(process.env.GOOGLE_FAKE_PORT ?? 0));
  for (const id of calendarIds) fake.addCalendar(id);
  const keyFile = join(await mkdtemp(join(tmpdir(), 'sarah-fake-google-')), 'key.json');
  await writeFile(keyFile, fake.serviceAccountJson, { mode: 0o600 });
  const team = calendarIds.map((email, i) => ({ name: `Rep ${i + 1}`, email, timeZone: 'America/New_York' }));
  console.log(`fake Google Calendar at ${fake.url}, calendars: ${calendarIds.join(', ') || 'none'}`);
  console.log(`GOOGLE_SERVICE_ACCOUNT_JSON=${keyFile}`);
  console.log(`GOOGLE_CALENDAR_ROOT_URL=${fake.url}`);
  if (team.length > 0) console.log(`CALENDAR_REPS='${JSON.stringify(team)}'`);
  process.on('SIGINT', () => void fake.close().then(() => process.exit(0)));
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  await main();
}
