import { TaskCancelledError } from 'cockatiel';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { metrics } from '../../src/observability/metrics.js';
import { DependencyUnavailableError, rethrowUnlessUnavailable } from '../../src/resilience/errors.js';
import { classifyFailure, retryAfterOf } from '../../src/resilience/failure.js';
import { DependencyGuard, type GuardOptions } from '../../src/resilience/guard.js';
import { guardCalendar, guardEmail, guardKnowledge } from '../../src/resilience/guarded_services.js';
import { RetryBudget } from '../../src/resilience/retry_budget.js';
import type { CalendarService } from '../../src/services/calendar/types.js';
import type { EmailSender } from '../../src/services/email/types.js';
import type { KnowledgeBase } from '../../src/services/knowledge/types.js';

let names = 0;
/** A guard with its own metric label, a fake clock and recorded waits instead of real ones. */
function testGuard(options: Partial<GuardOptions> = {}) {
  const clock = { now: 0 };
  const waits: number[] = [];
  const guard = new DependencyGuard({
    dependency: `dep${++names}`,
    attemptTimeoutMs: 1000,
    now: () => clock.now,
    sleep: async (ms) => {
      waits.push(ms);
      clock.now += ms;
    },
    ...options,
  });
  return { guard, clock, waits };
}

/** An action that fails `times` times with `error`, then answers 'ok'; counts its calls. */
function flaky(times: number, error: () => unknown = () => new Error('connection reset')) {
  const action = vi.fn(async () => {
    if (action.mock.calls.length <= times) throw error();
    return 'ok';
  });
  return action;
}

async function failureOf(promise: Promise<unknown>): Promise<DependencyUnavailableError> {
  try {
    await promise;
  } catch (error) {
    rethrowUnlessUnavailable(error);
    return error;
  }
  throw new Error('expected the call to fail');
}

async function gaugeOf(dependency: string): Promise<number | undefined> {
  const { values } = await metrics.dependencyBreakerState.get();
  return values.find((v) => v.labels.dependency === dependency)?.value;
}

afterEach(() => vi.restoreAllMocks());

describe('DependencyGuard: timeouts and retries', () => {
  it('times an attempt out, aborts its signal and gives up with a typed error', async () => {
    const { guard } = testGuard({ attemptTimeoutMs: 30, maxRetries: 0, sleep: undefined, now: undefined });
    let signal: AbortSignal | undefined;
    const started = performance.now();
    const error = await failureOf(
      guard.call((s) => {
        signal = s;
        return new Promise(() => undefined);
      }),
    );
    expect(performance.now() - started).toBeLessThan(500);
    expect(signal?.aborted).toBe(true);
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error.dependency).toBe(guard.dependency);
    expect(error.reason).toBe('retries_exhausted');
    expect(error.cause).toBeInstanceOf(TaskCancelledError);
  });

  it('retries at most twice, waiting a jittered, doubling backoff', async () => {
    for (const random of [0, 0.5, 0.999]) {
      vi.spyOn(Math, 'random').mockReturnValue(random);
      const { guard, waits } = testGuard({ retryRatio: 10, initialBackoffMs: 100 });
      const action = flaky(5);
      const error = await failureOf(guard.call(action));
      expect(error.reason).toBe('retries_exhausted');
      expect(action).toHaveBeenCalledTimes(3);
      expect(waits).toHaveLength(2);
      // Half jitter: the n-th wait is in [d/2, d) with d = 100 ms × 2^(n-1).
      expect(waits[0]).toBeGreaterThanOrEqual(50);
      expect(waits[0]).toBeLessThan(100);
      expect(waits[1]).toBeGreaterThanOrEqual(100);
      expect(waits[1]).toBeLessThan(200);
    }
  });

  it('answers with the first success and counts attempts and retries', async () => {
    const { guard } = testGuard({ retryRatio: 10 });
    const labels = { dependency: guard.dependency };
    expect(await guard.call(flaky(1))).toBe('ok');
    expect(
      (await metrics.dependencyAttempts.get()).values.find((v) => v.labels.dependency === labels.dependency)
        ?.value,
    ).toBe(2);
    expect(
      (await metrics.dependencyRetries.get()).values.find((v) => v.labels.dependency === labels.dependency)
        ?.value,
    ).toBe(1);
  });

  it('never retries a refusal: 4xx other than 408 and 429, or retryable: false', async () => {
    const refusals = [{ status: 400 }, { status: 404 }, { statusCode: 403 }, { response: { status: 422 } }];
    for (const shape of [...refusals, { retryable: false }]) {
      const { guard } = testGuard({ retryRatio: 10 });
      const action = flaky(5, () => Object.assign(new Error('no'), shape));
      expect((await failureOf(guard.call(action))).reason).toBe('not_retryable');
      expect(action).toHaveBeenCalledTimes(1);
    }
    for (const shape of [{ status: 408 }, { status: 429 }, { status: 503 }, {}]) {
      const { guard } = testGuard({ retryRatio: 10 });
      expect(await guard.call(flaky(1, () => Object.assign(new Error('busy'), shape)))).toBe('ok');
    }
  });

  it('does not let refusals open the breaker: the dependency is up and said no', async () => {
    const { guard } = testGuard({ breakerThreshold: 2 });
    for (let i = 0; i < 5; i++) await failureOf(guard.call(flaky(1, () => ({ status: 400 }))));
    expect(guard.breakerState).toBe('closed');
  });

  it('honours Retry-After when it fits the time left, and gives up when it does not', async () => {
    const tooLong = testGuard({ retryRatio: 10, attemptTimeoutMs: 1000 });
    const limited = flaky(1, () =>
      Object.assign(new Error('slow down'), { status: 429, headers: { 'retry-after': '30' } }),
    );
    expect((await failureOf(tooLong.guard.call(limited))).reason).toBe('out_of_time');
    expect(limited).toHaveBeenCalledTimes(1);

    const fits = testGuard({ retryRatio: 10, attemptTimeoutMs: 1000, callDeadlineMs: 5000 });
    const headers = new Headers({ 'retry-after': '2' });
    const briefly = flaky(1, () => ({ status: 429, response: { status: 429, headers } }));
    expect(await fits.guard.call(briefly)).toBe('ok');
    expect(fits.waits).toEqual([2000]);
  });

  it('lets a call ask for fewer retries (a write the dependency cannot deduplicate)', async () => {
    const { guard } = testGuard({ retryRatio: 10 });
    const action = flaky(5);
    expect((await failureOf(guard.call(action, { retries: 0 }))).reason).toBe('retries_exhausted');
    expect(action).toHaveBeenCalledTimes(1);
  });

  it('keeps the cause out of the message (it may quote what the user typed)', async () => {
    const { guard } = testGuard({ maxRetries: 0 });
    const error = await failureOf(guard.call(flaky(1, () => new Error('cannot invite jo@example.com'))));
    expect(error.message).not.toMatch(/jo@example/);
    expect(error.message).toContain(guard.dependency);
    expect(String((error.cause as Error).message)).toMatch(/jo@example/);
    expect(error.retryable).toBe(false);
  });
});

describe('DependencyGuard: circuit breaker', () => {
  it('opens after consecutive failures, probes once half-open, and closes on success', async () => {
    const { guard } = testGuard({ breakerThreshold: 3, halfOpenAfterMs: 40, maxRetries: 0 });
    const down = vi.fn(async () => {
      throw new Error('down');
    });
    for (let i = 0; i < 3; i++) await failureOf(guard.call(down));
    expect(guard.breakerState).toBe('open');
    expect(await gaugeOf(guard.dependency)).toBe(2);
    expect(guard.describe()).toMatchObject({ dependency: guard.dependency, breaker: 'open' });

    // Open: refused at once, nothing sent.
    expect((await failureOf(guard.call(down))).reason).toBe('circuit_open');
    expect(down).toHaveBeenCalledTimes(3);

    // Half-open: one probe goes out; it fails, so the breaker opens again.
    await new Promise((r) => setTimeout(r, 60));
    await failureOf(guard.call(down));
    expect(down).toHaveBeenCalledTimes(4);
    expect(guard.breakerState).toBe('open');

    // The next probe succeeds: closed again.
    await new Promise((r) => setTimeout(r, 60));
    const seen: Array<[string, number | undefined]> = [];
    const probe = async () => {
      await new Promise((r) => setTimeout(r, 5)); // the probe is on the wire
      seen.push([guard.breakerState, await gaugeOf(guard.dependency)]);
      return 'ok';
    };
    expect(await guard.call(probe)).toBe('ok');
    expect(seen).toEqual([['half-open', 1]]);
    expect(guard.breakerState).toBe('closed');
    expect(await gaugeOf(guard.dependency)).toBe(0);
  });

  it('never retries once the failure has opened the breaker', async () => {
    const { guard } = testGuard({ breakerThreshold: 1, retryRatio: 10 });
    const action = flaky(5);
    expect((await failureOf(guard.call(action))).reason).toBe('circuit_open');
    expect(action).toHaveBeenCalledTimes(1);
  });
});

describe('DependencyGuard: retry budget', () => {
  /** N user turns, one call each, a minute of conversation apart every 10 turns. */
  async function outage(turns: number, options: Partial<GuardOptions>) {
    const { guard, clock } = testGuard(options);
    const action = vi.fn(async () => {
      throw new Error('down');
    });
    for (let turn = 0; turn < turns; turn++) {
      clock.now += 6_000;
      await failureOf(guard.call(action));
    }
    return action.mock.calls.length;
  }

  it('keeps a total outage at or under 1.2 × the calls a healthy dependency gets', async () => {
    for (const turns of [1, 4, 5, 10, 50, 200]) {
      // Breaker out of the way: the budget alone bounds the retries.
      const attempts = await outage(turns, { breakerThreshold: 10_000 });
      expect(attempts, `${turns} turns`).toBeLessThanOrEqual(1.2 * turns);
      // ...and does let some through: the bound is met by a budget, not by never retrying.
      if (turns >= 50) expect(attempts).toBeGreaterThan(turns);
      // With the breaker (the default), far fewer calls go out.
      expect(await outage(turns, {}), `${turns} turns`).toBeLessThanOrEqual(1.2 * turns);
    }
  });

  it('still spends the budget it has: some retries happen when most calls succeed', async () => {
    const { guard } = testGuard();
    for (let i = 0; i < 20; i++) await guard.call(async () => 'ok');
    expect(await guard.call(flaky(1))).toBe('ok');
  });

  it('forgets attempts older than its window', () => {
    let now = 0;
    const budget = new RetryBudget({ ratio: 0.2, windowMs: 10_000, now: () => now });
    for (let i = 0; i < 10; i++) budget.recordFirstAttempt();
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);
    now += 12_000;
    expect(budget.usage()).toEqual({ firstAttempts: 0, retries: 0 });
    expect(budget.tryRetry()).toBe(false);
  });
});

describe('failure classification', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-25T15:00:00Z');
    expect(retryAfterOf({ headers: { 'retry-after': '3' } }, now)).toBe(3000);
    expect(
      retryAfterOf(
        { response: { headers: new Headers({ 'Retry-After': 'Wed, 25 Nov 2026 15:00:05 GMT' }) } },
        now,
      ),
    ).toBe(5000);
    expect(retryAfterOf({ retryAfterMs: 250 }, now)).toBe(250);
    expect(retryAfterOf(new Error('plain'), now)).toBeUndefined();
  });

  it('treats timeouts, network failures and 5xx as transient', () => {
    expect(classifyFailure(new Error('ECONNRESET')).transient).toBe(true);
    expect(classifyFailure({ status: 502 }).transient).toBe(true);
    expect(classifyFailure({ status: 401 }).transient).toBe(false);
  });
});

describe('guarded services', () => {
  /** A guard whose breaker is already open: any call that goes through it is refused. */
  async function openGuard() {
    const { guard } = testGuard({ breakerThreshold: 1, maxRetries: 0 });
    await failureOf(guard.call(flaky(1)));
    return guard;
  }

  it('route every calendar method through the guard', async () => {
    const calendar: CalendarService = {
      findSlots: vi.fn(async () => []),
      book: vi.fn(async () => ({ status: 'conflict' as const })),
      cancel: vi.fn(async () => true),
      updateAttendee: vi.fn(async () => true),
    };
    const guarded = guardCalendar(calendar, await openGuard());
    const request = { now: new Date(), userTimeZone: 'UTC', count: 1 };
    const booking = {
      slot: { repId: 'r', startUtc: '', endUtc: '' },
      sessionId: 's',
      attendeeEmail: 'a@b.co',
      userTimeZone: 'UTC',
      now: new Date(),
    };
    for (const call of [
      () => guarded.findSlots(request),
      () => guarded.book(booking),
      () => guarded.cancel('b'),
      () => guarded.updateAttendee('b', 'a@b.co'),
    ])
      expect((await failureOf(call())).reason).toBe('circuit_open');
    for (const method of Object.values(calendar)) expect(method).not.toHaveBeenCalled();
  });

  it('route knowledge and email through the guard', async () => {
    const knowledge: KnowledgeBase = { search: vi.fn(async () => []) };
    const email: EmailSender = {
      sendResource: vi.fn(),
      sendBookingConfirmation: vi.fn(),
      sendBookingCancellation: vi.fn(),
    };
    const guard = await openGuard();
    await failureOf(guardKnowledge(knowledge, guard).search('q'));
    await failureOf(
      guardEmail(email, guard).sendResource({ sessionId: 's', to: 't', subject: 's', resourceUrl: 'u' }),
    );
    expect(knowledge.search).not.toHaveBeenCalled();
    expect(email.sendResource).not.toHaveBeenCalled();
  });

  it('hand the attempt signal to the knowledge base, so a timeout cancels the search', async () => {
    const { guard } = testGuard();
    const search = vi.fn(async () => []);
    await guardKnowledge({ search }, guard).search('q', { limit: 1 });
    expect(search).toHaveBeenCalledWith(
      'q',
      expect.objectContaining({ limit: 1, signal: expect.any(AbortSignal) }),
    );
  });

  it('never retry a booking unless the calendar deduplicates it', async () => {
    const booking = {
      slot: { repId: 'r', startUtc: '', endUtc: '' },
      sessionId: 's',
      attendeeEmail: 'a@b.co',
      userTimeZone: 'UTC',
      now: new Date(),
    };
    const calendar = (book: CalendarService['book']): CalendarService => ({
      findSlots: async () => [],
      book,
      cancel: async () => true,
      updateAttendee: async () => true,
    });
    const once = flaky(1, () => ({ status: 503 }));
    await failureOf(
      guardCalendar(calendar(once as never), testGuard({ retryRatio: 10 }).guard).book(booking),
    );
    expect(once).toHaveBeenCalledTimes(1);

    const twice = vi.fn(flaky(1, () => ({ status: 503 })));
    const idempotent = guardCalendar(calendar(twice as never), testGuard({ retryRatio: 10 }).guard, {
      idempotentBooking: true,
    });
    expect(await idempotent.book(booking)).toBe('ok');
    expect(twice).toHaveBeenCalledTimes(2);
  });
});
