import type { Kysely, Selectable } from 'kysely';
import type { SessionsTable, Tables } from '../tables.js';
import { fromFlag, toFlag, toUtcIso } from '../values.js';

export const CHANNELS = ['web', 'console', 'voice'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface SessionRecord {
  id: string;
  channel: Channel;
  startedAt: string;
  endedAt: string | null;
  userTimeZone: string | null;
  state: string;
  endReason: string | null;
  handoff: boolean;
}

export interface NewSession {
  id: string;
  channel: Channel;
  startedAt: string;
  userTimeZone?: string | null;
  state: string;
}

export interface SessionEnd {
  endedAt: string;
  reason: string;
  handoff: boolean;
}

export class SessionsRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async create(session: NewSession): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: session.id,
        channel: session.channel,
        started_at: toUtcIso(session.startedAt, 'startedAt'),
        user_time_zone: session.userTimeZone ?? null,
        state: session.state,
      })
      .execute();
  }

  /** Returns false when no such session exists, so callers can notice lost writes. */
  async updateState(id: string, state: string): Promise<boolean> {
    const result = await this.db
      .updateTable('sessions')
      .set({ state })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async end(id: string, end: SessionEnd): Promise<boolean> {
    const result = await this.db
      .updateTable('sessions')
      .set({
        ended_at: toUtcIso(end.endedAt, 'endedAt'),
        end_reason: end.reason,
        handoff: toFlag(end.handoff),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Closes sessions still open that started before `startedBefore`: no conversation lasts that
   * long, so they were left open by a crash or a killed process. Returns how many were closed.
   */
  async closeAbandoned(startedBefore: string, endedAt: string): Promise<number> {
    const result = await this.db
      .updateTable('sessions')
      .set({ ended_at: toUtcIso(endedAt, 'endedAt'), end_reason: 'interrupted' })
      .where('ended_at', 'is', null)
      .where('started_at', '<', toUtcIso(startedBefore, 'startedBefore'))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }
}

function toRecord(row: Selectable<SessionsTable>): SessionRecord {
  return {
    id: row.id,
    channel: row.channel as Channel, // guarded by a CHECK constraint
    startedAt: row.started_at,
    endedAt: row.ended_at,
    userTimeZone: row.user_time_zone,
    state: row.state,
    endReason: row.end_reason,
    handoff: fromFlag(row.handoff),
  };
}
