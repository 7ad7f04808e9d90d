import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/store/index.js';

const PG_CANDIDATES = process.env.SARAH_TEST_PG_URL
  ? [process.env.SARAH_TEST_PG_URL]
  : ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];

/** The test PostgreSQL (trust auth: only the role name differs between machines). */
export async function reachablePostgresUrl(): Promise<string> {
  const failures: string[] = [];
  for (const url of PG_CANDIDATES) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return url;
    } catch (error) {
      failures.push(`${url}: ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(`PostgreSQL is not reachable (${failures.join('; ')})`);
}

/** A fresh schema of its own, so test files never see each other's rows. */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export async function openPostgresSchema(schema: string): Promise<Database> {
  return openDatabase({ url: await reachablePostgresUrl(), schema });
}

export async function dropSchema(database: Database, schema: string): Promise<void> {
  await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db);
}
