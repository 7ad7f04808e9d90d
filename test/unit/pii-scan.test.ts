import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app.js';
import { FIXED_NOW, talk, testApp } from '../support/app.js';
import { PiiInCleartextError, piiKindsIn, scanDatabase, setPiiScanSummaryFile } from '../support/pii_scan.js';

const CARD = '4111 1111 1111 1111';
const PHONE = '+1 415 555 0134';
const AT = FIXED_NOW.toISOString();

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A session with a card number in its transcript and a phone number in its feedback, both unredacted. */
async function plant(target: App): Promise<void> {
  const { db } = target.store.database;
  const sessionId = randomUUID();
  await db
    .insertInto('sessions')
    .values({ id: sessionId, channel: 'web', started_at: AT, state: 'GREETING', user_time_zone: null })
    .execute();
  await db
    .insertInto('transcript_messages')
    .values({
      id: randomUUID(),
      session_id: sessionId,
      seq: 1,
      role: 'user',
      text: `my card is ${CARD}`,
      at: AT,
    })
    .execute();
  await db
    .insertInto('feedback')
    .values({
      id: randomUUID(),
      session_id: sessionId,
      score: 9,
      comment: `call me on ${PHONE}`,
      created_at: AT,
    })
    .execute();
}

describe('the whole-database scan for card and phone numbers in clear', () => {
  it('uses the redaction detectors: Luhn-valid cards and phone numbers, not dates, counts or ids', () => {
    expect(piiKindsIn(`my card is ${CARD}`)).toEqual(['card']);
    expect(piiKindsIn('card 4111-1111-1111-1111')).toEqual(['card']);
    expect(piiKindsIn(`phone ${PHONE}`)).toEqual(['phone']);
    expect(piiKindsIn('already redacted: [card] and [phone]')).toEqual([]);
    expect(piiKindsIn('2026-11-25T15:00:00.000Z')).toEqual([]);
    // Ids are UUIDs; digit-heavy ones look like a phone (or a card) to the free-text patterns.
    expect(piiKindsIn('a1234567-1234-4123-8123-123456789abc')).toEqual([]);
    expect(piiKindsIn('{"sessionId":"41111111-1111-4111-9111-111111111111"}')).toEqual([]);
    expect(piiKindsIn(`41111111-1111-4111-9111-111111111111 ${PHONE}`)).toEqual(['phone']);
    // Analytics' pseudonymous ids are hex digests; this one ends in seven digits.
    expect(piiKindsIn('9f86d081884c7d659a2feaa0c55a1234567')).toEqual([]);
  });

  it('reads JSON by its strings: computed numbers such as epoch times are not what a person typed', () => {
    // 1764082800000 (13 digits) reads as a phone; 4222222222222 passes Luhn.
    expect(piiKindsIn('{"time":1764082800000,"n":4222222222222}')).toEqual([]);
    expect(piiKindsIn(`{"event":{"text":"call me on ${PHONE}"}}`)).toEqual(['phone']);
    expect(piiKindsIn(`[{"said":["my card is ${CARD}"]}]`)).toEqual(['card']);
    expect(piiKindsIn(`{"broken json ${PHONE}`)).toEqual(['phone']);
    expect(piiKindsIn('1764082800000')).toEqual(['phone']);
    expect(piiKindsIn('We have 25 reps and send about 1,000 documents a month')).toEqual([]);
  });

  it('finds a planted card number and phone number and fails the close without printing them', async () => {
    const planted = await testApp();
    const summary = mkdtempSync(join(tmpdir(), 'pii-scan-'));
    // Recorded elsewhere, so the suite's summary counts only what the product itself stored.
    const previous = setPiiScanSummaryFile(join(summary, 'pii-scan.jsonl'));
    try {
      await plant(planted);

      const result = await scanDatabase(planted.store.database);
      expect(result.findings).toEqual(
        expect.arrayContaining([
          { table: 'transcript_messages', column: 'text', kind: 'card', rows: 1 },
          { table: 'feedback', column: 'comment', kind: 'phone', rows: 1 },
        ]),
      );
      expect(result.findings).toHaveLength(2);

      const closing = planted.close();
      await expect(closing).rejects.toBeInstanceOf(PiiInCleartextError);
      const message = await closing.then(
        () => '',
        (error: Error) => error.message,
      );
      expect(message).toContain('transcript_messages.text holds a card number');
      expect(message).toContain('feedback.comment holds a phone number');

      const lines = readFileSync(join(summary, 'pii-scan.jsonl'), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ databases: 1, findings: 2 });
      for (const text of [message, ...lines]) {
        expect(text).not.toContain('4111');
        expect(text).not.toContain('0134');
      }
      // The app is closed all the same: a second close neither scans nor fails.
      await expect(planted.close()).resolves.toBeUndefined();
    } finally {
      setPiiScanSummaryFile(previous);
      rmSync(summary, { recursive: true, force: true });
    }
  });

  it('finds nothing after a conversation in which the trialist gives a card and a phone number', async () => {
    app = await testApp();
    const t = await talk(app);
    await t.say('yes');
    await t.say(`my card is ${CARD} and my phone is ${PHONE}`);
    await t.conversation.end('test');

    const { db } = app.store.database;
    // The message did reach the store (redacted), so the scan had it to read.
    await vi.waitFor(async () => {
      const texts = await db.selectFrom('transcript_messages').select('text').execute();
      expect(texts.map((row) => row.text)).toContainEqual(expect.stringMatching(/\[card\].*\[phone\]/));
    });

    const result = await scanDatabase(app.store.database);
    expect(result.rows).toBeGreaterThan(0);
    expect(result.findings).toEqual([]);
  });
});
