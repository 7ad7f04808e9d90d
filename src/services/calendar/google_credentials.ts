import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
export const GOOGLE_ROOT_URL = 'https://www.googleapis.com/';

/** The parts of a service-account key file the calendar client uses. */
export interface ServiceAccountKey {
  clientEmail: string;
  privateKey: string;
  privateKeyId?: string;
  /** OAuth token endpoint; Google's unless the key file names another (a local fake in tests). */
  tokenUri: string;
}

/** What the Google calendar needs from the configuration; present only when credentials are set. */
export interface GoogleCalendarSettings {
  credentials: ServiceAccountKey;
  /** Origin the Calendar API is called at (Google's, or a fake). */
  rootUrl: string;
  /** Workspace user the service account acts for (domain-wide delegation), if any. */
  subject?: string;
}

const keyFileSchema = z.object({
  type: z.literal('service_account', { error: 'expected "type": "service_account" (a service-account key)' }),
  client_email: z.email({ error: 'expected "client_email", the service account address' }),
  private_key: z.string().includes('PRIVATE KEY', { error: 'expected "private_key" in PEM form' }),
  private_key_id: z.string().optional(),
  token_uri: z.url({ protocol: /^https?$/, error: 'expected "token_uri" to be an http(s) URL' }).optional(),
});

/**
 * Reads a service-account key given as a file path or as the JSON itself (starts with "{"), and
 * checks it is usable, so a bad key stops start-up instead of the first booking. Errors say what is
 * wrong without repeating the key.
 */
export function readServiceAccount(value: string): ServiceAccountKey {
  const text = value.trim();
  let raw: string;
  if (text.startsWith('{')) {
    raw = text;
  } else {
    try {
      raw = readFileSync(text, 'utf8');
    } catch (error) {
      throw new Error(
        `cannot read the key file ${text} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        { cause: error },
      );
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(
      'expected a service-account key: a JSON file path or the JSON itself, but it is not valid JSON',
    );
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  try {
    createPrivateKey(parsed.data.private_key);
  } catch {
    throw new Error('"private_key" is not a readable PEM key (were its \\n line breaks lost?)');
  }
  return {
    clientEmail: parsed.data.client_email,
    privateKey: parsed.data.private_key,
    privateKeyId: parsed.data.private_key_id,
    tokenUri: parsed.data.token_uri ?? GOOGLE_TOKEN_URI,
  };
}
