import { chmod, mkdir, open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, parse } from 'node:path';

/** Where permission changes are reported; pino's logger fits. */
export interface PermissionLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

const FILE_MODE = 0o600;
const FOLDER_MODE = 0o700;
// SQLite's companions of a database file, and our first-run marker; they hold the same data.
const COMPANIONS = ['', '-wal', '-shm', '-journal', '.initialized'];

/**
 * The database holds names, emails and bookings: only the account that runs Sarah may read it.
 * Creates the folder 0700 and the file 0600 before SQLite opens it (SQLite would use 0644 minus the
 * umask), and tightens either when it already exists with looser modes, saying so in the log.
 */
export async function preparePrivateDatabaseFile(file: string, log?: PermissionLog): Promise<void> {
  const folder = dirname(file);
  await mkdir(folder, { recursive: true, mode: FOLDER_MODE });
  await tightenFolder(folder, file, log);
  // 'wx' creates it only if missing, with our mode; an empty file is a valid empty database.
  await open(file, 'wx', FILE_MODE).then(
    (handle) => handle.close(),
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    },
  );
  await tightenCompanions(file, log);
}

/** SQLite creates -wal and -shm with the database file's mode; checked again after opening anyway. */
export async function tightenCompanions(file: string, log?: PermissionLog): Promise<void> {
  for (const suffix of COMPANIONS) await tighten(`${file}${suffix}`, FILE_MODE, log);
}

/**
 * A folder is tightened only when it is Sarah's own: not the filesystem root, not the working
 * directory (SQLITE_PATH=./sarah.db), not a shared sticky folder such as /tmp, and holding nothing
 * but the database's files. Otherwise we warn rather than change who may list someone else's folder.
 */
async function tightenFolder(folder: string, file: string, log?: PermissionLog): Promise<void> {
  const info = await stat(folder);
  if ((info.mode & 0o077) === 0) return;
  const ownFiles = new Set(COMPANIONS.map((suffix) => `${basename(file)}${suffix}`));
  const entries = await readdir(folder);
  const dedicated =
    folder !== parse(folder).root &&
    folder !== process.cwd() &&
    (info.mode & 0o1000) === 0 &&
    entries.every((entry) => ownFiles.has(entry));
  if (!dedicated) {
    log?.warn(
      { folder, mode: octal(info.mode) },
      'the database folder is readable by others and holds other files; left as is: give the database a folder of its own',
    );
    return;
  }
  if (await changeMode(folder, FOLDER_MODE, log))
    log?.info({ folder, from: octal(info.mode), to: octal(FOLDER_MODE) }, 'tightened the database folder');
}

async function tighten(path: string, mode: number, log?: PermissionLog): Promise<void> {
  let current: number;
  try {
    current = (await stat(path)).mode;
  } catch {
    return; // not there (yet)
  }
  if ((current & 0o777 & ~mode) === 0) return;
  if (await changeMode(path, mode, log))
    log?.info({ file: path, from: octal(current), to: octal(mode) }, 'tightened the database file');
}

/**
 * Best effort: a volume mounted with another owner (EPERM) must not stop Sarah from starting;
 * the operator is told instead.
 */
async function changeMode(path: string, mode: number, log?: PermissionLog): Promise<boolean> {
  try {
    await chmod(path, mode);
    return true;
  } catch (error) {
    log?.warn(
      { path, wanted: octal(mode), code: (error as NodeJS.ErrnoException).code },
      'could not tighten the permissions of the database; set them yourself',
    );
    return false;
  }
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}
