import { asLanguageCode, stt } from '@livekit/agents';
import type { AudioFrame } from '@livekit/rtc-node';

interface ScriptedClause {
  text: string;
  /** When the last frame of this clause's audio was sent; unset while it is still being spoken. */
  endedAt?: number;
}

/**
 * Speech-to-text for the voice tests: the audio decides when (the framework cuts the stream into
 * utterances with the real VAD and hands each one over), the script decides the words. An
 * utterance is recognised as the scripted clauses whose audio had been fully sent by then, so
 * when the VAD splits a sentence at a pause, each part carries the words actually spoken in it.
 */
export class ScriptedStt extends stt.STT {
  label = 'test.ScriptedSTT';
  readonly #script: ScriptedClause[] = [];
  readonly heard: Array<{ text: string; audioMs: number; at: number }> = [];

  constructor(private readonly delayMs = 0) {
    super({ streaming: false, interimResults: false });
  }

  /** Words being spoken now; `spoken` resolves when their audio has been sent. */
  expect(text: string, spoken: Promise<number>): void {
    const clause: ScriptedClause = { text };
    this.#script.push(clause);
    void spoken.then((at) => (clause.endedAt = at));
  }

  protected async _recognize(buffer: AudioFrame | AudioFrame[]): Promise<stt.SpeechEvent> {
    const frames = Array.isArray(buffer) ? buffer : [buffer];
    const audioMs = frames.reduce((ms, f) => ms + (f.samplesPerChannel / f.sampleRate) * 1000, 0);
    const cutoff = performance.now() - 100;
    const words: string[] = [];
    while (this.#script[0]?.endedAt !== undefined && this.#script[0].endedAt <= cutoff)
      words.push(this.#script.shift()!.text);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const text = words.join(' ');
    this.heard.push({ text, audioMs, at: performance.now() });
    return {
      type: stt.SpeechEventType.FINAL_TRANSCRIPT,
      alternatives: [
        { language: asLanguageCode('en'), text, startTime: 0, endTime: audioMs / 1000, confidence: 1 },
      ],
    };
  }

  stream(): stt.SpeechStream {
    throw new Error('ScriptedStt is not streaming; the session wraps it with the VAD');
  }
}
