import type { calendar_v3 } from '@googleapis/calendar';
import { z } from 'zod';
import { malformedResponse, toCalendarError } from './google_errors.js';

/** Google answers at most 50 calendars per freeBusy query (tooManyCalendarsRequested above that). */
const CALENDARS_PER_QUERY = 50;

export interface BusyInterval {
  startMs: number;
  endMs: number;
}

export interface FreeBusyResult {
  /** Busy intervals per calendar id that answered. */
  busy: Map<string, BusyInterval[]>;
  /** Calendars Google could not read (notFound, internalError…), with the reason: availability unknown. */
  failed: Map<string, string>;
}

const responseSchema = z.object({
  calendars: z.record(
    z.string(),
    z.object({
      busy: z.array(z.object({ start: z.string(), end: z.string() })).optional(),
      errors: z.array(z.object({ reason: z.string().optional() })).optional(),
    }),
  ),
});

/** `freebusy.query` for the calendars over [fromMs, toMs), in as few requests as Google allows. */
export async function queryFreeBusy(
  api: calendar_v3.Calendar,
  calendarIds: string[],
  fromMs: number,
  toMs: number,
): Promise<FreeBusyResult> {
  const result: FreeBusyResult = { busy: new Map(), failed: new Map() };
  const chunks: string[][] = [];
  for (let i = 0; i < calendarIds.length; i += CALENDARS_PER_QUERY) {
    chunks.push(calendarIds.slice(i, i + CALENDARS_PER_QUERY));
  }
  const answers = await Promise.all(chunks.map((ids) => queryChunk(api, ids, fromMs, toMs)));
  for (const answer of answers) {
    for (const [id, busy] of answer.busy) result.busy.set(id, busy);
    for (const [id, reason] of answer.failed) result.failed.set(id, reason);
  }
  return result;
}

async function queryChunk(
  api: calendar_v3.Calendar,
  ids: string[],
  fromMs: number,
  toMs: number,
): Promise<FreeBusyResult> {
  let data: unknown;
  try {
    const response = await api.freebusy.query({
      requestBody: {
        timeMin: new Date(fromMs).toISOString(),
        timeMax: new Date(toMs).toISOString(),
        items: ids.map((id) => ({ id })),
      },
    });
    data = response.data;
  } catch (error) {
    throw toCalendarError(error, 'freeBusy');
  }
  // The client hands back the raw text when a body is not JSON, so the shape is checked here.
  const parsed = responseSchema.safeParse(data);
  if (!parsed.success) throw malformedResponse('freeBusy');
  const result: FreeBusyResult = { busy: new Map(), failed: new Map() };
  for (const id of ids) {
    const entry = parsed.data.calendars[id];
    if (!entry) {
      result.failed.set(id, 'missing');
      continue;
    }
    if (entry.errors?.length) {
      result.failed.set(id, entry.errors[0]?.reason ?? 'unknown');
      continue;
    }
    const intervals = (entry.busy ?? []).map((b) => ({
      startMs: Date.parse(b.start),
      endMs: Date.parse(b.end),
    }));
    if (intervals.some((b) => Number.isNaN(b.startMs) || Number.isNaN(b.endMs)))
      throw malformedResponse('freeBusy');
    result.busy.set(id, intervals);
  }
  return result;
}

/**
 * Busy intervals per rep, merged into sorted, disjoint runs, so "does [start, end) touch any of
 * them?" is one binary search. Merging matters: a week-long out-of-office event must hide every
 * slot inside it, whatever shorter events start after it.
 */
export class BusyIndex {
  readonly #byRep = new Map<string, BusyInterval[]>();

  add(repId: string, intervals: BusyInterval[]): void {
    const list = this.#byRep.get(repId) ?? [];
    list.push(...intervals);
    this.#byRep.set(repId, list);
  }

  /** Call once after the last add(). */
  seal(): this {
    for (const [repId, list] of this.#byRep) {
      const merged: BusyInterval[] = [];
      for (const interval of [...list].sort((a, b) => a.startMs - b.startMs)) {
        const last = merged[merged.length - 1];
        if (last && interval.startMs <= last.endMs) last.endMs = Math.max(last.endMs, interval.endMs);
        else merged.push({ ...interval });
      }
      this.#byRep.set(repId, merged);
    }
    return this;
  }

  overlaps(repId: string, startMs: number, endMs: number): boolean {
    const list = this.#byRep.get(repId);
    if (!list?.length) return false;
    // The last run starting before `endMs` is the only one that can reach past `startMs`.
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (list[mid]!.startMs < endMs) low = mid + 1;
      else high = mid;
    }
    return low > 0 && list[low - 1]!.endMs > startMs;
  }
}
