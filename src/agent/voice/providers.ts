import { AsyncLocalStorage } from 'node:async_hooks';
import {
  APIConnectionError,
  APITimeoutError,
  inference,
  log,
  stt,
  tokenize,
  tts,
  type APIConnectOptions,
  type AudioBuffer,
  type VAD,
} from '@livekit/agents';
import type { AudioFrame } from '@livekit/rtc-node';
import { voiceProviderOrder, type AppConfig } from '../../config.js';

// Speech providers for the voice worker. Each provider's plugin is imported only when it is
// configured, and only here. With two providers for a direction, both sit behind the framework's
// FallbackAdapter (first = primary); with one, the plugin is used alone.

/** Limits on how long a provider may keep the caller waiting before the next one takes over. */
export interface SpeechTiming {
  /**
   * Time a provider has for its first answer: a transcription from OpenAI, or the first audio of a
   * synthesis. The framework passes a timeout to each plugin, but the 1.9 plugins ignore it (no
   * connect timeout on Deepgram's or ElevenLabs' WebSocket, ten minutes in the OpenAI client), so a
   * stalled provider would hold the call forever; these deadlines are enforced here instead.
   */
  answerTimeoutMs: number;
  /**
   * Milliseconds of audible audio Deepgram may be sent without answering anything before its stream
   * is treated as stalled. Deepgram sends interim results within about a second of speech, so silence
   * from it while the caller is audible means the connection is not working. Measured on audio,
   * not on the clock, so a quiet caller never trips it.
   */
  sttStallMs: number;
  /** How often a TTS provider that failed is tried again in the background (each probe costs a request). */
  ttsRecoveryDelayMs: number;
}

export const DEFAULT_SPEECH_TIMING: SpeechTiming = {
  answerTimeoutMs: 5000,
  sttStallMs: 3000,
  ttsRecoveryDelayMs: 30_000,
};

export interface SttOptions {
  /**
   * Voice activity detector that cuts the caller's audio into utterances for OpenAI's transcription
   * endpoint, which is not streaming: with Deepgram and OpenAI both configured, the FallbackAdapter
   * wraps OpenAI in an stt.StreamAdapter driven by it. Pass the session's VAD; without one, a second
   * local VAD is loaded.
   */
  vad?: VAD;
  timing?: Partial<SpeechTiming>;
}

export interface TtsOptions {
  timing?: Partial<SpeechTiming>;
}

/**
 * Speech-to-text: Deepgram streaming (nova-3, en-US), then OpenAI transcription. Both configured:
 * an stt.FallbackAdapter with Deepgram first, OpenAI cut into utterances by `options.vad`.
 */
export async function createStt(config: AppConfig, options: SttOptions = {}): Promise<stt.STT> {
  const { env } = config;
  const timing = { ...DEFAULT_SPEECH_TIMING, ...options.timing };
  const providers = voiceProviderOrder(env).stt;
  if (providers.length === 0) {
    throw new Error('Voice needs speech-to-text: set DEEPGRAM_API_KEY or OPENAI_API_KEY');
  }
  const instances: stt.STT[] = [];
  for (const provider of providers) {
    if (provider === 'deepgram') {
      const deepgram = await import('@livekit/agents-plugin-deepgram');
      instances.push(
        new deepgram.STT({
          apiKey: env.DEEPGRAM_API_KEY,
          model: 'nova-3',
          language: 'en-US',
          ...(env.DEEPGRAM_BASE_URL ? { baseUrl: env.DEEPGRAM_BASE_URL } : {}),
        }),
      );
    } else {
      const openai = await import('@livekit/agents-plugin-openai');
      // The transcriptions endpoint (POST /audio/transcriptions), not the plugin's default realtime
      // WebSocket: it is what OpenAI-compatible proxies offer too, and a VAD cuts the utterances.
      instances.push(
        new openai.STT({
          apiKey: env.OPENAI_API_KEY,
          baseURL: env.OPENAI_BASE_URL,
          model: 'gpt-4o-mini-transcribe',
          language: 'en',
          useRealtime: false,
        }),
      );
    }
  }
  if (instances.length === 1) return instances[0]!;
  return new stt.FallbackAdapter({
    sttInstances: instances.map((instance) =>
      instance.capabilities.streaming
        ? new StalledStreamGuard(instance, timing.sttStallMs)
        : new TranscriptionDeadline(instance, timing.answerTimeoutMs),
    ),
    vad: options.vad ?? new inference.VAD(),
    // One quick retry (after 100 ms) rides out a dropped connection; more would leave the caller
    // unheard while a dead provider is retried, so the next provider takes over instead.
    maxRetryPerSTT: 1,
    retryIntervalMs: 1000,
    attemptTimeoutMs: timing.answerTimeoutMs,
  });
}

/**
 * Text-to-speech: ElevenLabs, then OpenAI (TTS_PROVIDER may put either first). Both configured: a
 * tts.FallbackAdapter. Text the primary never voiced is replayed to the next provider; once audio
 * has played, the adapter does not switch, so nothing is said twice.
 */
export async function createTts(config: AppConfig, options: TtsOptions = {}): Promise<tts.TTS> {
  const { env } = config;
  const timing = { ...DEFAULT_SPEECH_TIMING, ...options.timing };
  const providers = voiceProviderOrder(env).tts;
  if (providers.length === 0) {
    throw new Error('Voice needs text-to-speech: set ELEVENLABS_API_KEY or OPENAI_API_KEY');
  }
  const instances: tts.TTS[] = [];
  for (const provider of providers) {
    if (provider === 'elevenlabs') {
      if (!env.ELEVENLABS_API_KEY) throw new Error('TTS_PROVIDER=elevenlabs needs ELEVENLABS_API_KEY');
      const elevenlabs = await import('@livekit/agents-plugin-elevenlabs');
      instances.push(
        new elevenlabs.TTS({
          apiKey: env.ELEVENLABS_API_KEY,
          ...(env.ELEVENLABS_VOICE_ID ? { voiceId: env.ELEVENLABS_VOICE_ID } : {}),
          ...(env.ELEVENLABS_BASE_URL ? { baseURL: env.ELEVENLABS_BASE_URL } : {}),
        }),
      );
    } else {
      if (!env.OPENAI_API_KEY) throw new Error('TTS_PROVIDER=openai needs OPENAI_API_KEY');
      const openai = await import('@livekit/agents-plugin-openai');
      instances.push(
        new openai.TTS({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, voice: 'coral' }),
      );
    }
  }
  if (instances.length === 1) return instances[0]!;
  return new TtsFallback({
    ttsInstances: instances.map(
      (instance) => new FirstAudioDeadline(instance, streaming(instance), timing.answerTimeoutMs),
    ),
    // No retry of the same provider: a retried stream has already consumed its text, so it would
    // either lose words or repeat them. The adapter replays the unspoken text to the next provider.
    maxRetryPerTTS: 0,
    recoveryDelayMs: timing.ttsRecoveryDelayMs,
  });
}

/** The reply stream a provider's stream was opened for, so it can tell an interruption from a failure. */
const replyStream = new AsyncLocalStorage<{ closed?: AbortSignal }>();

/**
 * The framework's adapter, told about interruptions. In 1.9 a reply closed before its first audio
 * (the caller talked over Sarah) looks to the adapter like a provider that sent nothing: it hands
 * the text to the next provider and then reports "all TTS instances failed" as unrecoverable, and
 * the session closes the call after a few of those. Here each provider stream knows its reply was
 * closed, stops without a request to the next provider, and the report is marked recoverable.
 */
class TtsFallback extends tts.FallbackAdapter {
  override stream(options?: { connOptions?: APIConnectOptions }) {
    const reply: { closed?: AbortSignal } = {};
    const stream = replyStream.run(reply, () => super.stream(options));
    reply.closed = stream.abortSignal;
    return stream;
  }

  override emit<E extends keyof tts.TTSCallbacks>(event: E, ...args: Parameters<tts.TTSCallbacks[E]>) {
    const [error] = args;
    if (event === 'error' && replyStream.getStore()?.closed?.aborted && error && 'recoverable' in error) {
      return super.emit('error', { ...error, recoverable: true });
    }
    return super.emit(event, ...args);
  }
}

/**
 * OpenAI speech is not streaming: it is given one sentence at a time. The adapter is made here, once,
 * rather than by the FallbackAdapter, which in 1.9 makes a new one for every utterance, never
 * removes its listeners from the plugin, and leaves it without an error listener, so the plugin's
 * first error would be thrown as an unhandled 'error' event.
 */
function streaming(instance: tts.TTS): tts.TTS {
  if (instance.capabilities.streaming) return instance;
  return new tts.StreamAdapter(instance, new tokenize.basic.SentenceTokenizer());
}

/** Local Silero VAD and the small local turn detector: nothing here calls LiveKit's cloud inference. */
export function createTurnHandling() {
  return {
    vad: new inference.VAD(),
    turnDetection: new inference.TurnDetector({ version: 'v1-mini' }),
  };
}

// ---------------------------------------------------------------------------------------------
// Deadlines the plugins lack. Each wraps one plugin instance inside a FallbackAdapter and keeps
// its label, model and provider, so logs and metrics still name the real provider.

const logger = () => log().child({ component: 'voice-providers' });

/** Root mean square above which a frame counts as audible (the level Deepgram's plugin sends). */
const AUDIBLE_RMS = 0.004 * 32768;

function isAudible(frame: AudioFrame): boolean {
  const samples = frame.data;
  if (samples.length === 0) return false;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length) > AUDIBLE_RMS;
}

/**
 * A streaming STT that fails its stream with APITimeoutError when the provider has been sent
 * `stallMs` of audible audio and answered nothing (no connection, or a connection that went quiet),
 * so the FallbackAdapter moves to the next provider instead of waiting forever.
 */
class StalledStreamGuard extends stt.STT {
  label: string;

  constructor(
    private readonly inner: stt.STT,
    private readonly stallMs: number,
  ) {
    super(inner.capabilities);
    this.label = inner.label;
    inner.on('metrics_collected', (metrics) => this.emit('metrics_collected', metrics));
    // The stream below reports failures itself; without a listener the plugin's emit would throw.
    inner.on('error', (error) => logger().debug({ stt: error.label, err: error.error }, 'STT error'));
  }

  override get model() {
    return this.inner.model;
  }

  override get provider() {
    return this.inner.provider;
  }

  protected _recognize(frame: AudioBuffer, abortSignal?: AbortSignal) {
    return this.inner.recognize(frame, abortSignal);
  }

  override _updateSessionKeyterms(keyterms: string[]) {
    this.inner._updateSessionKeyterms(keyterms);
  }

  stream(options?: { connOptions?: APIConnectOptions }): stt.SpeechStream {
    return new GuardedSpeechStream(this, this.inner.stream(options), this.stallMs);
  }

  override async close() {
    await this.inner.close();
  }
}

class GuardedSpeechStream extends stt.SpeechStream {
  label: string;

  constructor(
    owner: StalledStreamGuard,
    private readonly inner: stt.SpeechStream,
    private readonly stallMs: number,
  ) {
    // Retries happen inside the plugin's stream (maxRetryPerSTT); this one fails once and for all.
    super(owner, undefined, { maxRetry: 0, timeoutMs: stallMs, retryIntervalMs: 0 });
    this.label = inner.label;
  }

  override get startTimeOffset() {
    return super.startTimeOffset;
  }

  override set startTimeOffset(value: number) {
    super.startTimeOffset = value;
    this.inner.startTimeOffset = value;
  }

  protected async run(): Promise<void> {
    const { inner } = this;
    let unanswered = 0; // milliseconds of audible audio sent since the provider last said anything
    let onStall: (error: Error) => void = () => {};
    const stalled = new Promise<never>((_, reject) => (onStall = reject));
    const forward = async () => {
      for await (const item of this.input) {
        if (typeof item === 'symbol') {
          inner.flush();
          continue;
        }
        inner.pushFrame(item);
        if (isAudible(item)) unanswered += (item.samplesPerChannel / item.sampleRate) * 1000;
        if (unanswered >= this.stallMs) {
          const message = `${inner.label} answered nothing to ${Math.round(unanswered)} ms of audible audio`;
          onStall(new APITimeoutError({ message }));
          return;
        }
      }
      inner.endInput();
    };
    const relay = async () => {
      for await (const event of inner) {
        if (event.type !== stt.SpeechEventType.RECOGNITION_USAGE) unanswered = 0;
        if (!this.queue.closed) this.queue.put(event);
      }
      if (inner._failed) throw new APIConnectionError({ message: `${inner.label} failed` });
    };
    // Pushing into an inner stream that has closed throws: that only ends the forwarding.
    const forwarding = forward().catch(() => {});
    const relaying = relay();
    relaying.catch(() => {}); // settles after a stall too, once nobody is listening
    try {
      await Promise.race([relaying, stalled, closed(this.abortSignal)]);
    } catch (error) {
      if (error instanceof APITimeoutError) logger().warn({ stt: inner.label }, error.message);
      throw error;
    } finally {
      inner.close();
      if (!this.input.closed) this.input.close();
      await forwarding;
    }
  }
}

/** Resolves when the framework closes a stream (an interruption, a switch, the end of the call). */
function closed(signal: AbortSignal): Promise<'closed'> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve('closed');
    else signal.addEventListener('abort', () => resolve('closed'), { once: true });
  });
}

/** A non-streaming STT whose transcription requests are aborted after `timeoutMs`. */
class TranscriptionDeadline extends stt.STT {
  label: string;

  constructor(
    private readonly inner: stt.STT,
    private readonly timeoutMs: number,
  ) {
    super(inner.capabilities);
    this.label = inner.label;
  }

  override get model() {
    return this.inner.model;
  }

  override get provider() {
    return this.inner.provider;
  }

  protected async _recognize(frame: AudioBuffer, abortSignal?: AbortSignal) {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = abortSignal ? AbortSignal.any([abortSignal, timeout]) : timeout;
    try {
      return await this.inner.recognize(frame, signal);
    } catch (error) {
      if (!timeout.aborted) throw error;
      throw new APITimeoutError({
        message: `${this.inner.label} did not answer within ${this.timeoutMs} ms`,
      });
    }
  }

  stream(): stt.SpeechStream {
    throw new Error(`${this.label} is not streaming; the FallbackAdapter wraps it in a StreamAdapter`);
  }
}

/**
 * A TTS whose syntheses give up when no audio has arrived `timeoutMs` after the latest text. A
 * synthesis that gives up, or whose provider fails, ends without audio, and the FallbackAdapter
 * replays its text to the next provider. Failures are reported as recoverable because the adapter
 * covers them: the session counts unrecoverable TTS errors and closes the call after a few, and
 * the adapter's background probes of a dead provider would otherwise add one every few seconds.
 * When every provider fails, the adapter itself reports the unrecoverable error.
 */
class FirstAudioDeadline extends tts.TTS {
  label: string;

  constructor(
    private readonly plugin: tts.TTS,
    private readonly inner: tts.TTS,
    readonly timeoutMs: number,
  ) {
    super(inner.sampleRate, inner.numChannels, inner.capabilities);
    this.label = plugin.label;
    inner.on('metrics_collected', (metrics) => this.emit('metrics_collected', metrics));
    inner.on('error', (error) => this.reportFailure(error.error));
  }

  override get model() {
    return this.plugin.model;
  }

  override get provider() {
    return this.plugin.provider;
  }

  /** Logs a failure and passes it on as recoverable (see the class comment). */
  reportFailure(error: Error) {
    logger().warn({ tts: this.label, err: error.message }, 'TTS provider failed; the fallback takes over');
    // After the adapter closes nobody listens, and an unheard 'error' event would be thrown.
    if (this.listenerCount('error') === 0) return;
    this.emit('error', {
      type: 'tts_error',
      timestamp: Date.now(),
      label: this.label,
      error,
      recoverable: true,
    });
  }

  synthesize(text: string, connOptions?: APIConnectOptions, abortSignal?: AbortSignal): tts.ChunkedStream {
    return new DeadlineChunkedStream(this, this.inner, text, connOptions, abortSignal);
  }

  stream(options?: { connOptions?: APIConnectOptions }): tts.SynthesizeStream {
    return new DeadlineSynthesizeStream(this, this.inner.stream(options), options?.connOptions);
  }

  override async close() {
    await this.inner.close();
    if (this.plugin !== this.inner) await this.plugin.close();
  }
}

function timeoutError(owner: FirstAudioDeadline) {
  return new APITimeoutError({ message: `${owner.label} sent no audio within ${owner.timeoutMs} ms` });
}

class DeadlineChunkedStream extends tts.ChunkedStream {
  label: string;

  constructor(
    private readonly owner: FirstAudioDeadline,
    private readonly inner: tts.TTS,
    text: string,
    private readonly connOptions?: APIConnectOptions,
    abortSignal?: AbortSignal,
  ) {
    super(text, owner, connOptions, abortSignal);
    this.label = inner.label;
  }

  protected async run(): Promise<void> {
    const abort = new AbortController();
    const onAbort = () => abort.abort();
    this.abortSignal.addEventListener('abort', onAbort, { once: true });
    const inner = this.inner.synthesize(this.inputText, this.connOptions, abort.signal);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>(
      (resolve) => (timer = setTimeout(() => resolve('late'), this.owner.timeoutMs)),
    );
    try {
      const first = await Promise.race([inner.next(), late, closed(this.abortSignal)]);
      clearTimeout(timer);
      if (first === 'late') {
        this.owner.reportFailure(timeoutError(this.owner));
        return;
      }
      if (first === 'closed' || first.done) return;
      this.queue.put(first.value);
      for await (const audio of inner) this.queue.put(audio);
    } finally {
      clearTimeout(timer);
      this.abortSignal.removeEventListener('abort', onAbort);
      abort.abort();
      inner.close();
    }
  }
}

class DeadlineSynthesizeStream extends tts.SynthesizeStream {
  label: string;
  /** Closed when the session closes the reply this stream speaks (see TtsFallback). */
  private readonly replyClosed = replyStream.getStore()?.closed;

  constructor(
    private readonly owner: FirstAudioDeadline,
    private readonly inner: tts.SynthesizeStream,
    connOptions?: APIConnectOptions,
  ) {
    super(owner, connOptions);
    this.label = inner.label;
  }

  protected async run(): Promise<void> {
    const { inner, owner } = this;
    let heard = false;
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    let onLate: () => void = () => {};
    const late = new Promise<'late'>((resolve) => (onLate = () => resolve('late')));
    // The clock restarts with each piece of text, so a slow language model never counts against
    // the provider; it stops for good at the first audio.
    const arm = () => {
      if (heard || finished) return;
      clearTimeout(timer);
      timer = setTimeout(onLate, owner.timeoutMs);
    };
    const forward = async () => {
      for await (const item of this.input) {
        if (this.replyClosed?.aborted) break; // nothing more to say: the caller interrupted
        if (typeof item === 'symbol') inner.flush();
        else {
          this.markStarted();
          inner.pushText(item);
        }
        arm();
      }
      inner.endInput();
      arm();
    };
    const relay = async (): Promise<'done'> => {
      for await (const audio of inner) {
        if (finished || this.queue.closed) break;
        heard = true;
        clearTimeout(timer);
        this.queue.put(audio);
      }
      return 'done';
    };
    const forwarding = forward();
    const relaying = relay();
    relaying.catch(() => {}); // still running when the deadline wins
    try {
      const outcome = await Promise.race([
        relaying,
        late,
        closed(this.abortSignal),
        ...(this.replyClosed ? [closed(this.replyClosed)] : []),
      ]);
      if (outcome === 'late') owner.reportFailure(timeoutError(owner));
    } finally {
      finished = true;
      clearTimeout(timer);
      inner.close();
      if (!this.input.closed) this.input.close();
      await forwarding;
    }
  }
}
