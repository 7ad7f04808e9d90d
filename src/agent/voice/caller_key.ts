/**
 * The caller's address key travels from the web server, which sees the browser's address, to the
 * voice worker, which does not (it sees LiveKit's media server), inside the agent dispatch's
 * metadata in the signed room token: the browser can read it but not change it. With it, the
 * per-address booking and email caps hold on calls as they do in the chat. LiveKit sees the
 * caller's address anyway when the browser connects to it.
 */
export function dispatchMetadata(clientKey: string): string {
  return JSON.stringify({ clientKey });
}

/** The key from a job's dispatch metadata; undefined for anything else (a room made by hand). */
export function callerKeyFrom(metadata: string | undefined): string | undefined {
  if (!metadata) return undefined;
  try {
    const value = (JSON.parse(metadata) as { clientKey?: unknown }).clientKey;
    return typeof value === 'string' && value.length > 0 && value.length <= 64 ? value : undefined;
  } catch {
    return undefined;
  }
}
