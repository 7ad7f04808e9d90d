import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store, migrateToLatest, openDatabase, type Database } from '../../src/store/index.js';
import { storeReadinessProbe } from '../../src/store/readiness.js';
import { StoreHealth } from '../../src/store/store_health.js';
import { isConstraintViolation } from '../../src/store/write_watch.js';
import { dropSchema, openPostgresSchema, uniqueSchema } from '../support/postgres.js';

/**
 * The write probe and the write watch on both dialects. PostgreSQL runs in a schema of its own,
 * dropped afterwards; a failing write there is made by a trigger that raises, as a read-only
 * replica would (a superuser cannot be made read-only per connection through the shared pool).
 */
const pgSchema = uniqueSchema('store_health');

const backends = [
  { name: 'SQLite', open: () => openDatabase({ sqlitePath: ':memory:' }) },
  {
    name: 'PostgreSQL',
    open: () => openPostgresSchema(pgSchema),
  },
];

describe.each(backends)('store health on $name', ({ name, open }) => {
  let database: Database;
  let store: Store;

  beforeAll(async () => {
    database = await open();
    await migrateToLatest(database.db);
    store = new Store(database);
  });
  afterAll(async () => {
    if (name === 'PostgreSQL') await dropSchema(database, pgSchema);
    await database.close();
  });

  /** A probe that never reuses an answer, so each call writes. */
  const probe = () => storeReadinessProbe(database, { reuseMs: 0 })();

  it('is ready when the heartbeat upsert commits, again and again', async () => {
    expect(await probe()).toEqual({ ready: true });
    expect(await probe()).toEqual({ ready: true });
  });

  it('a failed write anywhere makes it unready until a later write succeeds', async () => {
    await expect(sql`insert into no_such_table values (1)`.execute(database.db)).rejects.toThrow();
    expect(database.health.problem).toBe('write_failed');
    expect(database.health.keptEverythingSince(new Date(Date.now() - 60_000))).toBe(false);
    // The probe is the later write.
    expect(await probe()).toEqual({ ready: true });
    expect(database.health.writable).toBe(true);
  });

  it('a duplicate key is the schema answering, not a store that cannot write', async () => {
    const id = randomUUID();
    const session = { id, channel: 'web' as const, startedAt: new Date().toISOString(), state: 'GREETING' };
    await store.sessions.create(session);
    await expect(store.sessions.create(session)).rejects.toSatisfy(isConstraintViolation);
    expect(database.health.writable).toBe(true);
  });

  it('a store that refuses writes is unready, and ready again when it accepts them', async () => {
    const refuse = async (on: boolean) => {
      if (name === 'SQLite') {
        await sql.raw(`PRAGMA query_only = ${on ? 'ON' : 'OFF'}`).execute(database.db);
        return;
      }
      if (on) {
        await sql`create function refuse_writes() returns trigger language plpgsql as
          $$ begin raise exception 'cannot execute INSERT in a read-only transaction' using errcode = '25006'; end $$`.execute(
          database.db,
        );
        await sql`create trigger refuse_writes before insert or update on store_heartbeat
          for each row execute function refuse_writes()`.execute(database.db);
      } else {
        await sql`drop trigger refuse_writes on store_heartbeat`.execute(database.db);
        await sql`drop function refuse_writes()`.execute(database.db);
      }
    };
    await refuse(true);
    expect(await probe()).toEqual({ ready: false, problem: 'write_failed' });
    await refuse(false);
    expect(await probe()).toEqual({ ready: true });
  });
});

describe('StoreHealth', () => {
  it('reports each change once and keeps a lost file lost', () => {
    const health = new StoreHealth();
    const changes: Array<string | undefined> = [];
    health.onChange(({ problem }) => changes.push(problem));
    health.writeFailed(new Error('disk full'));
    health.writeFailed(new Error('disk full'));
    health.writeSucceeded();
    health.fileLost('file_missing');
    health.writeSucceeded();
    health.fileLost('file_replaced');
    expect(changes).toEqual(['write_failed', undefined, 'file_missing']);
    expect(health.writable).toBe(false);
  });

  it('counts a failure since a conversation opened against its claims, even after recovery', () => {
    const health = new StoreHealth();
    const opened = new Date(Date.now() - 1000);
    expect(health.keptEverythingSince(opened)).toBe(true);
    health.writeFailed(new Error('busy'));
    health.writeSucceeded();
    expect(health.writable).toBe(true);
    expect(health.keptEverythingSince(opened)).toBe(false);
    expect(health.keptEverythingSince(new Date(Date.now() + 1000))).toBe(true);
  });
});
