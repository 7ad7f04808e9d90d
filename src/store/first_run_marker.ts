import { access, writeFile } from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';

/**
 * Written next to the SQLite file after the first successful migration. Its presence means "this
 * deployment has had a database here": if the database is then missing or empty, it was lost
 * (deleted, a volume not mounted, a wrong path), and starting would silently begin from nothing.
 */
export function markerPath(file: string): string {
  return `${file}.initialized`;
}

/** Thrown at start-up instead of opening an empty database where one existed; exits with 78 (EX_CONFIG). */
export class EmptyDatabaseRefusedError extends Error {
  override readonly name = 'EmptyDatabaseRefusedError';
  readonly exitCode = 78;

  constructor(file: string) {
    super(
      `Refusing to start: the SQLite database ${file} is missing or empty, but ${markerPath(file)} shows ` +
        'one was created here before, so its data would be lost silently. Restore the file (or mount its ' +
        'volume, or fix SQLITE_PATH); to start empty on purpose, set ALLOW_EMPTY_DB=1 for one start.',
    );
  }
}

export async function hasMarker(file: string): Promise<boolean> {
  return access(markerPath(file)).then(
    () => true,
    () => false,
  );
}

export async function writeMarker(file: string): Promise<void> {
  await writeFile(markerPath(file), `${new Date().toISOString()}\n`, { mode: 0o600 });
}

/** Empty: no migrations were ever recorded in it (a missing file opens as an empty one). */
export async function isEmptyDatabase<T>(db: Kysely<T>): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'
  `.execute(db);
  return Number(rows[0]?.n ?? 0) === 0;
}
