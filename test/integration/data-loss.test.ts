import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadLlmPlugin } from '../../src/agent/llm_factory.js';
import { loadConfig } from '../../src/config.js';
import { COPY, TEAM_NOT_REACHED } from '../../src/conversation/index.js';
import { installFrameworkLogger } from '../../src/observability/logger.js';
import { registry } from '../../src/observability/metrics.js';
import { buildServer } from '../../src/server/server.js';
import { DatabaseFileLostError } from '../../src/store/write_watch.js';
import { talk } from '../support/app.js';

/**
 * "Never lose data silently" (issue 8): each test runs the real app on a SQLite file of its own in
 * a fresh temporary folder, and breaks that file the way an operator or a disk would.
 */
let dir: string;
let app: App | undefined;
let server: FastifyInstance | undefined;

afterEach(async () => {
  await server?.close();
  await app?.close().catch(() => undefined);
  server = app = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  dir = mkdtempSync(join(tmpdir(), 'sarah-data-loss-'));
  return dir;
}

async function fileApp(
  file: string,
  env: Record<string, string> = {},
  logger: pino.Logger = pino({ level: 'silent' }),
): Promise<App> {
  installFrameworkLogger(logger, 'silent');
  const config = loadConfig(env);
  await loadLlmPlugin(config);
  return createApp(config, logger, { sqlitePath: file });
}

async function serve(file: string, env: Record<string, string> = {}) {
  app = await fileApp(file, env);
  server = await buildServer(app, pino({ level: 'silent' }));
  return app;
}

async function readyz() {
  const response = await server!.inject({ method: 'GET', url: '/readyz' });
  return { code: response.statusCode, body: response.body };
}

async function storeWritable(): Promise<number | undefined> {
  const line = /^sarah_store_writable (\d)$/m.exec(await registry.metrics());
  return line ? Number(line[1]) : undefined;
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('a deleted database file', () => {
  it('turns readiness false and refuses writes instead of writing into the deleted file', async () => {
    const file = join(freshDir(), 'sarah.db');
    await serve(file);
    expect((await readyz()).code).toBe(200);

    unlinkSync(file);
    const answer = await readyz();
    expect(answer.code).toBe(503);
    // Generic: no path, no driver message.
    expect(answer.body).not.toMatch(/sarah\.db|SQLITE_|deleted/);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'unavailable' });
    expect(await storeWritable()).toBe(0);

    // Before the fix every write "succeeded" into the unlinked inode; now each one fails.
    await expect(
      app!.store.sessions.create({
        id: 'after-delete',
        channel: 'web',
        startedAt: new Date().toISOString(),
        userTimeZone: 'UTC',
        state: 'GREETING',
      }),
    ).rejects.toBeInstanceOf(DatabaseFileLostError);
    // A lost file is not healed by time or by another write: only a restart.
    expect((await readyz()).code).toBe(503);
  });

  it('does not confirm a booking once the file is gone', async () => {
    const file = join(freshDir(), 'sarah.db');
    await serve(file);
    const t = await talk(app!);
    await t.say('We have 25 sales reps and use Salesforce');
    await t.say('Yes, please find a time');
    await t.say('The second one works');
    await t.say('my email is alex@example.com');
    unlinkSync(file);
    await t.say('yes');
    expect(t.conversation.context.booking).toBeUndefined();
    expect(t.agent.join(' ')).not.toMatch(/you're booked|all set|saved/i);
    await t.conversation.end('test');
  });
});

describe('a read-only database', () => {
  // Tests run as root, for whom chmod 0400 changes nothing. `PRAGMA query_only` makes SQLite itself
  // refuse every write on our (single) connection with SQLITE_READONLY, as a read-only file would.
  const readOnly = (on: boolean) =>
    sql.raw(`PRAGMA query_only = ${on ? 'ON' : 'OFF'}`).execute(app!.store.database.db);

  it('turns readiness false; it comes back once a write succeeds again', async () => {
    await serve(join(freshDir(), 'sarah.db'));
    expect((await readyz()).code).toBe(200);
    await readOnly(true);
    // The recorder swallows its failures (the chat goes on) but the store remembers them.
    await app!.services.recorder.consent('s1', true, new Date());
    expect(app!.store.database.health.problem).toBe('write_failed');
    const answer = await readyz();
    expect(answer.code).toBe(503);
    expect(answer.body).not.toMatch(/SQLITE_|readonly/);
    await readOnly(false);
    // The readiness probe is itself a write: its success makes the instance ready again.
    expect((await readyz()).code).toBe(200);
    expect(await storeWritable()).toBe(1);
  });

  it('Sarah claims no booking and no hand-off that was not stored', async () => {
    await serve(join(freshDir(), 'sarah.db'), {
      // The hand-off goes through the outbox, a store write; the address is never reached here.
      HANDOFF_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
      HANDOFF_WEBHOOK_SECRET: 'a-secret-of-sixteen-plus',
    });
    const t = await talk(app!);
    await t.say('We have 25 sales reps and use Salesforce');
    await t.say('Yes, please find a time');
    await t.say('The second one works');
    await t.say('my email is alex@example.com');
    await readOnly(true);
    await t.say('yes');
    expect(t.conversation.context.booking).toBeUndefined();
    expect(t.tools.find((c) => c.name === 'book_meeting')?.error).toBe(true);

    // The offered follow-up by email (to the address already given) cannot be stored either: Sarah says so.
    await t.say('yes please');
    const followUp = t.tools.findLast((c) => c.name === 'request_human');
    expect(followUp?.output).toMatchObject({ followUp: true, queued: false });
    expect(t.lastReply()).toContain(TEAM_NOT_REACHED);

    expect(t.agent.join(' ')).not.toMatch(/you're booked|all set|saved|I've asked a teammate|passed along/i);
    expect((await readyz()).code).toBe(503);
    await readOnly(false);
    await t.conversation.end('test');
  });

  it('has goodbye lines without a claim of saving, for when a write failed', () => {
    expect(COPY.silenceGoodbye).toMatch(/saved/);
    expect(COPY.silenceGoodbyeUnsaved).not.toMatch(/saved|kept|recorded/i);
    expect(COPY.callLimitGoodbyeUnsaved).not.toMatch(/saved|kept|recorded/i);
  });
});

describe('start-up on an empty database in production', () => {
  const production = { NODE_ENV: 'production' };

  it('refuses a missing file after a first run, and says why; ALLOW_EMPTY_DB=1 overrides', async () => {
    const file = join(freshDir(), 'sarah.db');
    // First run: nothing there, no marker; it starts and leaves the marker.
    const first = await fileApp(file, production);
    await first.close();
    expect(existsSync(`${file}.initialized`)).toBe(true);

    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    const refused = fileApp(file, production);
    await expect(refused).rejects.toMatchObject({ exitCode: 78 });
    await expect(refused).rejects.toThrow(/missing or empty.*ALLOW_EMPTY_DB=1/s);
    // Refusing did not create an empty file in its place.
    expect(existsSync(file)).toBe(false);

    const allowed = await fileApp(file, { ...production, ALLOW_EMPTY_DB: '1' });
    await allowed.close();
    expect(existsSync(file)).toBe(true);
  });

  it('refuses an empty (zero-byte) file after a first run, but not outside production', async () => {
    const file = join(freshDir(), 'sarah.db');
    await (await fileApp(file, production)).close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    writeFileSync(file, '');
    await expect(fileApp(file, production)).rejects.toMatchObject({ name: 'EmptyDatabaseRefusedError' });
    await (await fileApp(file, { NODE_ENV: 'development' })).close();
  });

  it('exits with 78 (EX_CONFIG) and a clear message from the command line', () => {
    const file = join(freshDir(), 'sarah.db');
    writeFileSync(`${file}.initialized`, 'earlier run\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'migrate'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        SQLITE_PATH: file,
        ALLOW_EMPTY_DB: '',
        LOG_LEVEL: 'silent',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toMatch(/Refusing to start: the SQLite database .* is missing or empty/);
    expect(existsSync(file)).toBe(false);
  });
});

describe('SQLite file permissions', () => {
  it('creates the folder 0700 and the database files 0600', async () => {
    const folder = join(freshDir(), 'nested', 'data');
    const file = join(folder, 'sarah.db');
    app = await fileApp(file);
    expect(mode(folder)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}.initialized`)).toBe(0o600);
    // SQLite gives its write-ahead log the database file's mode.
    if (existsSync(`${file}-wal`)) expect(mode(`${file}-wal`)).toBe(0o600);
  });

  it('tightens an existing world-readable file and folder', async () => {
    const folder = join(freshDir(), 'data');
    const file = join(folder, 'sarah.db');
    mkdirSync(folder, { mode: 0o755 });
    chmodSync(folder, 0o755);
    writeFileSync(file, '', { mode: 0o644 });
    chmodSync(file, 0o644);
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    app = await fileApp(file, {}, logger);
    expect(mode(folder)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    // Said in the log, so an operator knows their modes were changed.
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; from?: string });
    expect(logged).toContainEqual(
      expect.objectContaining({ msg: 'tightened the database folder', from: '0755' }),
    );
    expect(logged).toContainEqual(
      expect.objectContaining({ msg: 'tightened the database file', from: '0644' }),
    );
  });

  it('leaves a shared folder alone (it holds other files) but still tightens the file', async () => {
    const folder = freshDir();
    chmodSync(folder, 0o755);
    writeFileSync(join(folder, 'someone-else.txt'), 'not ours');
    const file = join(folder, 'sarah.db');
    app = await fileApp(file);
    expect(mode(folder)).toBe(0o755);
    expect(mode(file)).toBe(0o600);
  });
});
