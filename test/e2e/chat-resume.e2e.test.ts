import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/agent/session/snapshot.js';
import { openDatabase, Store } from '../../src/store/index.js';
import { freePort } from '../support/free_port.js';
import { axeViolations, ensureWebBuilt, launchBrowser, startServer, type RunningServer } from './helpers.js';

/** Waits until the server has saved a snapshot of the session that includes a user's message. */
async function snapshotWithUserTurn(sqlitePath: string, sessionId: string): Promise<void> {
  const database = await openDatabase({ sqlitePath });
  const store = new Store(database);
  try {
    for (let i = 0; i < 100; i += 1) {
      const row = await store.snapshots.get(sessionId);
      const saved = row && parseSnapshot(row.snapshot);
      if (saved?.messages.some((m) => m.role === 'user')) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the server never saved a snapshot with the user message');
  } finally {
    await database.close();
  }
}

/**
 * The server crashes mid-chat (SIGKILL: nothing saved at the last moment) and comes back on the
 * same database. The page notices, says it is reconnecting, and Sarah carries on the same
 * conversation from the snapshot saved after the last turn: same session, welcomed back, and the
 * facts the user gave are not asked again.
 */
describe('a chat across a server crash, in a real browser', () => {
  let tmpDir: string;
  let server: RunningServer | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let env: Record<string, string>;
  let sqlitePath: string;

  beforeAll(async () => {
    ensureWebBuilt();
    tmpDir = await mkdtemp(path.join(os.tmpdir(), 'sarah-resume-e2e-'));
    sqlitePath = path.join(tmpDir, 'sarah.db');
    env = {
      PORT: String(await freePort()),
      SESSION_TOKEN_SECRET: 'e2e-resume-secret-0123456789abcdef0123',
      // Info lines say why a resume was refused, should this test fail.
      LOG_LEVEL: 'info',
    };
    server = await startServer({ sqlitePath, env });
    context = await launchBrowser(path.join(tmpDir, 'profile'));
    page = context.pages()[0] ?? (await context.newPage());
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await server?.stop();
    if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
  }, 30_000);

  it('reconnects and Sarah picks up where the user left off', async ({ onTestFailed }) => {
    onTestFailed(async () => {
      console.log(`--- server output ---\n${server?.output() ?? ''}`);
      const shown = await page.getByRole('region', { name: 'Chat with Sarah' }).innerText().catch(String);
      console.log(`--- the chat as the page shows it ---\n${shown}`);
    });
    await page.goto(server!.url, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Talk to Sarah', exact: true }).click();
    const chat = page.getByRole('region', { name: 'Chat with Sarah' });
    const log = chat.getByRole('log');
    const sarahSays = log.getByRole('listitem').filter({ has: page.getByText('Sarah', { exact: true }) });
    await sarahSays.first().waitFor({ timeout: 15_000 });
    const sessionBefore = await chat.getByTestId('session-id').textContent();

    const input = chat.getByRole('textbox', { name: 'Message' });
    await input.fill("Sure. We're a team of 40 on Salesforce and send about 300 proposals a month.");
    await chat.getByRole('button', { name: 'Send', exact: true }).click();
    await sarahSays.nth(1).waitFor({ timeout: 15_000 });
    // The snapshot is written just after the reply goes out; on a loaded machine the crash could
    // otherwise land in between and leave nothing to resume (a new chat, rightly).
    await snapshotWithUserTurn(sqlitePath, /[0-9a-f-]{36}/.exec(sessionBefore ?? '')?.[0] ?? '');

    await server!.crash();
    const status = chat.getByTestId('connection-status');
    await status.filter({ hasText: 'Reconnecting' }).waitFor({ timeout: 10_000 });
    expect(await axeViolations(page), 'axe violations while reconnecting').toEqual([]);

    server = await startServer({ sqlitePath, env });
    const welcome = sarahSays.filter({ hasText: 'Welcome back' });
    await welcome.waitFor({ timeout: 30_000 });
    await status.filter({ hasText: 'Connected' }).waitFor({ timeout: 5_000 });
    expect(await chat.getByTestId('session-id').textContent()).toBe(sessionBefore);

    const before = await sarahSays.count();
    await input.fill('Can we set up a call with your team?');
    await chat.getByRole('button', { name: 'Send', exact: true }).click();
    await sarahSays.nth(before).waitFor({ timeout: 15_000 });
    const reply = await sarahSays.nth(before).innerText();
    expect(reply).not.toMatch(/how many people|how many documents|CRM like/i);
    expect(reply).toMatch(/\d:\d\d/);
  }, 90_000);
});
