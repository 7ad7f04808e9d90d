import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient } from '@libsql/client';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { libsqlDialect } from './sqlite-dialect.js';
import type { Tables } from './tables.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<Tables>;
  dialect: DialectName;
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
  return openSqlite(options.sqlitePath ?? DEFAULT_SQLITE_PATH);
}

/** Readiness probe: resolves when the database answers a trivial query. */
export async function ping<T>(db: Kysely<T>): Promise<void> {
  await sql`select 1`.execute(db);
}

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
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 10_000,
    application_name: 'sarah',
    // Set at connect time so every pooled connection, including replacements, sees the schema.
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', (error) => options.onPoolError?.(error));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema !== undefined) {
      await db.schema.createSchema(schema).ifNotExists().execute();
    }
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect: 'postgres', close: once(() => db.destroy()) };
}

async function openSqlite(path: string): Promise<Database> {
  const inMemory = path === ':memory:';
  let url = ':memory:';
  if (!inMemory) {
    const absolute = resolve(path);
    await mkdir(dirname(absolute), { recursive: true });
    // A file URL percent-encodes spaces and '%' in the path, which libsql decodes.
    url = pathToFileURL(absolute).href;
  }
  // One connection for the life of the instance: it is the only way to keep one
  // ':memory:' database, keeps per-connection pragmas in force, and costs nothing
  // because local libsql runs statements synchronously on this thread anyway.
  // The busy timeout covers other processes writing the same file.
  const client = createClient({ url, concurrency: 1, timeout: 5_000 });
  const db = new Kysely<Tables>({ dialect: libsqlDialect(client, { serialize: true }) });
  const close = once(async () => {
    try {
      await db.destroy();
    } finally {
      client.close(); // LibsqlDialect does not close a client it was handed
    }
  });
  try {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
    if (!inMemory) {
      await enableWal(db);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { db, dialect: 'sqlite', close };
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
