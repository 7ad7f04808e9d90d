import { isDeepStrictEqual } from 'node:util';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A conversation scenario in the shared format (see ../shared/scenarios/examples.json).
 * The optional `category`, `tz`, `now`, `tools_not_called` and `last_agent_matches` extend it;
 * files without them behave exactly as before.
 */
export interface Scenario {
  name: string;
  /** Groups scenarios in the report, e.g. "booking". */
  category?: string;
  /** The user's browser zone (`--tz`); defaults to America/New_York. */
  tz?: string;
  /** The fixed clock (`--now`, ISO-8601); defaults to 2026-11-25T15:00:00Z. */
  now?: string;
  turns: string[];
  expect: {
    /** Regexes (case-insensitive) the greeting must match. */
    first_agent_matches?: string[];
    tools_called?: string[];
    tools_not_called?: string[];
    /** Each regex must match at least one reply after the greeting. */
    agent_says?: string[];
    /** No agent message, greeting included, may match any of these. */
    agent_never_says?: string[];
    /** Each regex must match the final agent message. */
    last_agent_matches?: string[];
    max_agent_words?: number;
    /** Dotted paths into the end event: a value, or "present" / "absent". */
    end?: Record<string, unknown>;
  };
}

export const DEFAULT_NOW = '2026-11-25T15:00:00Z';
export const DEFAULT_TZ = 'America/New_York';

export type ConsoleEvent =
  | { type: 'agent'; text: string }
  | { type: 'tool'; name: string; args: unknown; output: unknown; error: boolean }
  | { type: 'state'; from: string; to: string }
  | {
      type: 'end';
      reason: string;
      qualification: Record<string, unknown>;
      booking: unknown;
      handoff: boolean;
    };

/** The shared scenarios when `../shared` sits beside the repo, else the copy kept in the repo. */
export function scenarioFile(): string {
  const shared = path.resolve('../shared/scenarios/examples.json');
  return (
    process.env.SCENARIOS_FILE ?? (existsSync(shared) ? shared : path.resolve('test/scenarios/examples.json'))
  );
}

export function loadScenarios(file = scenarioFile()): Scenario[] {
  return JSON.parse(readFileSync(file, 'utf8')) as Scenario[];
}

/** Runs one scenario through the real console door, exactly as QA scripts do. */
export function runConsole(turns: string[], flags: string[] = []): Promise<ConsoleEvent[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'chat', '--jsonl', ...flags], {
      env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`chat exited with ${code}: ${stderr.slice(-2000)}`));
      try {
        resolve(
          stdout
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as ConsoleEvent),
        );
      } catch (error) {
        reject(new Error(`stdout was not JSON lines: ${String(error)}\n${stdout.slice(0, 2000)}`));
      }
    });
    child.stdin.end(turns.map((t) => `${t}\n`).join(''));
  });
}

function get(object: unknown, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], object);
}

/** Every expectation the scenario states, checked; returns the failures (empty when it passes). */
export function checkScenario(scenario: Scenario, events: ConsoleEvent[]): string[] {
  const failures: string[] = [];
  const agent = events
    .filter((e): e is Extract<ConsoleEvent, { type: 'agent' }> => e.type === 'agent')
    .map((e) => e.text);
  const replies = agent.slice(1);
  const tools = events.filter((e) => e.type === 'tool').map((e) => e.name);
  const end = events.find((e) => e.type === 'end');
  const { expect } = scenario;

  for (const pattern of expect.first_agent_matches ?? []) {
    if (!new RegExp(pattern, 'i').test(agent[0] ?? '')) failures.push(`greeting does not match /${pattern}/`);
  }
  for (const name of expect.tools_called ?? []) {
    if (!tools.includes(name))
      failures.push(`tool ${name} was not called (called: ${tools.join(', ') || 'none'})`);
  }
  for (const name of expect.tools_not_called ?? []) {
    if (tools.includes(name)) failures.push(`tool ${name} was called but must not be`);
  }
  for (const pattern of expect.agent_says ?? []) {
    if (!replies.some((t) => new RegExp(pattern, 'i').test(t)))
      failures.push(`no reply matches /${pattern}/`);
  }
  for (const pattern of expect.agent_never_says ?? []) {
    const hit = agent.find((t) => new RegExp(pattern, 'i').test(t));
    if (hit) failures.push(`a reply matches forbidden /${pattern}/: "${hit}"`);
  }
  const last = agent[agent.length - 1] ?? '';
  for (const pattern of expect.last_agent_matches ?? []) {
    if (!new RegExp(pattern, 'i').test(last))
      failures.push(`last reply does not match /${pattern}/: "${last}"`);
  }
  if (expect.max_agent_words !== undefined) {
    for (const text of replies) {
      const words = text.split(/\s+/).filter(Boolean).length;
      if (words > expect.max_agent_words)
        failures.push(`a reply has ${words} words (max ${expect.max_agent_words})`);
    }
  }
  if (expect.end) {
    if (!end) failures.push('no end event');
    for (const [key, expected] of Object.entries(expect.end)) {
      const actual = get(end, key);
      // Lists and objects compare by content ("integrations": [] is an empty list, not one instance).
      const same = isDeepStrictEqual(actual, expected);
      if (expected === 'present' ? actual == null : expected === 'absent' ? actual != null : !same) {
        failures.push(`end.${key} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
      }
    }
  }
  return failures;
}

export const SCENARIO_FLAGS = ['--now', DEFAULT_NOW, '--tz', DEFAULT_TZ];

/** The console flags for one scenario: its own clock and zone, or the defaults. */
export function scenarioFlags(scenario: Pick<Scenario, 'now' | 'tz'>): string[] {
  return ['--now', scenario.now ?? DEFAULT_NOW, '--tz', scenario.tz ?? DEFAULT_TZ];
}
