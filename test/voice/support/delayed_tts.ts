import { randomUUID } from 'node:crypto';
import { tts, type APIConnectOptions } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';

const RATE = 24_000;
const FRAME = RATE / 50;

/**
 * Text-to-speech for the voice tests: answers after `delayMs` with a soft tone whose length
 * follows the text (about 10 ms a character: quicker than speech, so tests stay short), in 20 ms frames.
 */
export class DelayedTts extends tts.TTS {
  label = 'test.DelayedTTS';
  readonly spoken: Array<{ text: string; at: number }> = [];

  /** Everything synthesised so far as one text (the session hands lines over sentence by sentence). */
  get saidAloud(): string {
    return this.spoken.map((s) => s.text.trim()).join(' ');
  }

  constructor(readonly delayMs = 100) {
    super(RATE, 1, { streaming: false });
  }

  synthesize(text: string, connOptions?: APIConnectOptions, abortSignal?: AbortSignal): tts.ChunkedStream {
    this.spoken.push({ text, at: performance.now() });
    return new DelayedStream(text, this, connOptions, abortSignal);
  }

  stream(): tts.SynthesizeStream {
    throw new Error('DelayedTts is not streaming; the session wraps it with a sentence splitter');
  }
}

class DelayedStream extends tts.ChunkedStream {
  label = 'test.DelayedStream';
  readonly #text: string;
  readonly #delayMs: number;

  constructor(text: string, owner: DelayedTts, connOptions?: APIConnectOptions, abortSignal?: AbortSignal) {
    super(text, owner, connOptions, abortSignal);
    this.#text = text;
    this.#delayMs = owner.delayMs;
  }

  protected async run(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.#delayMs));
    const frames = Math.max(5, Math.round((this.#text.length * 10) / 20));
    const requestId = randomUUID();
    for (let i = 0; i < frames; i++) {
      const data = new Int16Array(FRAME);
      for (let s = 0; s < FRAME; s++) data[s] = Math.round(800 * Math.sin((2 * Math.PI * 220 * s) / RATE));
      this.queue.put({
        requestId,
        segmentId: requestId,
        frame: new AudioFrame(data, RATE, 1, FRAME),
        final: i === frames - 1,
      });
    }
  }
}
