import { statSync } from 'node:fs';

/**
 * The SQLite file this process opened, by device and inode. Deleting the file does not stop an open
 * connection: SQLite keeps writing into the unlinked inode, every write "succeeds", and all of it
 * is gone at the next start. Comparing the path's inode with the one we opened catches a deleted
 * file and a file replaced by another (restored from a backup, recreated by a second process).
 */
export class SqliteFileIdentity {
  readonly #path: string;
  readonly #dev: number;
  readonly #ino: number;

  private constructor(path: string, dev: number, ino: number) {
    this.#path = path;
    this.#dev = dev;
    this.#ino = ino;
  }

  /** Call right after opening, when the file is known to exist. */
  static capture(path: string): SqliteFileIdentity {
    const { dev, ino } = statSync(path);
    return new SqliteFileIdentity(path, dev, ino);
  }

  /** A stat is a few microseconds, cheap enough to run before every write. */
  check(): 'ok' | 'file_missing' | 'file_replaced' {
    try {
      const { dev, ino } = statSync(this.#path);
      return dev === this.#dev && ino === this.#ino ? 'ok' : 'file_replaced';
    } catch {
      return 'file_missing';
    }
  }
}
