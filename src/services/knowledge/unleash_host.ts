/** Unleash's platform API; the `e-api.` prefix matters (app.unleash.so and unleash.so answer 404). */
export const DEFAULT_UNLEASH_BASE_URL = 'https://e-api.unleash.so';

/**
 * Why UNLEASH_BASE_URL probably is not Unleash's API, for the start-up line; undefined when it looks
 * right: an `e-api.` host, a private tenant's `https://app.<tenant>.unleash.so/e-api`, or a local
 * address (a fake or a proxy on this machine).
 */
export function unleashHostProblem(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return `UNLEASH_BASE_URL ${baseUrl} is not a URL`;
  }
  const host = url.hostname;
  if (host.startsWith('e-api.') || /\/e-api\/?$/.test(url.pathname)) return undefined;
  if (host === 'localhost' || host === '127.0.0.1' || host === '[::1]') return undefined;
  return `host ${host} does not start with "e-api." (expected e.g. e-api.unleash.so); other hosts answer 404`;
}
