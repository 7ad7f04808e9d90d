import { ReadableStream } from 'node:stream/web';
import { voice } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { FRAME_SAMPLES, SAMPLE_RATE } from './speech.js';

export interface Spoken {
  startedAt: number;
  endedAt: number;
}

const FRAME_MS = (FRAME_SAMPLES / SAMPLE_RATE) * 1000;

/**
 * The caller's microphone: a real-time stream of 20 ms frames, silence between utterances, like
 * a LiveKit track delivers. `speak` queues speech audio and resolves when its last frame has been
 * sent, that is when the user stops talking.
 */
export class SpeakingUser extends voice.AudioInput {
  readonly #pending: Array<{ pcm: Int16Array; at: number; startedAt?: number; done: (s: Spoken) => void }> =
    [];
  readonly #timer: NodeJS.Timeout;
  #controller: ReadableStreamDefaultController<AudioFrame> | undefined;
  #startedAt = performance.now();
  #framesSent = 0;

  constructor() {
    super();
    const stream = new ReadableStream<AudioFrame>({
      start: (controller) => {
        this.#controller = controller;
      },
    });
    this.multiStream.addInputStream(stream);
    // Sent on the wall clock (catching up after a busy moment) so the VAD hears real time.
    this.#timer = setInterval(() => this.#pump(), FRAME_MS / 2);
  }

  /** Queues an utterance; resolves when its last frame is sent, with when it started and ended. */
  speak(pcm: Int16Array): Promise<Spoken> {
    return new Promise((resolve) => this.#pending.push({ pcm, at: 0, done: resolve }));
  }

  #pump(): void {
    const due = Math.floor((performance.now() - this.#startedAt) / FRAME_MS);
    while (this.#framesSent < due) {
      this.#controller?.enqueue(this.#nextFrame());
      this.#framesSent += 1;
    }
  }

  #nextFrame(): AudioFrame {
    const data = new Int16Array(FRAME_SAMPLES);
    const current = this.#pending[0];
    if (current) {
      current.startedAt ??= performance.now();
      const chunk = current.pcm.subarray(current.at, current.at + FRAME_SAMPLES);
      data.set(chunk);
      current.at += chunk.length;
      if (current.at >= current.pcm.length) {
        this.#pending.shift();
        current.done({ startedAt: current.startedAt, endedAt: performance.now() });
      }
    }
    return new AudioFrame(data, SAMPLE_RATE, 1, FRAME_SAMPLES);
  }

  override async close(): Promise<void> {
    clearInterval(this.#timer);
    try {
      this.#controller?.close();
    } catch {
      // already closed by the session
    }
    await super.close();
  }
}
