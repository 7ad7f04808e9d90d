import { execFileSync } from 'node:child_process';
import { inference, initializeLogger, stt, tts } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStt, createTts, type SpeechTiming } from '../../src/agent/voice/providers.js';
import { loadConfig } from '../../src/config.js';
import { FAKE_DEEPGRAM_KEY, startFakeDeepgram, type FakeDeepgram } from '../fakes/deepgram.js';
import {
  FAKE_ELEVENLABS_KEY,
  MS_PER_CHAR as ELEVENLABS_MS_PER_CHAR,
  startFakeElevenLabs,
  type FakeElevenLabs,
} from '../fakes/elevenlabs.js';
import {
  FAKE_OPENAI_SPEECH_KEY,
  MS_PER_CHAR as OPENAI_MS_PER_CHAR,
  startFakeOpenAISpeech,
  type FakeOpenAISpeech,
} from '../fakes/openai_speech.js';

// LiveKit's own Deepgram, ElevenLabs and OpenAI plugins, built by createStt/createTts from
// configuration, against local fakes of each provider; then each fallback with its primary broken.

let deepgram: FakeDeepgram;
let elevenlabs: FakeElevenLabs;
let openai: FakeOpenAISpeech;
let vad: inference.VAD;
let utterance: AudioFrame[];

/** Small limits so a broken provider is given up on quickly. */
const timing: Partial<SpeechTiming> = { answerTimeoutMs: 1200, sttStallMs: 1200, ttsRecoveryDelayMs: 60_000 };

const config = (env: Record<string, string>) =>
  loadConfig({
    LIVEKIT_URL: 'wss://example.livekit.cloud',
    LIVEKIT_API_KEY: 'key',
    LIVEKIT_API_SECRET: 'secret',
    ...env,
  });
const withDeepgram = () => ({ DEEPGRAM_API_KEY: FAKE_DEEPGRAM_KEY, DEEPGRAM_BASE_URL: deepgram.url });
const withElevenLabs = () => ({
  ELEVENLABS_API_KEY: FAKE_ELEVENLABS_KEY,
  ELEVENLABS_BASE_URL: elevenlabs.url,
});
const withOpenAI = () => ({ OPENAI_API_KEY: FAKE_OPENAI_SPEECH_KEY, OPENAI_BASE_URL: openai.url });

const FRAME_MS = 20;

/** Real speech from espeak-ng (22.05 kHz mono WAV on stdout), cut into 20 ms frames. */
function speak(text: string): AudioFrame[] {
  const wav = execFileSync('espeak-ng', ['--stdout', '-s', '170', text]);
  const sampleRate = wav.readUInt32LE(24);
  const pcm = wav.subarray(44); // espeak streams: the header's sizes are placeholders
  const samples = new Int16Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + (pcm.length & ~1)));
  return framesOf(samples, sampleRate);
}

function framesOf(samples: Int16Array, sampleRate: number): AudioFrame[] {
  const size = (sampleRate * FRAME_MS) / 1000;
  const frames: AudioFrame[] = [];
  for (let offset = 0; offset + size <= samples.length; offset += size) {
    frames.push(new AudioFrame(samples.slice(offset, offset + size), sampleRate, 1, size));
  }
  return frames;
}

const silence = (ms: number) => framesOf(new Int16Array((22_050 * ms) / 1000), 22_050);

/** Audible but not speech (no voice activity): a steady hum, as a room might have. */
const hum = (ms: number) =>
  framesOf(
    Int16Array.from({ length: (22_050 * ms) / 1000 }, (_, i) => Math.round(Math.sin(i / 3) * 1500)),
    22_050,
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Pushes frames at twice real time (the fallback adapter forwards live audio; frames pushed while
 * it switches providers are not replayed, as on a real call), waits for `expected` final
 * transcripts and a little longer (a repeated transcript would show up), then closes the stream as
 * a session does at the end of a call.
 */
async function transcribe(model: stt.STT, frames: AudioFrame[], expected = 1): Promise<stt.SpeechEvent[]> {
  const stream = model.stream();
  const events: stt.SpeechEvent[] = [];
  const reading = (async () => {
    for await (const event of stream) events.push(event);
  })();
  await pushLive(stream, frames);
  for (let waited = 0; finals(events).length < expected && waited < 3000; waited += 50) await sleep(50);
  await sleep(300);
  stream.close();
  await reading;
  return events;
}

async function pushLive(stream: stt.SpeechStream, frames: AudioFrame[]) {
  for (const frame of frames) {
    stream.pushFrame(frame);
    await sleep(FRAME_MS / 2);
  }
}

const finals = (events: stt.SpeechEvent[]) =>
  events.filter((e) => e.type === stt.SpeechEventType.FINAL_TRANSCRIPT).map((e) => e.alternatives?.[0]?.text);

/** Streams text the way an agent's reply arrives (a few pieces, then the end) and collects the audio. */
async function speakThrough(model: tts.TTS, pieces: string[]) {
  const stream = model.stream();
  for (const piece of pieces) stream.pushText(piece);
  stream.endInput();
  const frames: AudioFrame[] = [];
  for await (const audio of stream) {
    if (audio !== tts.SynthesizeStream.END_OF_STREAM) frames.push(audio.frame);
  }
  return { frames, ms: durationMs(frames) };
}

/**
 * What the OpenAI plugin plays of a response: it cuts the PCM into 100 ms frames and never flushes
 * the last partial one, so up to 100 ms at the end of each sentence is dropped (plugin 1.9.0).
 */
const playedByOpenAI = (ms: number) => Math.floor(ms / 100) * 100;

const durationMs = (frames: AudioFrame[]) =>
  frames.reduce((total, frame) => total + (frame.samplesPerChannel / frame.sampleRate) * 1000, 0);

/**
 * In @livekit/agents 1.9.0 a failed one-shot synthesis (tts.ChunkedStream: OpenAI speech, ElevenLabs
 * over HTTP, the fallback adapter's recovery probes) leaves its rejection unhandled. LiveKit's job
 * process logs such rejections at debug level and carries on; while this file runs it does the same,
 * and each test checks that every one came from a provider failure it caused on purpose (or from
 * the VAD stream's double close, another 1.9.0 slip).
 */
const rejections: unknown[] = [];
const vitestListeners = process.listeners('unhandledRejection');
const onRejection = (reason: unknown) => void rejections.push(reason);
const fromProvider = (reason: unknown) =>
  reason instanceof Error && /agents-plugin-|node_modules\/openai\//.test(reason.stack ?? '');
/** The VAD stream behind OpenAI's StreamAdapter, closed twice by the fallback adapter (1.9.0). */
const fromVadStream = (reason: unknown) =>
  reason instanceof Error && /WritableStream is (closed|locked)/.test(reason.message);

beforeAll(async () => {
  initializeLogger({ pretty: false, level: 'silent' });
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', onRejection);
  [deepgram, elevenlabs, openai] = await Promise.all([
    startFakeDeepgram(),
    startFakeElevenLabs(),
    startFakeOpenAISpeech(),
  ]);
  vad = new inference.VAD();
  utterance = [...silence(300), ...speak('I would like to book a demo'), ...silence(900)];
});

afterAll(async () => {
  await Promise.all([deepgram?.close(), elevenlabs?.close(), openai?.close()]);
  await sleep(200); // closing streams settle their last promises
  process.off('unhandledRejection', onRejection);
  for (const listener of vitestListeners) process.on('unhandledRejection', listener);
});

afterEach(() => {
  const unexpected = rejections.filter((reason) => !fromProvider(reason) && !fromVadStream(reason));
  rejections.length = 0;
  expect(unexpected).toEqual([]);
});

beforeEach(async () => {
  await Promise.all([deepgram.setMode('ok'), elevenlabs.setMode('ok'), openai.setMode('ok')]);
  deepgram.connections.length = 0;
  deepgram.transcripts = [];
  elevenlabs.syntheses.length = 0;
  openai.speech.length = 0;
  openai.transcriptions.length = 0;
  openai.transcripts = [];
});

describe('each speech-to-text plugin against its fake', () => {
  it('Deepgram streams the audio over its WebSocket and returns the final transcript', async () => {
    deepgram.transcripts = ['I would like to book a demo'];
    const model = await createStt(config(withDeepgram()));
    expect(model.label).toBe('deepgram.STT');
    // Ending the input (rather than closing) lets the plugin send CloseStream and read the last results.
    const stream = model.stream();
    const events: stt.SpeechEvent[] = [];
    const reading = (async () => {
      for await (const event of stream) events.push(event);
    })();
    await pushLive(stream, utterance);
    stream.endInput();
    await reading;

    expect(finals(events)).toEqual(['I would like to book a demo']);
    const types = events.map((e) => e.type);
    expect(types).toContain(stt.SpeechEventType.START_OF_SPEECH);
    expect(types).toContain(stt.SpeechEventType.INTERIM_TRANSCRIPT);
    expect(types.indexOf(stt.SpeechEventType.END_OF_SPEECH)).toBeGreaterThan(
      types.indexOf(stt.SpeechEventType.FINAL_TRANSCRIPT),
    );
    const [connection] = deepgram.connections;
    expect(connection?.query.get('model')).toBe('nova-3');
    expect(connection?.query.get('language')).toBe('en-US');
    expect(connection?.query.get('encoding')).toBe('linear16');
    expect(connection?.query.get('sample_rate')).toBe('16000');
    // About a second and a half of speech arrived as 16 kHz 16-bit audio, then the stream was closed.
    expect(connection!.audioBytes).toBeGreaterThan(16_000 * 2);
    expect(connection?.controls).toContain('CloseStream');
    await model.close();
  });

  it('OpenAI transcribes one utterance sent as a WAV file', async () => {
    openai.transcripts = ['I would like to book a demo'];
    const model = await createStt(config(withOpenAI()));
    expect(model.label).toBe('openai.STT');
    expect(model.capabilities.streaming).toBe(false);
    const event = await model.recognize(utterance);

    expect(event.alternatives?.[0]?.text).toBe('I would like to book a demo');
    expect(openai.transcriptions).toHaveLength(1);
    expect(openai.transcriptions[0]).toMatchObject({
      model: 'gpt-4o-mini-transcribe',
      language: 'en',
      responseFormat: 'json',
      sampleRate: 22_050,
    });
    expect(openai.transcriptions[0]!.durationMs).toBeCloseTo(durationMs(utterance), -2);
  });
});

describe('each text-to-speech plugin against its fake', () => {
  it('ElevenLabs streams text over its multi-context WebSocket and plays the audio it sends back', async () => {
    const model = await createTts(config(withElevenLabs()));
    expect(model.label).toBe('elevenlabs.TTS');
    const { frames, ms } = await speakThrough(model, ['Happy to help. ', 'Which day suits you?']);

    expect(elevenlabs.syntheses).toHaveLength(1);
    const [synthesis] = elevenlabs.syntheses;
    expect(synthesis?.via).toBe('websocket');
    expect(synthesis?.final).toBe(true);
    expect(synthesis?.query.get('model_id')).toBe('eleven_turbo_v2_5');
    expect(synthesis?.query.get('output_format')).toBe('pcm_22050');
    expect(synthesis?.texts.join('').trim()).toBe('Happy to help. Which day suits you?');
    expect(frames.every((frame) => frame.sampleRate === 22_050)).toBe(true);
    expect(ms).toBeCloseTo(synthesis!.audioMs, -1);
    expect(synthesis!.audioMs).toBe(synthesis!.texts.join('').length * ELEVENLABS_MS_PER_CHAR);
    await model.close();
  });

  it('OpenAI synthesises each sentence as 24 kHz PCM', async () => {
    const model = await createTts(config(withOpenAI()));
    expect(model.label).toBe('openai.TTS');
    const frames: AudioFrame[] = [];
    for await (const audio of model.synthesize('Happy to help.')) frames.push(audio.frame);

    expect(openai.speech).toEqual([
      expect.objectContaining({ input: 'Happy to help.', voice: 'coral', response_format: 'pcm' }),
    ]);
    expect(frames.every((frame) => frame.sampleRate === 24_000)).toBe(true);
    expect(durationMs(frames)).toBeCloseTo(playedByOpenAI('Happy to help.'.length * OPENAI_MS_PER_CHAR), 3);
    await model.close();
  });
});

describe('speech-to-text falls back from Deepgram to OpenAI', () => {
  const both = () => config({ ...withDeepgram(), ...withOpenAI() });

  it('builds a fallback adapter with Deepgram first', async () => {
    const model = await createStt(both(), { vad, timing });
    expect(model).toBeInstanceOf(stt.FallbackAdapter);
    expect((model as stt.FallbackAdapter).sttInstances.map((s) => s.label)).toEqual([
      'deepgram.STT',
      'stt.StreamAdapter<openai.STT>',
    ]);
  });

  it.each([
    ['refused connection', async () => deepgram.setMode('refuse')],
    ['HTTP 503 on the WebSocket upgrade', async () => deepgram.setMode('http_error')],
  ])('%s: OpenAI transcribes the utterance, once', async (_name, breakDeepgram) => {
    await breakDeepgram();
    openai.transcripts = ['I would like to book a demo'];
    const model = await createStt(both(), { vad, timing });
    const events = await transcribe(model, utterance);

    expect(finals(events)).toEqual(['I would like to book a demo']);
    expect(openai.transcriptions).toHaveLength(1);
    expect(deepgram.connections).toHaveLength(0);
    await model.close();
  });

  it('stalled upgrade: after audible audio goes unanswered, OpenAI takes over', async () => {
    await deepgram.setMode('stall');
    openai.transcripts = ['I would like to book a demo'];
    const model = await createStt(both(), { vad, timing });
    // A hum Deepgram would hear (no words in it) exposes the stall before the caller speaks.
    const events = await transcribe(model, [...hum(1500), ...utterance]);

    expect(deepgram.upgrades).toBeGreaterThan(0);
    expect(deepgram.connections).toHaveLength(0);
    expect(finals(events)).toEqual(['I would like to book a demo']);
    expect(openai.transcriptions).toHaveLength(1);
    await model.close();
  });

  it('Deepgram dies mid-call: the next utterance is transcribed by OpenAI', async () => {
    deepgram.transcripts = ['first from deepgram'];
    openai.transcripts = ['second from openai'];
    const model = await createStt(both(), { vad, timing });
    const stream = model.stream();
    const events: stt.SpeechEvent[] = [];
    const reading = (async () => {
      for await (const event of stream) events.push(event);
    })();
    await pushLive(stream, utterance);
    await deepgram.setMode('refuse'); // closes the live connection and refuses the reconnection
    await pushLive(stream, [...silence(600), ...utterance]);
    for (let waited = 0; finals(events).length < 2 && waited < 3000; waited += 50) await sleep(50);
    await sleep(300);
    stream.close();
    await reading;

    expect(finals(events)).toEqual(['first from deepgram', 'second from openai']);
    expect(openai.transcriptions).toHaveLength(1);
    await model.close();
  });
});

describe('text-to-speech falls back from ElevenLabs to OpenAI, saying everything once', () => {
  const both = () => config({ ...withElevenLabs(), ...withOpenAI() });
  // Two sentences long enough for the sentence tokenizer to keep them apart.
  const sentences = ['Happy to help with your booking.', 'Which day of the week suits you best?'];
  const reply = [`${sentences[0]} `, sentences[1]!];

  it.each([
    ['refused connection', async () => elevenlabs.setMode('refuse')],
    ['HTTP 503 on the WebSocket upgrade', async () => elevenlabs.setMode('http_error')],
    ['stalled upgrade', async () => elevenlabs.setMode('stall')],
    ['a connection that never sends audio', async () => elevenlabs.setMode('silent')],
  ])('%s', async (_name, breakElevenLabs) => {
    await breakElevenLabs();
    const model = await createTts(both(), { timing });
    expect(model).toBeInstanceOf(tts.FallbackAdapter);
    const unrecoverable: unknown[] = [];
    model.on('error', (error) => {
      if (!error.recoverable) unrecoverable.push(error);
    });
    const started = Date.now();
    const { frames, ms } = await speakThrough(model, reply);

    expect(Date.now() - started).toBeLessThan(5000);
    // OpenAI got each sentence exactly once, and the audio played is exactly what it returned.
    expect(openai.speech.map((request) => request.input)).toEqual(sentences);
    const spoken = openai.speech.reduce((total, request) => total + playedByOpenAI(request.audioMs), 0);
    expect(ms).toBeCloseTo(spoken, 3);
    // ElevenLabs produced nothing that was played.
    expect(elevenlabs.syntheses.reduce((total, s) => total + s.audioMs, 0)).toBe(0);
    expect(frames.every((frame) => frame.sampleRate === model.sampleRate)).toBe(true);
    // The adapter covered the failure: nothing the session would count towards closing the call.
    expect(unrecoverable).toEqual([]);
    await model.close();
  });

  it('ElevenLabs dies mid-sentence: nothing is repeated by OpenAI', async () => {
    await elevenlabs.setMode('cut_off');
    const model = await createTts(both(), { timing });
    model.on('error', () => {});
    const { ms } = await speakThrough(model, reply);

    // Once audio has played the adapter does not switch: the rest of the reply is lost, not repeated.
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThanOrEqual(elevenlabs.syntheses[0]!.audioMs * (24_000 / 22_050));
    expect(openai.speech).toEqual([]);
    await model.close();
  });

  it('an interruption before any audio: the reply goes to no other provider, nothing unrecoverable', async () => {
    await elevenlabs.setMode('stall');
    const model = await createTts(both(), { timing });
    const unrecoverable: unknown[] = [];
    model.on('error', (error) => {
      if (!error.recoverable) unrecoverable.push(error);
    });
    const stream = model.stream();
    stream.pushText(reply[0]!);
    await sleep(200); // the caller talks over Sarah before any audio
    stream.close();
    await sleep(timing.answerTimeoutMs! + 200);

    expect(unrecoverable).toEqual([]);
    // The reply was never handed to OpenAI. (The 1.9 adapter still takes the empty stream for a
    // failure of both providers and probes each with its own test sentence; that is all OpenAI got.)
    expect(openai.speech.map((request) => request.input)).not.toContain(sentences[0]);
    expect(openai.speech.every((request) => request.input.includes('recovery test'))).toBe(true);
    await model.close();
  });

  it('ElevenLabs first when both work; TTS_PROVIDER=openai puts OpenAI first', async () => {
    const model = await createTts(both(), { timing });
    model.on('error', () => {}); // as the session listens
    await speakThrough(model, reply);
    expect(elevenlabs.syntheses).toHaveLength(1);
    expect(openai.speech).toHaveLength(0);

    const forced = await createTts(config({ ...withElevenLabs(), ...withOpenAI(), TTS_PROVIDER: 'openai' }), {
      timing,
    });
    forced.on('error', () => {});
    expect((forced as tts.FallbackAdapter).ttsInstances.map((t) => t.label)).toEqual([
      'openai.TTS',
      'elevenlabs.TTS',
    ]);
    await speakThrough(forced, reply);
    expect(openai.speech).toHaveLength(2);
    expect(elevenlabs.syntheses).toHaveLength(1);
    await Promise.all([model.close(), forced.close()]);
  });

  it('both broken: the adapter reports one unrecoverable error and plays nothing', async () => {
    await Promise.all([elevenlabs.setMode('http_error'), openai.setMode('server_error')]);
    const model = await createTts(both(), { timing });
    const unrecoverable: unknown[] = [];
    model.on('error', (error) => {
      if (!error.recoverable) unrecoverable.push(error);
    });
    const { frames } = await speakThrough(model, reply);
    expect(frames).toHaveLength(0);
    expect(unrecoverable).toHaveLength(1);
    await model.close();
  });
});
