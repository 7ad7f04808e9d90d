import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

type IntervalHistogram = ReturnType<typeof monitorEventLoopDelay>;

/** Event-loop delay since the previous `collect()`, in seconds, beyond the sampling interval. */
export interface EventLoopDelaySample {
  maxSeconds: number;
  p99Seconds: number;
}

const NS_PER_SECOND = 1e9;

/**
 * Measures how long the event loop is held up, for the `sarah_event_loop_delay_*` metrics.
 *
 * Node's `monitorEventLoopDelay` ticks every `resolutionMs` and records the time between ticks;
 * each `collect()` reads it and resets it, so every scrape sees only what happened since the
 * previous one. Values are reported as the delay beyond the tick interval (an idle loop reads ~0).
 *
 * A reset also forgets the histogram's last tick, so the stretch between a reset and the next tick
 * (and between the last tick and the reset) is not measured: exactly where a busy server tends to
 * be, since the scrape is handled among the other socket events of the same loop iteration. A
 * plain interval timer whose own clock is never reset keeps the longest stall across that gap (a
 * stall is counted in the window where it ends); `maxSeconds` is the larger of the two. The p99
 * comes from the histogram alone, so it can miss a stall that begins in the very tick of a scrape.
 *
 * `start()` and `stop()` are counted, so several servers in one process (tests) can share it.
 */
export class EventLoopDelayMonitor {
  readonly resolutionMs: number;
  #histogram: IntervalHistogram | undefined;
  #watchdog: NodeJS.Timeout | undefined;
  #lastTick = 0;
  #watchdogMaxMs = 0;
  #users = 0;

  constructor(resolutionMs = 10) {
    this.resolutionMs = resolutionMs;
  }

  get running(): boolean {
    return this.#users > 0;
  }

  start(): void {
    this.#users += 1;
    if (this.#users > 1) return;
    this.#histogram = monitorEventLoopDelay({ resolution: this.resolutionMs });
    this.#histogram.enable();
    this.#watchdogMaxMs = 0;
    this.#lastTick = performance.now();
    this.#watchdog = setInterval(() => {
      const now = performance.now();
      this.#watchdogMaxMs = Math.max(this.#watchdogMaxMs, now - this.#lastTick - this.resolutionMs);
      this.#lastTick = now;
    }, this.resolutionMs);
    this.#watchdog.unref();
  }

  stop(): void {
    if (this.#users === 0) return;
    this.#users -= 1;
    if (this.#users > 0) return;
    this.#histogram?.disable();
    this.#histogram = undefined;
    clearInterval(this.#watchdog);
    this.#watchdog = undefined;
  }

  /** The delay since the previous collect (zeros when not running); starts a new window. */
  collect(): EventLoopDelaySample {
    const histogram = this.#histogram;
    if (!histogram) return { maxSeconds: 0, p99Seconds: 0 };
    const resolutionSeconds = this.resolutionMs / 1000;
    const beyondTick = (ns: number) => Math.max(0, ns / NS_PER_SECOND - resolutionSeconds);
    const sampled = histogram.count > 0;
    const sample = {
      maxSeconds: Math.max(sampled ? beyondTick(histogram.max) : 0, Math.max(0, this.#watchdogMaxMs) / 1000),
      p99Seconds: sampled ? beyondTick(histogram.percentile(99)) : 0,
    };
    histogram.reset();
    this.#watchdogMaxMs = 0;
    return sample;
  }
}

/** The process-wide monitor behind `/metrics`; the HTTP server starts and stops it. */
export const eventLoopDelay = new EventLoopDelayMonitor(10);

/**
 * The two gauges read one sample per scrape: whichever collects first takes it (and resets the
 * window), the other reuses it within the same synchronous pass of `registry.metrics()`.
 */
let shared: EventLoopDelaySample | undefined;
export function sampleForScrape(): EventLoopDelaySample {
  if (!shared) {
    shared = eventLoopDelay.collect();
    queueMicrotask(() => (shared = undefined));
  }
  return shared;
}
