import type { RawData } from 'ws';
import { z } from 'zod';

/** What the page may send on `/api/chat`. */
const clientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), text: z.string() }),
  z.object({ type: z.literal('end') }),
]);

export type ClientFrame = z.infer<typeof clientFrame>;

/** The frame, or undefined for anything that is not JSON of a known shape. */
export function parseClientFrame(raw: RawData): ClientFrame | undefined {
  try {
    const parsed = clientFrame.safeParse(JSON.parse(raw.toString()));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** True for `{"type":"end"}`; only tiny text frames are even parsed. */
export function isEndFrame(raw: RawData, isBinary: boolean): boolean {
  if (isBinary || !Buffer.isBuffer(raw) || raw.length > 32) return false;
  return parseClientFrame(raw)?.type === 'end';
}
