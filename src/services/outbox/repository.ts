import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../store/index.js';
import type { OutboxTable, Tables } from '../../store/tables.js';
import { toCount } from '../../store/values.js';

export type OutboxStatus = 'pending' | 'delivered' | 'failed';

export interface OutboxRow {
  id: string;
  kind: string;
  /** JSON text, as stored. */
  payload: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  leaseToken: string | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface ClaimRequest {
  kind: string;
  limit: number;
  /** Rows due at or before this instant, whose lease (if any) expired before it. */
  now: string;
  leaseUntil: string;
  /** Marks the claimed rows; only its holder may write their outcome. */
  token: string;
}

/**
 * SQL for the outbox table. Claiming is one UPDATE that sets a lease token on due rows whose
 * lease is free, re-checked row by row, so two dispatchers (processes or instances) never hold
 * the same row; on PostgreSQL the candidate rows are also locked with SKIP LOCKED so concurrent
 * claimers take different rows instead of queueing behind each other.
 */
export class OutboxRepository {
  readonly #db: Kysely<Tables>;
  readonly #skipLocked: boolean;

  constructor(database: Pick<Database, 'db' | 'dialect'>) {
    this.#db = database.db;
    this.#skipLocked = database.dialect === 'postgres';
  }

  async insert(row: { id: string; kind: string; payload: string; createdAt: string }): Promise<void> {
    await this.#db
      .insertInto('outbox')
      .values({
        id: row.id,
        kind: row.kind,
        payload: row.payload,
        next_attempt_at: row.createdAt,
        created_at: row.createdAt,
      })
      .execute();
  }

  /** Takes up to `limit` due rows of one kind, counting the attempt now (a crash mid-send still counts). */
  async claim(request: ClaimRequest): Promise<OutboxRow[]> {
    const { kind, limit, now, leaseUntil, token } = request;
    const rows = await this.#db
      // Materialised so the candidate list is computed once: inlined, PostgreSQL may rescan it per
      // row and, among rows with equal timestamps, pick a different few each time.
      .with(
        (cte) => cte('due').materialized(),
        (db) => {
          const due = db
            .selectFrom('outbox')
            .select('id')
            .where('status', '=', 'pending')
            .where('kind', '=', kind)
            .where('next_attempt_at', '<=', now)
            .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<', now)]))
            .orderBy('next_attempt_at')
            .orderBy('created_at')
            .orderBy('id')
            .limit(limit);
          return this.#skipLocked ? due.forUpdate().skipLocked() : due;
        },
      )
      .updateTable('outbox')
      .set((eb) => ({
        lease_token: token,
        lease_until: leaseUntil,
        last_attempt_at: now,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
      // Re-checked on the row itself: a concurrent claimer that got there first wins.
      .where('status', '=', 'pending')
      .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<', now)]))
      .returningAll()
      .execute();
    return rows.map(toRow).sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt));
  }

  async markDelivered(id: string, token: string, at: string): Promise<boolean> {
    return this.#settle(id, token, {
      status: 'delivered',
      delivered_at: at,
      last_error: null,
    });
  }

  async reschedule(id: string, token: string, nextAttemptAt: string, error: string): Promise<boolean> {
    return this.#settle(id, token, { next_attempt_at: nextAttemptAt, last_error: error });
  }

  /** Gives up on a row: kept as 'failed' for inspection and `requeueFailed`, never sent again on its own. */
  async park(id: string, token: string, error: string): Promise<boolean> {
    return this.#settle(id, token, { status: 'failed', last_error: error });
  }

  /** Pending rows per kind (for the pending gauge). */
  async countPending(): Promise<Map<string, number>> {
    const rows = await this.#db
      .selectFrom('outbox')
      .select(['kind', (eb) => eb.fn.countAll().as('n')])
      .where('status', '=', 'pending')
      .groupBy('kind')
      .execute();
    return new Map(rows.map((r) => [r.kind, toCount(r.n as string | number | bigint)]));
  }

  /** Puts parked rows of a kind back in the queue with fresh attempts (after fixing a receiver). */
  async requeueFailed(kind: string, now: string): Promise<number> {
    const result = await this.#db
      .updateTable('outbox')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, lease_token: null, lease_until: null })
      .where('status', '=', 'failed')
      .where('kind', '=', kind)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Retention: delivered rows older than `before` are deleted (their payloads may hold addresses). */
  async purgeDelivered(before: string): Promise<number> {
    const result = await this.#db
      .deleteFrom('outbox')
      .where('status', '=', 'delivered')
      .where('delivered_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async find(id: string): Promise<OutboxRow | undefined> {
    const row = await this.#db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRow(row);
  }

  async list(kind?: string): Promise<OutboxRow[]> {
    let query = this.#db.selectFrom('outbox').selectAll().orderBy('created_at').orderBy('id');
    if (kind !== undefined) query = query.where('kind', '=', kind);
    return (await query.execute()).map(toRow);
  }

  /** Writes an outcome only while the caller still holds the lease (it may have expired and moved on). */
  async #settle(
    id: string,
    token: string,
    values: {
      status?: OutboxStatus;
      next_attempt_at?: string;
      delivered_at?: string;
      last_error: string | null;
    },
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('outbox')
      .set({ ...values, lease_token: null, lease_until: null })
      .where('id', '=', id)
      .where('lease_token', '=', token)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function toRow(row: Selectable<OutboxTable>): OutboxRow {
  return {
    id: row.id,
    kind: row.kind,
    payload: row.payload,
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    leaseToken: row.lease_token,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  };
}
