import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store, openDatabase } from '../../src/store/index.js';
import {
  axeViolations,
  ensureWebBuilt,
  launchBrowser,
  startServer,
  waitForValue,
  type RunningServer,
} from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const QUESTION = 'How do I add a pricing table to my template?';
const COMMENT = 'Clear answer about pricing tables, thanks!';
// Not the server's default (America/New_York), so the stored zone proves the page sent it.
const TIME_ZONE = 'Europe/Paris';

/**
 * The whole web journey against the real server (child process, embedded parts, a fresh SQLite
 * file) in a real headless Chromium: landing page, beta disclosure, a chat turn, the NPS survey,
 * and the feedback row in the database.
 */
describe('web chat, end to end', () => {
  let tmpDir: string;
  let sqlitePath: string;
  let server: RunningServer | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const timings: Array<[string, number]> = [];
  let last = performance.now();
  const lap = (label: string) => {
    const now = performance.now();
    timings.push([label, Math.round(now - last)]);
    last = now;
  };

  beforeAll(async () => {
    ensureWebBuilt();
    lap('web build check');
    tmpDir = await mkdtemp(path.join(os.tmpdir(), 'sarah-e2e-'));
    sqlitePath = path.join(tmpDir, 'sarah.db');
    server = await startServer({ sqlitePath });
    lap('server ready');
    context = await launchBrowser(path.join(tmpDir, 'profile'), { timezoneId: TIME_ZONE });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // Without LiveKit settings the voice endpoint answers 503 by design (the page then says voice
      // is coming soon); Chromium logs every non-2xx response, which is not a page error.
      const voiceNotConfigured =
        message.location().url.endsWith('/api/voice/session') && message.text().includes('503');
      if (message.type() === 'error' && !voiceNotConfigured)
        pageErrors.push(`console.error: ${message.text()}`);
    });
    lap('browser launched');
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await server?.stop();
    if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
    if (timings.length > 0) {
      console.log(
        `e2e timings (ms):\n${timings.map(([label, ms]) => `  ${label.padEnd(28)} ${ms}`).join('\n')}`,
      );
    }
  }, 30_000);

  it('answers health and readiness probes', async () => {
    const base = server!.url;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      store: 'sqlite',
      dependencies: {
        knowledge: { breaker: 'closed' },
        calendar: { breaker: 'closed' },
        email: { breaker: 'closed' },
      },
    });
  });

  it('chats with Sarah, ends the conversation and stores the NPS feedback', async ({ onTestFailed }) => {
    onTestFailed(() => console.log(`--- server output ---\n${server?.output() ?? ''}`));
    last = performance.now();
    await page.goto(server!.url, { waitUntil: 'networkidle' });
    const talkButton = page.getByRole('button', { name: 'Talk to Sarah', exact: true });
    await talkButton.waitFor();
    expect(await page.title()).toMatch(/beta/i);
    lap('page loaded');

    // 1. The landing page is accessible.
    expect(await axeViolations(page), 'axe violations on the landing page').toEqual([]);
    lap('axe (landing)');

    // 2. The button shows its "Beta" badge, and its tooltip explains it on hover and on focus.
    await page.getByText('Beta', { exact: true }).first().waitFor();
    const tooltipId = await talkButton.getAttribute('aria-describedby');
    expect(tooltipId).toBeTruthy();
    const tooltip = page.locator(`[role="tooltip"][id="${tooltipId}"]`);
    expect(await tooltip.isVisible()).toBe(false);

    await talkButton.hover();
    await tooltip.waitFor({ state: 'visible', timeout: 5_000 });
    const tooltipText = (await tooltip.textContent()) ?? '';
    expect(tooltipText).toMatch(/beta/i);
    expect(tooltipText).toMatch(/\bAI\b/);

    await page.mouse.move(0, 0);
    await tooltip.waitFor({ state: 'hidden', timeout: 5_000 });
    await talkButton.focus();
    await tooltip.waitFor({ state: 'visible', timeout: 5_000 });
    // WCAG 1.4.13: Escape dismisses it without moving focus.
    await page.keyboard.press('Escape');
    await tooltip.waitFor({ state: 'hidden', timeout: 5_000 });
    expect(await talkButton.evaluate((el) => el === document.activeElement)).toBe(true);
    lap('tooltip');

    // 3. Sarah greets first and says she is an AI in beta.
    await talkButton.click();
    const chat = page.getByRole('region', { name: 'Chat with Sarah' });
    await chat.waitFor();
    const log = chat.getByRole('log');
    const sarahSays = log.getByRole('listitem').filter({ has: page.getByText('Sarah', { exact: true }) });
    await sarahSays.first().waitFor({ timeout: 15_000 });
    const greeting = (await sarahSays.first().innerText()).replace(/^Sarah\s*/, '');
    expect(greeting).toMatch(/\bAI\b/);
    expect(greeting).toMatch(/beta/i);
    lap('greeting');

    // 4. The session ID is on screen, for quoting in bug reports.
    const sessionText = await waitForValue(
      async () => (await chat.getByTestId('session-id').textContent()) ?? '',
      (text) => /Session ID: \S+/.test(text),
    );
    const sessionId = sessionText.replace(/^\s*Session ID:\s*/, '').trim();
    expect(sessionId).toMatch(UUID);

    // 5. One real turn: the message box has focus, and Sarah answers the question asked.
    const input = chat.getByRole('textbox', { name: 'Message' });
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
    // 6. The box stops at the server's limit (WS_MAX_MESSAGE_CHARS defaults to 1000).
    expect(await input.getAttribute('maxlength')).toBe('1000');

    const send = chat.getByRole('button', { name: 'Send', exact: true });
    await input.fill(QUESTION);
    await send.click();
    await log.getByRole('listitem').filter({ hasText: QUESTION }).waitFor({ timeout: 5_000 });
    expect(await input.inputValue()).toBe('');
    const answer = sarahSays.nth(1);
    await answer.waitFor({ timeout: 15_000 });
    expect(await answer.innerText()).toMatch(/pricing table/i);
    lap('question answered');

    // 7. Ending the conversation brings up the one-question survey.
    await chat.getByRole('button', { name: 'End conversation' }).click();
    const survey = chat.getByRole('group', { name: 'How likely are you to recommend Sarah to a colleague?' });
    await survey.waitFor({ timeout: 5_000 });
    expect(await input.count()).toBe(0);
    expect(await survey.getByRole('radio').count()).toBe(11);
    // The survey state is checked for accessibility before anything is chosen, too.
    expect(await axeViolations(page), 'axe violations on the survey').toEqual([]);
    lap('survey shown (+axe)');

    await survey.getByRole('radio', { name: '9', exact: true }).check();
    await chat.getByRole('textbox', { name: 'Anything we could do better? (optional)' }).fill(COMMENT);
    await chat.getByRole('button', { name: 'Submit feedback' }).click();
    await chat.getByRole('status').filter({ hasText: 'Thank you' }).waitFor({ timeout: 10_000 });
    // The ID stays visible after the conversation, matching what was stored.
    expect(await chat.getByTestId('session-id').textContent()).toContain(sessionId);
    lap('feedback submitted');

    // 8. The feedback really reached the server's SQLite file (read from this process while it runs).
    const database = await openDatabase({ sqlitePath });
    const store = new Store(database);
    try {
      const rows = await store.feedback.list(10);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ sessionId, score: 9, comment: COMMENT });
      // The conversation itself was recorded too, with the browser's time zone and how it ended.
      const session = await waitForValue(
        () => store.sessions.get(sessionId),
        (record) => record?.endedAt != null,
      );
      expect(session).toMatchObject({ channel: 'web', userTimeZone: TIME_ZONE, endReason: 'user_ended' });
    } finally {
      await store.close();
    }
    lap('feedback row checked');

    // 9. The thank-you state is accessible as well.
    expect(await axeViolations(page), 'axe violations after the survey').toEqual([]);
    lap('axe (thank you)');

    expect(pageErrors).toEqual([]);
  }, 90_000);
});
