import { voice } from '@livekit/agents';
import type { AudioFrame } from '@livekit/rtc-node';

export interface PlayedSegment {
  startedAt: number;
  endedAt: number;
  /** Length of the audio Sarah sent for this segment, and how much of it was heard. */
  audioMs: number;
  playedMs: number;
  interrupted: boolean;
}

interface Segment {
  audioMs: number;
  startedAt: number | undefined;
  flushed: boolean;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The caller's speaker: plays Sarah's audio in real time (a segment lasts as long as its audio),
 * stops at once when the session clears the buffer, and records when each segment started and
 * ended. Times are `performance.now()` milliseconds.
 */
export class RecordingOutput extends voice.AudioOutput {
  readonly played: PlayedSegment[] = [];
  readonly #segments: Segment[] = [];
  #firstStarted: (() => void) | undefined;
  readonly firstAudio: Promise<void>;

  constructor() {
    super(24_000);
    this.firstAudio = new Promise((resolve) => (this.#firstStarted = resolve));
  }

  /** When the audio now playing, if any, began. */
  get playingSince(): number | undefined {
    return this.#segments[0]?.startedAt;
  }

  override async captureFrame(frame: AudioFrame): Promise<void> {
    const before = this.capturedPlayoutSegments;
    await super.captureFrame(frame);
    if (this.capturedPlayoutSegments !== before)
      this.#segments.push({ audioMs: 0, startedAt: undefined, flushed: false, timer: undefined });
    this.#segments[this.#segments.length - 1]!.audioMs += (frame.samplesPerChannel / frame.sampleRate) * 1000;
    this.#startHead();
  }

  override flush(): void {
    super.flush();
    const last = this.#segments[this.#segments.length - 1];
    if (last) last.flushed = true;
    this.#scheduleHead();
  }

  clearBuffer(): void {
    while (this.#segments.length > 0) this.#finishHead(true);
  }

  #startHead(): void {
    const head = this.#segments[0];
    if (!head || head.startedAt !== undefined) return;
    head.startedAt = performance.now();
    this.onPlaybackStarted(Date.now());
    this.#firstStarted?.();
  }

  #scheduleHead(): void {
    const head = this.#segments[0];
    if (!head || head.startedAt === undefined || !head.flushed || head.timer) return;
    const left = head.startedAt + head.audioMs - performance.now();
    head.timer = setTimeout(() => this.#finishHead(false), Math.max(0, left));
  }

  #finishHead(interrupted: boolean): void {
    const head = this.#segments.shift();
    if (!head) return;
    clearTimeout(head.timer);
    const now = performance.now();
    const startedAt = head.startedAt ?? now;
    const playedMs = Math.min(head.audioMs, now - startedAt);
    this.played.push({ startedAt, endedAt: now, audioMs: head.audioMs, playedMs, interrupted });
    this.onPlaybackFinished({ playbackPosition: playedMs / 1000, interrupted });
    if (this.#segments.length > 0) {
      this.#startHead();
      this.#scheduleHead();
    }
  }
}
