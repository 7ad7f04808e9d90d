import { initializeLogger, stt, tts } from '@livekit/agents';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStt, createTts, createTurnHandling } from '../../src/agent/voice/providers.js';
import { loadConfig, voiceProviderOrder } from '../../src/config.js';

beforeAll(() => initializeLogger({ pretty: false, level: 'silent' }));

const LIVEKIT = {
  LIVEKIT_URL: 'wss://example.livekit.cloud',
  LIVEKIT_API_KEY: 'key',
  LIVEKIT_API_SECRET: 'secret',
};
const config = (env: Record<string, string>) => loadConfig({ ...LIVEKIT, ...env });

const sttLabels = (model: stt.STT) =>
  model instanceof stt.FallbackAdapter ? model.sttInstances.map((s) => s.label) : [model.label];
const ttsLabels = (model: tts.TTS) =>
  model instanceof tts.FallbackAdapter ? model.ttsInstances.map((t) => t.label) : [model.label];

describe('speech-to-text chosen from configuration', () => {
  it.each([
    [{ DEEPGRAM_API_KEY: 'dg' }, ['deepgram.STT']],
    [{ OPENAI_API_KEY: 'sk-x' }, ['openai.STT']],
    // OpenAI's transcription is not streaming: the adapter runs it behind a VAD-driven StreamAdapter.
    [{ DEEPGRAM_API_KEY: 'dg', OPENAI_API_KEY: 'sk-x' }, ['deepgram.STT', 'stt.StreamAdapter<openai.STT>']],
  ])('%o gives %o', async (env, labels) => {
    const model = await createStt(config(env), { vad: createTurnHandling().vad });
    expect(sttLabels(model)).toEqual(labels);
    expect(model instanceof stt.FallbackAdapter).toBe(labels.length > 1);
  });

  it('needs a provider', async () => {
    await expect(createStt(config({}))).rejects.toThrow(/DEEPGRAM_API_KEY or OPENAI_API_KEY/);
  });
});

describe('text-to-speech chosen from configuration', () => {
  it.each([
    [{ ELEVENLABS_API_KEY: 'el' }, ['elevenlabs.TTS']],
    [{ OPENAI_API_KEY: 'sk-x' }, ['openai.TTS']],
    [{ ELEVENLABS_API_KEY: 'el', OPENAI_API_KEY: 'sk-x' }, ['elevenlabs.TTS', 'openai.TTS']],
    [
      { ELEVENLABS_API_KEY: 'el', OPENAI_API_KEY: 'sk-x', TTS_PROVIDER: 'openai' },
      ['openai.TTS', 'elevenlabs.TTS'],
    ],
    [
      { ELEVENLABS_API_KEY: 'el', OPENAI_API_KEY: 'sk-x', TTS_PROVIDER: 'elevenlabs' },
      ['elevenlabs.TTS', 'openai.TTS'],
    ],
    [{ ELEVENLABS_API_KEY: 'el', TTS_PROVIDER: 'openai' }, 'TTS_PROVIDER=openai needs OPENAI_API_KEY'],
    [
      { OPENAI_API_KEY: 'sk-x', TTS_PROVIDER: 'elevenlabs' },
      'TTS_PROVIDER=elevenlabs needs ELEVENLABS_API_KEY',
    ],
    [{}, 'set ELEVENLABS_API_KEY or OPENAI_API_KEY'],
  ])('%o gives %o', async (env, expected) => {
    if (typeof expected === 'string') {
      await expect(createTts(config(env))).rejects.toThrow(expected);
      return;
    }
    const model = await createTts(config(env));
    expect(ttsLabels(model)).toEqual(expected);
    expect(model instanceof tts.FallbackAdapter).toBe(expected.length > 1);
  });

  it('keeps one output rate across providers (the adapter resamples ElevenLabs to OpenAI’s 24 kHz)', async () => {
    const model = await createTts(config({ ELEVENLABS_API_KEY: 'el', OPENAI_API_KEY: 'sk-x' }));
    expect(model.sampleRate).toBe(24_000);
    expect(model.capabilities.streaming).toBe(true);
  });
});

describe('provider order and base URLs in the configuration', () => {
  const env = (values: Record<string, string>) => config(values).env;

  it('lists what is configured, primary first', () => {
    expect(voiceProviderOrder(env({}))).toEqual({ stt: [], tts: [] });
    expect(
      voiceProviderOrder(env({ DEEPGRAM_API_KEY: 'dg', ELEVENLABS_API_KEY: 'el', OPENAI_API_KEY: 'sk' })),
    ).toEqual({ stt: ['deepgram', 'openai'], tts: ['elevenlabs', 'openai'] });
    expect(voiceProviderOrder(env({ OPENAI_API_KEY: 'sk', TTS_PROVIDER: 'elevenlabs' })).tts).toEqual([
      'elevenlabs',
      'openai',
    ]);
  });

  it('describes the chains in the parts summary', () => {
    const c = config({ DEEPGRAM_API_KEY: 'dg', ELEVENLABS_API_KEY: 'el', OPENAI_API_KEY: 'sk' });
    expect(c.parts.find((p) => p.part === 'voice')?.detail).toBe(
      'LiveKit worker, STT Deepgram then OpenAI, TTS elevenlabs then openai',
    );
  });

  it('accepts each provider base URL in the scheme its plugin expects, without a trailing slash', () => {
    const c = config({
      DEEPGRAM_BASE_URL: 'wss://deepgram.example.com/',
      ELEVENLABS_BASE_URL: 'https://elevenlabs.example.com/v1/',
    });
    expect(c.env.DEEPGRAM_BASE_URL).toBe('wss://deepgram.example.com');
    expect(c.env.ELEVENLABS_BASE_URL).toBe('https://elevenlabs.example.com/v1');
    expect(config({ DEEPGRAM_BASE_URL: 'https://deepgram.example.com' }).env.DEEPGRAM_BASE_URL).toBe(
      'https://deepgram.example.com',
    );
  });

  it.each([
    ['DEEPGRAM_BASE_URL', 'ftp://deepgram.example.com'],
    ['DEEPGRAM_BASE_URL', 'not a url'],
    ['ELEVENLABS_BASE_URL', 'wss://elevenlabs.example.com/v1'],
  ])('rejects %s=%s, naming the variable', (name, value) => {
    expect(() => config({ [name]: value })).toThrow(name);
  });
});

describe('turn handling', () => {
  it('builds voice activity and turn detection locally, with no cloud call', () => {
    const { vad, turnDetection } = createTurnHandling();
    expect(vad.label).toBe('inference.VAD');
    expect(turnDetection.constructor.name).toBe('TurnDetector');
  });
});
