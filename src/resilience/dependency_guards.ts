import { DependencyGuard, type GuardOptions } from './guard.js';

export interface DependencyGuards {
  knowledge: DependencyGuard;
  calendar: DependencyGuard;
  email: DependencyGuard;
}

/**
 * Every turn is answered within 2 s whatever an outside part does, so each call (retries
 * included) ends by its deadline, and one attempt gets most of it. Email only queues a row in the
 * store's outbox (the SMTP send happens later), so it is local and quick.
 */
const TIMING_MS: Record<keyof DependencyGuards, { attempt: number; deadline: number }> = {
  // Room inside for the Unleash call's own 1.2 s deadline and then the shipped corpus (app.ts).
  knowledge: { attempt: 1700, deadline: 1850 },
  calendar: { attempt: 1500, deadline: 1900 },
  email: { attempt: 1500, deadline: 1800 },
};

/**
 * One guard per outside part for the whole app (every conversation shares it), whichever implementation (embedded or
 * production) sits behind it. `overrides` tunes every guard at once (tests shorten the timings).
 */
export function createDependencyGuards(
  overrides: Omit<Partial<GuardOptions>, 'dependency'> = {},
): DependencyGuards {
  const guard = (dependency: keyof DependencyGuards) =>
    new DependencyGuard({
      ...overrides,
      dependency,
      attemptTimeoutMs: overrides.attemptTimeoutMs ?? TIMING_MS[dependency].attempt,
      callDeadlineMs: overrides.callDeadlineMs ?? TIMING_MS[dependency].deadline,
    });
  return { knowledge: guard('knowledge'), calendar: guard('calendar'), email: guard('email') };
}
