import { describe, expect, it } from 'vitest';
import { eventIdFor } from '../../src/services/calendar/google_ids.js';
import { CONTROL_EVENTS_PATH } from '../fakes/google_calendar.js';
import { SCENARIO_FLAGS, checkScenario, loadScenarios, runConsole } from '../../scripts/scenarios.js';

/**
 * Against the Google fake every console process shares, a call booked by one scenario would take
 * the slot the next one asks for; each scenario starts from free calendars, as in embedded mode.
 */
async function takeBackBooking(end: unknown): Promise<void> {
  const bookingId = (end as { booking?: { bookingId?: string } } | undefined)?.booking?.bookingId;
  const root = process.env.GOOGLE_CALENDAR_ROOT_URL;
  if (process.env.SARAH_TEST_PARTS !== 'fakes' || !root || !bookingId) return;
  await fetch(new URL(`${CONTROL_EVENTS_PATH}${eventIdFor(bookingId)}`, root), { method: 'DELETE' });
}

// Each scenario runs the real `chat --jsonl` door in a child process, as QA scripts do.
describe('shared conversation scenarios through the console', () => {
  const scenarios = loadScenarios();

  it('has scenarios to run', () => {
    expect(scenarios.length).toBeGreaterThan(0);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s',
    async (_name, scenario) => {
      const events = await runConsole(scenario.turns, SCENARIO_FLAGS);
      await takeBackBooking(events.at(-1));
      expect(events[0]).toMatchObject({ type: 'agent' });
      expect(events.at(-1)).toMatchObject({ type: 'end' });
      // The transcript goes with a failure, so a red run says what Sarah did.
      const transcript = events.map((e) => JSON.stringify(e).slice(0, 400)).join('\n');
      expect(checkScenario(scenario, events), transcript).toEqual([]);
    },
    60_000,
  );

  it('the checker itself fails a transcript that breaks the expectations', () => {
    const failures = checkScenario(
      {
        name: 'x',
        turns: [],
        expect: {
          tools_called: ['book_meeting'],
          end: { booking: 'present', handoff: true },
          max_agent_words: 3,
        },
      },
      [
        { type: 'agent', text: 'hello' },
        { type: 'agent', text: 'one two three four' },
        { type: 'end', reason: 'input_closed', qualification: {}, booking: null, handoff: false },
      ],
    );
    expect(failures).toHaveLength(4);
  });

  it('compares lists in the end event by content, and still fails a different list', () => {
    const end = (integrations: string[]) => [
      {
        type: 'end' as const,
        reason: 'input_closed',
        qualification: { integrations },
        booking: null,
        handoff: false,
      },
    ];
    const scenario = { name: 'x', turns: [], expect: { end: { 'qualification.integrations': [] } } };
    expect(checkScenario(scenario, end([]))).toEqual([]);
    expect(checkScenario(scenario, end(['hubspot']))).toHaveLength(1);
  });
});

describe('console flags', () => {
  it('rejects a bad --tz with a clear message and exit code 64', async () => {
    await expect(runConsole([], ['--tz', 'Mars/Olympus'])).rejects.toThrow(
      /exited with 64.*--tz: expected an IANA time zone/s,
    );
  });
});

describe('voice worker command', () => {
  it('explains which LiveKit settings are missing instead of starting', async () => {
    const { spawnSync } = await import('node:child_process');
    const env = { ...process.env, LIVEKIT_URL: '', LIVEKIT_API_KEY: '', LIVEKIT_API_SECRET: '' };
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'agent', 'start'], {
      env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET/);
  });

  it('stops start-up on a bad setting, naming the variable', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start'], {
      env: { ...process.env, PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/PORT: expected a whole number/);
  });
});
