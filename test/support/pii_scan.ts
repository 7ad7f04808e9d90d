import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import { redactPersonalData } from '../../src/privacy/redact.js';
import type { Database } from '../../src/store/index.js';

/**
 * After-the-fact check that no card number or phone number was stored in clear: every table, every
 * text value of an app's database, read just before the app closes (see testApp()). It uses the
 * product's own detectors (redactPersonalData), so it flags exactly what redaction would have
 * masked; what it finds is reported by table, column and kind, never by value.
 */

export type PiiKind = 'card' | 'phone';

export interface PiiFinding {
  table: string;
  column: string;
  kind: PiiKind;
  /** How many rows of that column hold one. */
  rows: number;
}

export interface PiiScanResult {
  /** 1, or 0 when the database is not SQLite (not scanned). */
  databases: number;
  tables: number;
  rows: number;
  values: number;
  findings: PiiFinding[];
}

export const PII_SCAN_SUMMARY = resolve(import.meta.dirname, '../../test-results/pii-scan.jsonl');
let summaryFile = PII_SCAN_SUMMARY;

/** Where closes in this test file record their scans; the scan's own test plants data elsewhere. */
export function setPiiScanSummaryFile(file: string): string {
  const previous = summaryFile;
  summaryFile = file;
  return previous;
}

const KINDS: readonly PiiKind[] = ['card', 'phone'];

/**
 * Shapes of identifiers the code itself makes, set aside before detection. The phone pattern needs
 * no word boundary before it and counts digits across groups, so random digits inside an id can
 * read as a phone number ("…a1-2345-6789-…", a hex digest ending in seven digits) or pass Luhn.
 * - UUID: every id the store holds (id, session_id, rep_id, lease tokens, request ids; randomUUID,
 *   see src/store/tables.ts) and the ids inside its JSON; exactly 8-4-4-4-12 hex.
 * - Hex digest: 32+ hex characters with at least one letter, e.g. analytics' pseudonymous user and
 *   device ids (src/services/analytics/pseudonym.ts).
 * No card number (13-19 digits) or phone number has either shape, so nothing a person typed is hidden.
 */
const GENERATED_IDS = [
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
  /\b(?=[0-9a-f]*[a-f])[0-9a-f]{32,}\b/gi,
];

/**
 * The kinds redaction would mask in a stored value (a placeholder already there is not counted).
 * A JSON object or array (outbox payloads, session snapshots) is checked string by string: its
 * numbers are values the code computed (epoch-millisecond times, counts, durations), and a 13-digit
 * time reads as a phone number, or now and then as a Luhn-valid card; what a person says reaches
 * JSON only as a string.
 */
export function piiKindsIn(value: string): PiiKind[] {
  const found = new Set<PiiKind>();
  for (const text of textsIn(value)) for (const kind of kindsInText(text)) found.add(kind);
  return KINDS.filter((kind) => found.has(kind));
}

function kindsInText(value: string): PiiKind[] {
  const text = GENERATED_IDS.reduce((t, id) => t.replace(id, '[id]'), value);
  const redacted = redactPersonalData(text);
  if (redacted === text) return [];
  return KINDS.filter((kind) => count(redacted, `[${kind}]`) > count(text, `[${kind}]`));
}

/** The value itself, or every key and string inside it when it is a JSON object or array. */
function textsIn(value: string): string[] {
  const trimmed = value.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return [value];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [value];
  }
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') texts.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object')
      for (const [key, child] of Object.entries(node)) {
        texts.push(key);
        walk(child);
      }
  };
  walk(parsed);
  return texts;
}

function count(text: string, token: string): number {
  return text.split(token).length - 1;
}

/** Reads every row of every table and checks each string value. SQLite only (what testApp() opens). */
export async function scanDatabase(database: Database): Promise<PiiScanResult> {
  const result: PiiScanResult = { databases: 0, tables: 0, rows: 0, values: 0, findings: [] };
  if (database.dialect !== 'sqlite') return result;
  const { db } = database;
  result.databases = 1;
  const tables = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name
  `.execute(db);
  const found = new Map<string, PiiFinding>();
  for (const { name: table } of tables.rows) {
    result.tables++;
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    for (const row of rows.rows) {
      result.rows++;
      for (const [column, value] of Object.entries(row)) {
        if (typeof value !== 'string') continue;
        result.values++;
        for (const kind of piiKindsIn(value)) {
          const key = `${table}.${column}.${kind}`;
          const finding = found.get(key) ?? { table, column, kind, rows: 0 };
          finding.rows++;
          found.set(key, finding);
        }
      }
    }
  }
  result.findings = [...found.values()];
  return result;
}

export class PiiInCleartextError extends Error {
  constructor(readonly findings: PiiFinding[]) {
    super(
      'personal data stored in clear: ' +
        findings.map((f) => `${f.table}.${f.column} holds a ${f.kind} number (${f.rows} row(s))`).join('; '),
    );
    this.name = 'PiiInCleartextError';
  }
}

/** The running test's name and file; nothing when a benchmark uses the test helpers outside vitest. */
function testState(): { testPath?: string; currentTestName?: string } {
  try {
    const { testPath, currentTestName } = expect.getState();
    return { testPath, currentTestName };
  } catch {
    return {};
  }
}

/** One JSON line per scanned database, so a whole run can be totalled afterwards. */
export function recordScan(result: PiiScanResult, file = summaryFile): void {
  const state = testState();
  const line = {
    at: new Date().toISOString(),
    file: state.testPath ? relative(resolve(import.meta.dirname, '../..'), state.testPath) : undefined,
    test: state.currentTestName,
    databases: result.databases,
    rows: result.rows,
    values: result.values,
    findings: result.findings.length,
    found: result.findings,
  };
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, JSON.stringify(line) + '\n');
}

/**
 * Makes `app.close()` scan the database first (once), then close as before, then fail with
 * PiiInCleartextError if anything was found, so the hook or test that closed the app fails.
 */
export function scanBeforeClose(app: App): App {
  const close = app.close.bind(app);
  let scanned = false;
  app.close = async () => {
    let result: PiiScanResult | undefined;
    try {
      if (!scanned) {
        scanned = true;
        result = await scanDatabase(app.store.database);
        recordScan(result);
      }
    } finally {
      await close();
    }
    if (result && result.findings.length > 0) throw new PiiInCleartextError(result.findings);
  };
  return app;
}
