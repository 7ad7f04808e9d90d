import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient } from '@libsql/client';
import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import { DatabaseError, Pool } from 'pg';
import { libsqlDialect } from './sqlite-dialect.js';
import type { Tables } from './tables.js';
import { EmptyDatabaseRefusedError, hasMarker, isEmptyDatabase, writeMarker } from './first_run_marker.js';
import { preparePrivateDatabaseFile, tightenCompanions, type PermissionLog } from './private_files.js';
import { SqliteFileIdentity } from './sqlite_file_identity.js';
import { StoreHealth } from './store_health.js';
import { watchWrites } from './write_watch.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<Tables>;
  dialect: DialectName;
  /** Whether writes are landing; every write through `db` reports to it (write_watch.ts). */
  health: StoreHealth;
  /**
   * Call after migrations succeed: for a SQLite file, writes the first-run marker (once), so a later
   * start in production can tell a lost database from a first one. Nothing for PostgreSQL or memory.
   */
  markInitialised(): Promise<void>;
  /**
   * SQLite file only: is the file we opened still at its path? Reports a lost file to `health`.
   * Writes check this themselves; readiness calls it so a lost file shows without waiting for one.
   */
  verifyFile(): void;
  /** Closes the pool or file handle. Safe to call more than once. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// or postgresql:// selects PostgreSQL; unset or empty selects SQLite. */
  url?: string;
  /** SQLite file path, or ':memory:'. Defaults to ./data/sarah.db. */
  sqlitePath?: string;
  /** PostgreSQL only: schema to create if missing and put on every connection's search_path. */
  schema?: string;
  /** PostgreSQL only: errors from idle pooled clients (the pool replaces them; without a listener they would crash the process). */
  onPoolError?: (error: Error) => void;
  /**
   * SQLite file only: refuse to open a missing or empty database where the first-run marker shows
   * one existed (production, unless ALLOW_EMPTY_DB). Throws EmptyDatabaseRefusedError.
   */
  refuseLostDatabase?: boolean;
  /** Where permission changes to the SQLite file and folder are reported. */
  log?: PermissionLog;
  /**
   * PostgreSQL only: a connection for migrations and the retention purge, whose statements may
   * rightly take longer than a conversation can wait (POSTGRES_MAINTENANCE_TIMEOUTS).
   */
  maintenance?: boolean;
}

export const DEFAULT_SQLITE_PATH = './data/sarah.db';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;
// The schema name is spliced into a connection option string, so keep it to plain identifiers.
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const url = options.url?.trim();
  if (url) {
    if (!POSTGRES_URL.test(url)) {
      throw new Error(
        'Unsupported database URL: expected postgres:// or postgresql://; leave it unset to use SQLite',
      );
    }
    return openPostgres(url, options);
  }
  return openSqlite(options.sqlitePath ?? DEFAULT_SQLITE_PATH, options);
}

/** Readiness probe: resolves when the database answers a trivial query. */
export async function ping<T>(db: Kysely<T>): Promise<void> {
  await sql`select 1`.execute(db);
}

/**
 * Every turn is answered within 2 s, and a turn can wait on a store call or two outside any
 * dependency guard (the recorder, the outbox, the booking caps' lookup) besides the calendar's.
 * pg has no client-side limit by default, so an unreachable or stalled server would hold a turn
 * for as long as TCP does. Getting a connection (a free pooled one or a new one) and getting a
 * query's answer are each capped at 700 ms: far above what Sarah's single-row statements take,
 * and short enough that a lookup plus a guarded write still leave time to answer. The server
 * gives up a little earlier (statement_timeout), so a slow server answers with an error on a
 * connection still fit for use; the client-side limit is for a network that stopped answering.
 */
export const POSTGRES_TIMEOUTS = {
  connectionTimeoutMillis: 700,
  query_timeout: 700,
  statement_timeout: 600,
  idleTimeoutMillis: 30_000,
} as const;

/** Migrations and purges: nobody is waiting on them, and a big table takes its time. */
export const POSTGRES_MAINTENANCE_TIMEOUTS = {
  connectionTimeoutMillis: 10_000,
  query_timeout: 15 * 60_000,
  statement_timeout: 15 * 60_000,
  idleTimeoutMillis: 10_000,
} as const;

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(
      `Invalid PostgreSQL schema name ${JSON.stringify(schema)}: use letters, digits and underscores`,
    );
  }
  const pool = new Pool({
    connectionString: url,
    max: 10,
    ...(options.maintenance ? POSTGRES_MAINTENANCE_TIMEOUTS : POSTGRES_TIMEOUTS),
    application_name: 'sarah',
    // Set at connect time so every pooled connection, including replacements, sees the schema.
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', (error) => options.onPoolError?.(error));
  // pg-pool listens for errors only on idle clients. A connection that drops while checked out
  // (mid-query, or in a transaction between statements) also emits 'error' on its client, and
  // with no listener that is an uncaught exception that ends the process. The query in flight
  // already rejects with the same error, and the pool discards the broken client on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const health = new StoreHealth();
  const db = new Kysely<Tables>({
    dialect: watchWrites(new PostgresDialect({ pool: watchedPool(pool, health) }), health, () => undefined),
  });
  try {
    if (schema !== undefined) {
      await db.schema.createSchema(schema).ifNotExists().execute();
    }
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    dialect: 'postgres',
    health,
    markInitialised: () => Promise.resolve(),
    verifyFile: () => undefined,
    close: once(() => db.destroy()),
  };
}

/**
 * The pool as Kysely sees it, with two additions:
 *
 * - A failure to get a connection at all (refused, timed out) is reported to `health` as a failed
 *   write: the write it was for never reaches the watched connection (write_watch.ts), so without
 *   this a store nobody can connect to would still count as writable and Sarah would go on saying
 *   things were saved. The next write that succeeds clears it, as for any failed write.
 * - A client whose query failed without an answer from the server (the client-side timeout, a
 *   dropped socket) is closed instead of going back to the pool: after a timeout pg still waits
 *   for that answer on the connection, so every later query on it would queue behind one that,
 *   across a network that drops packets, may not come for minutes. An error the server sent (a
 *   constraint, statement_timeout) leaves the connection usable.
 */
function watchedPool(pool: Pool, health: StoreHealth): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect().catch((error: unknown) => {
        health.writeFailed(error);
        throw error;
      });
      let unanswered = false;
      const query = (text: string, parameters: ReadonlyArray<unknown>) =>
        client.query(text, [...parameters]).catch((error: unknown) => {
          if (!(error instanceof DatabaseError)) unanswered = true;
          throw error;
        });
      return {
        // Kysely calls the cursor form only when given a cursor class, which this dialect is not.
        query: query as unknown as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy === true || unanswered),
      };
    },
    end: () => pool.end(),
  };
}

async function openSqlite(path: string, options: OpenDatabaseOptions): Promise<Database> {
  const inMemory = path === ':memory:';
  const file = inMemory ? undefined : resolve(path);
  let url = ':memory:';
  // Decided before anything is created: opening a missing file would create an empty one.
  const mustExist = file !== undefined && options.refuseLostDatabase === true && (await hasMarker(file));
  if (file !== undefined) {
    if (mustExist && !existsSync(file)) throw new EmptyDatabaseRefusedError(file);
    await preparePrivateDatabaseFile(file, options.log);
    // A file URL percent-encodes spaces and '%' in the path, which libsql decodes.
    url = pathToFileURL(file).href;
  }
  // One connection for the life of the instance: it is the only way to keep one
  // ':memory:' database, keeps per-connection pragmas in force, and costs nothing
  // because local libsql runs statements synchronously on this thread anyway.
  // The busy timeout covers other processes writing the same file.
  const client = createClient({ url, concurrency: 1, timeout: 5_000 });
  const health = new StoreHealth();
  let identity: SqliteFileIdentity | undefined;
  const dialect = watchWrites(libsqlDialect(client, { serialize: true }), health, () => identity);
  const db = new Kysely<Tables>({ dialect });
  const close = once(async () => {
    try {
      await db.destroy();
    } finally {
      client.close(); // LibsqlDialect does not close a client it was handed
    }
  });
  try {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
    if (file !== undefined) {
      if (mustExist && (await isEmptyDatabase(db))) throw new EmptyDatabaseRefusedError(file);
      await enableWal(db);
      await tightenCompanions(file, options.log);
      // From here on, every write first checks that this very file is still where we opened it.
      identity = SqliteFileIdentity.capture(file);
    }
  } catch (error) {
    await close();
    throw error;
  }
  const markInitialised = async () => {
    if (file !== undefined && !(await hasMarker(file))) await writeMarker(file);
  };
  const verifyFile = () => {
    const where = identity?.check() ?? 'ok';
    if (where !== 'ok') health.fileLost(where);
  };
  return { db, dialect: 'sqlite', health, markInitialised, verifyFile, close };
}

/** WAL lets readers in other processes proceed during writes; not every build or filesystem allows it. */
async function enableWal(db: Kysely<Tables>): Promise<void> {
  try {
    await sql`PRAGMA journal_mode = WAL`.execute(db);
  } catch {
    // rollback journal still works, just with less concurrency
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}
