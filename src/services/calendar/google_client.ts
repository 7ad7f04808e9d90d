import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { JWT } from 'google-auth-library';
import { GOOGLE_TOKEN_URI, type GoogleCalendarSettings } from './google_credentials.js';

/** Read and write events, and read free/busy, on calendars shared with the service account. */
export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';

export interface GoogleCalendarClient {
  api: calendar_v3.Calendar;
  /** Forgets the access token so the next call fetches a new one (after a 401). */
  resetToken(): void;
}

/**
 * The official client, authenticated as the service account. Retries are off on purpose: the
 * resilience guard owns retries and their budget, and a library retrying underneath it would
 * multiply calls during an outage. Each request also gets its own timeout as a backstop, so a
 * call the guard gave up on does not linger.
 */
export function createGoogleCalendarClient(
  settings: GoogleCalendarSettings,
  options: { requestTimeoutMs?: number } = {},
): GoogleCalendarClient {
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const auth = new JWT({
    email: settings.credentials.clientEmail,
    key: settings.credentials.privateKey,
    keyId: settings.credentials.privateKeyId,
    scopes: [CALENDAR_SCOPE],
    subject: settings.subject,
  });
  routeTokenRequests(auth, settings.credentials.tokenUri, requestTimeoutMs);
  const api = calendar({
    version: 'v3',
    // Two copies of google-auth-library are installed (ours and googleapis-common's); the client
    // only calls request() and getRequestHeaders() on it, which both copies share.
    auth: auth as unknown as calendar_v3.Options['auth'],
    rootUrl: settings.rootUrl.endsWith('/') ? settings.rootUrl : `${settings.rootUrl}/`,
    retry: false,
    timeout: requestTimeoutMs,
  });
  return {
    api,
    resetToken: () => {
      auth.credentials = { refresh_token: 'jwt-placeholder', expiry_date: 1 };
    },
  };
}

/**
 * google-auth-library always posts the JWT grant to Google's token endpoint; a key file's
 * `token_uri` (a fake's, in tests) is honoured by rewriting that one URL on the client's own
 * transport. Token requests also lose the library's built-in retries and get a timeout.
 */
function routeTokenRequests(auth: JWT, tokenUri: string, timeoutMs: number): void {
  auth.transporter.interceptors.request.add({
    resolved: (config) => {
      if (String(config.url) !== GOOGLE_TOKEN_URI) return Promise.resolve(config);
      config.url = new URL(tokenUri);
      config.retry = false;
      delete config.retryConfig;
      config.signal = config.signal
        ? AbortSignal.any([config.signal, AbortSignal.timeout(timeoutMs)])
        : AbortSignal.timeout(timeoutMs);
      return Promise.resolve(config);
    },
  });
}
