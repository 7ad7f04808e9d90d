import type {
  CompiledQuery,
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import type { SqliteFileIdentity } from './sqlite_file_identity.js';
import type { StoreHealth } from './store_health.js';

/** Thrown instead of writing into a database file that is no longer where it was opened. */
export class DatabaseFileLostError extends Error {
  override readonly name = 'DatabaseFileLostError';
  constructor(readonly problem: 'file_missing' | 'file_replaced') {
    super(
      problem === 'file_missing'
        ? 'The SQLite database file was deleted while the server was running; nothing more is written until a restart'
        : 'The SQLite database file was replaced while the server was running; nothing more is written until a restart',
    );
  }
}

/**
 * Wraps a dialect so that every write reports to StoreHealth: repositories, the recorder and the
 * outbox need no changes, and no write path can be forgotten. For a SQLite file, a write is
 * refused (and fails like any other) when the file it would land in is gone, so nothing backed by
 * it (a booking, an email record) is confirmed to the user.
 */
export function watchWrites(
  inner: Dialect,
  health: StoreHealth,
  file: () => SqliteFileIdentity | undefined,
): Dialect {
  return {
    createAdapter: (): DialectAdapter => inner.createAdapter(),
    createDriver: (): Driver => new WatchedDriver(inner.createDriver(), health, file),
    createIntrospector: (db: Kysely<unknown>): DatabaseIntrospector => inner.createIntrospector(db),
    createQueryCompiler: (): QueryCompiler => inner.createQueryCompiler(),
  };
}

const WRITE_NODES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);
const RAW_WRITE = /^\s*(insert|update|delete|replace|merge)\b/i;

/** Which statements count as writes: Kysely's write nodes, and raw SQL that starts with a write verb. */
export function isWrite(query: CompiledQuery): boolean {
  const kind = query.query.kind;
  return WRITE_NODES.has(kind) || (kind === 'RawNode' && RAW_WRITE.test(query.sql));
}

class WatchedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly health: StoreHealth,
    private readonly file: () => SqliteFileIdentity | undefined,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new WatchedConnection(await this.inner.acquireConnection(), this.health, this.file);
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(unwrap(connection), settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    // Disk full and I/O errors often surface only here, when the journal is written.
    try {
      await this.inner.commitTransaction(unwrap(connection));
    } catch (error) {
      this.health.writeFailed(error);
      throw error;
    }
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(unwrap(connection));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(unwrap(connection));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

function unwrap(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof WatchedConnection ? connection.inner : connection;
}

class WatchedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly health: StoreHealth,
    private readonly file: () => SqliteFileIdentity | undefined,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!isWrite(query)) return this.inner.executeQuery<R>(query);
    const where = this.file()?.check() ?? 'ok';
    if (where !== 'ok') {
      this.health.fileLost(where);
      throw new DatabaseFileLostError(where);
    }
    try {
      const result = await this.inner.executeQuery<R>(query);
      this.health.writeSucceeded();
      return result;
    } catch (error) {
      // A duplicate key or a failed check is the schema refusing this row, not a store that
      // cannot write (a slot taken a moment ago is an ordinary answer).
      if (!isConstraintViolation(error)) this.health.writeFailed(error);
      throw error;
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/** PostgreSQL class 23 (integrity constraint violation) or SQLite's SQLITE_CONSTRAINT family. */
export function isConstraintViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (/^23[0-9A-Z]{3}$/.test(code) || code.startsWith('SQLITE_CONSTRAINT'));
}
