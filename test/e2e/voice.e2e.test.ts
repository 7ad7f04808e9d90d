import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTO_ALLOW_MEDIA_ARGS,
  FAKE_MICROPHONE_ARGS,
  axeViolations,
  ensureWebBuilt,
  launchBrowserWith,
  startServer,
  type RunningServer,
} from './helpers.js';

const COMING_SOON = 'Voice is coming soon; chat with Sarah here.';
const CONNECTION_FAILED = "We couldn't connect the voice call, so let's chat here instead.";
const MICROPHONE_REFUSED = "Sarah can't hear you without microphone access, so let's chat here instead.";
const MICROPHONE_EXPLANATION = 'Sarah needs your microphone to hear you';
const QUESTION = 'How do I add a pricing table to my template?';
const LIVEKIT_CHUNK = /\/assets\/livekit-client[^/]*\.js$/;
const TRANSCRIPT_EMPTY = 'What you and Sarah say will show up here as you talk.';

/** Voice configured, but pointing at a closed port: the token is real, the connection can't be. */
const UNREACHABLE_LIVEKIT = {
  LIVEKIT_URL: 'ws://127.0.0.1:9',
  LIVEKIT_API_KEY: 'e2e-key',
  LIVEKIT_API_SECRET: 'e2e-secret-that-is-long-enough-for-hs256-signing',
};

interface Session {
  context: BrowserContext;
  page: Page;
  /** Every URL the page requested, in order. */
  requests: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
}

/**
 * A fresh browser whose page records its requests and, before any page script runs, notes what
 * the voice status said at the moment the microphone was requested.
 */
async function openBrowser(dir: string, args: string[]): Promise<Session> {
  const context = await launchBrowserWith(dir, { args });
  const page = context.pages()[0] ?? (await context.newPage());
  const requests: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.addInitScript(() => {
    const devices = navigator.mediaDevices as MediaDevices | undefined;
    if (!devices) return;
    const original = devices.getUserMedia.bind(devices);
    devices.getUserMedia = (constraints) => {
      const status = document.querySelector('[data-testid="voice-status"]');
      (window as unknown as { micPromptText?: string }).micPromptText = status?.textContent ?? '';
      return original(constraints);
    };
  });
  return { context, page, requests, pageErrors };
}

async function clickTalk(page: Page, server: RunningServer): Promise<void> {
  await page.goto(server.url, { waitUntil: 'networkidle' });
  await page.getByRole('button', { name: 'Talk to Sarah', exact: true }).click();
}

/** The text chat is open, says why in a polite status line, and a real turn works. */
async function expectTextFallback(page: Page, sentence: string): Promise<void> {
  const chat = page.getByRole('region', { name: 'Chat with Sarah' });
  await chat.waitFor({ timeout: 20_000 });
  await chat.getByRole('status').filter({ hasText: sentence }).waitFor({ timeout: 20_000 });
  expect(await page.getByRole('region', { name: 'Voice call with Sarah' }).count()).toBe(0);

  const log = chat.getByRole('log');
  const sarahSays = log.getByRole('listitem').filter({ has: page.getByText('Sarah', { exact: true }) });
  await sarahSays.first().waitFor({ timeout: 15_000 });
  await chat.getByText(/Session ID: \S+/).waitFor({ timeout: 10_000 });
  const input = chat.getByRole('textbox', { name: 'Message' });
  expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
  await input.fill(QUESTION);
  await chat.getByRole('button', { name: 'Send', exact: true }).click();
  await sarahSays.nth(1).waitFor({ timeout: 15_000 });
  expect(await sarahSays.nth(1).innerText()).toMatch(/pricing table/i);
  // The Beta badge stays on the button and in the panel.
  expect(await page.getByText('Beta', { exact: true }).count()).toBeGreaterThanOrEqual(2);
}

describe('voice, end to end', () => {
  let tmpDir: string;
  let plainServer: RunningServer | undefined;
  let voiceServer: RunningServer | undefined;
  const sessions: Session[] = [];

  const browser = async (name: string, args: string[]): Promise<Session> => {
    const session = await openBrowser(path.join(tmpDir, name), args);
    sessions.push(session);
    return session;
  };

  beforeAll(async () => {
    ensureWebBuilt();
    tmpDir = await mkdtemp(path.join(os.tmpdir(), 'sarah-voice-e2e-'));
    [plainServer, voiceServer] = await Promise.all([
      startServer({ sqlitePath: path.join(tmpDir, 'plain.db') }),
      startServer({ sqlitePath: path.join(tmpDir, 'voice.db'), env: UNREACHABLE_LIVEKIT }),
    ]);
  }, 120_000);

  afterAll(async () => {
    for (const session of sessions) await session.context.close().catch(() => undefined);
    await Promise.all([plainServer?.stop(), voiceServer?.stop()]);
    if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
  }, 30_000);

  it('says voice is coming soon and continues in the text chat', async ({ onTestFailed }) => {
    onTestFailed(() => console.log(`--- server output ---\n${plainServer?.output() ?? ''}`));
    const { page, requests, pageErrors } = await browser('plain', []);
    await page.goto(plainServer!.url, { waitUntil: 'networkidle' });
    // From the keyboard this time: focus the button and press Enter.
    const answer = page.waitForResponse((response) => response.url().endsWith('/api/voice/session'));
    await page.getByRole('button', { name: 'Talk to Sarah', exact: true }).focus();
    await page.keyboard.press('Enter');
    expect((await answer).status()).toBe(503);

    await expectTextFallback(page, COMING_SOON);
    expect(requests.filter((url) => LIVEKIT_CHUNK.test(url))).toEqual([]);
    expect(await axeViolations(page), 'axe violations with the coming-soon line').toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('loads the SDK only on click, explains the failed connection and opens the chat', async ({
    onTestFailed,
  }) => {
    onTestFailed(() => console.log(`--- server output ---\n${voiceServer?.output() ?? ''}`));
    const { page, requests, pageErrors } = await browser('unreachable', [
      ...FAKE_MICROPHONE_ARGS,
      ...AUTO_ALLOW_MEDIA_ARGS,
    ]);
    await page.goto(voiceServer!.url, { waitUntil: 'networkidle' });
    const beforeClick = requests.length;
    expect(
      requests.filter((url) => LIVEKIT_CHUNK.test(url)),
      'livekit-client before the click',
    ).toEqual([]);

    const answer = page.waitForResponse((response) => response.url().endsWith('/api/voice/session'));
    await page.getByRole('button', { name: 'Talk to Sarah', exact: true }).click();
    const response = await answer;
    expect(response.status()).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ url: UNREACHABLE_LIVEKIT.LIVEKIT_URL, token: expect.any(String) });

    await expectTextFallback(page, CONNECTION_FAILED);
    // The chat continues the call's session: the page shows the same session ID.
    await page.getByText(body.sessionId as string, { exact: true }).waitFor({ timeout: 10_000 });
    const afterClick = requests.slice(beforeClick);

    expect(
      afterClick.filter((url) => LIVEKIT_CHUNK.test(url)),
      'livekit-client after the click',
    ).toHaveLength(1);
    // The explanation was on screen when the microphone was requested.
    const promptText = await page.evaluate(
      () => (window as unknown as { micPromptText?: string }).micPromptText,
    );
    expect(promptText).toContain(MICROPHONE_EXPLANATION);
    expect(await axeViolations(page), 'axe violations after the voice fallback').toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  // No LiveKit server can run here, so no transcription stream ever arrives: this checks the
  // transcript's place in the call (empty, labelled, a polite live log, reachable by keyboard) and
  // that the panel is axe clean mid-call. The folding of real streams is unit-tested.
  it('shows an empty, accessible live transcript while the call starts, and ends from the keyboard', async ({
    onTestFailed,
  }) => {
    onTestFailed(() => console.log(`--- server output ---\n${voiceServer?.output() ?? ''}`));
    const { page, pageErrors } = await browser('transcript', [
      ...FAKE_MICROPHONE_ARGS,
      ...AUTO_ALLOW_MEDIA_ARGS,
    ]);
    // Holds the microphone request until the test lets it go, so the call stays in progress.
    await page.addInitScript(() => {
      const devices = navigator.mediaDevices as MediaDevices | undefined;
      if (!devices) return;
      const original = devices.getUserMedia.bind(devices);
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      (window as unknown as { releaseMicrophone?: () => void }).releaseMicrophone = release;
      devices.getUserMedia = async (constraints) => {
        await released;
        return original(constraints);
      };
    });
    await clickTalk(page, voiceServer!);

    const call = page.getByRole('region', { name: 'Voice call with Sarah' });
    await call.getByRole('status').filter({ hasText: 'Waiting for microphone permission' }).waitFor();
    const transcript = call.getByRole('log', { name: 'Call transcript' });
    await transcript.waitFor();
    expect(await transcript.getAttribute('aria-live')).toBe('polite');
    expect(await transcript.getByRole('listitem').count()).toBe(0);
    expect(await transcript.innerText()).toBe(TRANSCRIPT_EMPTY);
    expect(await axeViolations(page), 'axe violations during a call').toEqual([]);

    // Keyboard: the transcript takes focus (to scroll it), then Tab reaches End (Mute waits for
    // the microphone), and Enter ends the call and puts focus back on the Talk button.
    await transcript.focus();
    await page.keyboard.press('Tab');
    const endButton = call.getByRole('button', { name: 'End call', exact: true });
    expect(await endButton.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await call.waitFor({ state: 'detached' });
    const talk = page.getByRole('button', { name: 'Talk to Sarah', exact: true });
    expect(await talk.evaluate((el) => el === document.activeElement)).toBe(true);

    // The microphone answer arriving after the call ended changes nothing.
    await page.evaluate(() =>
      (window as unknown as { releaseMicrophone?: () => void }).releaseMicrophone?.(),
    );
    await page.waitForTimeout(500);
    expect(await call.count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Chat with Sarah' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('explains a refused microphone and opens the chat', async ({ onTestFailed }) => {
    onTestFailed(() => console.log(`--- server output ---\n${voiceServer?.output() ?? ''}`));
    // A fake device but no auto-accept, and no permissions granted: the browser refuses.
    const { page, pageErrors } = await browser('refused', FAKE_MICROPHONE_ARGS);
    await clickTalk(page, voiceServer!);

    await expectTextFallback(page, MICROPHONE_REFUSED);
    const promptText = await page.evaluate(
      () => (window as unknown as { micPromptText?: string }).micPromptText,
    );
    expect(promptText).toContain(MICROPHONE_EXPLANATION);
    expect(await axeViolations(page), 'axe violations after a refused microphone').toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
