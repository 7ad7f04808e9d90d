import type { Client } from '@libsql/client';
import { LibsqlDialect } from '@libsql/kysely-libsql';
import type {
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  TransactionSettings,
} from 'kysely';

/**
 * Kysely dialect over an already-created libsql client.
 *
 * We create the client ourselves (rather than passing `url` to LibsqlDialect)
 * because @libsql/kysely-libsql bundles an older @libsql/client whose
 * `transaction()` drops its connection and lazily opens a new one: for
 * ':memory:' that new connection is a different, empty database. The current
 * client keeps an in-memory database on a single pooled connection instead.
 *
 * That single connection is held by an open transaction, and the client then
 * rejects any other query with TRANSACTION_ACTIVE rather than waiting. With
 * `serialize`, Kysely-level access is queued (one connection at a time, as
 * Kysely's own SqliteDriver does) so concurrent callers wait their turn.
 */
export function libsqlDialect(client: Client, options: { serialize: boolean }): Dialect {
  // The bundled client's types differ from ours only in sync()'s return type,
  // which the driver never calls (it uses execute() and transaction()).
  const inner = new LibsqlDialect({ client: client as unknown as BundledClient });
  return options.serialize ? new SerializedDialect(inner) : inner;
}

type BundledClient = Extract<ConstructorParameters<typeof LibsqlDialect>[0], { client: unknown }>['client'];

class SerializedDialect implements Dialect {
  constructor(private readonly inner: Dialect) {}

  createAdapter(): DialectAdapter {
    return this.inner.createAdapter();
  }

  createDriver(): Driver {
    return new SerializedDriver(this.inner.createDriver());
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return this.inner.createIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return this.inner.createQueryCompiler();
  }
}

/** Lets one connection out at a time; released on releaseConnection. */
class SerializedDriver implements Driver {
  readonly #inner: Driver;
  #tail: Promise<void> = Promise.resolve();
  #unlock: (() => void) | undefined;

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    let unlock!: () => void;
    const turn = new Promise<void>((resolve) => (unlock = resolve));
    const previous = this.#tail;
    this.#tail = previous.then(() => turn);
    await previous;
    try {
      const connection = await this.#inner.acquireConnection();
      this.#unlock = unlock;
      return connection;
    } catch (error) {
      unlock();
      throw error;
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.releaseConnection(connection);
    } finally {
      const unlock = this.#unlock;
      this.#unlock = undefined;
      // libsql runs each statement synchronously on this thread. Handing the next turn over on a
      // later macrotask lets timers, sockets and replies run between queued queries, so a burst of
      // writes never holds the event loop for the whole queue.
      if (unlock) setImmediate(unlock);
    }
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}
