import { initializeLogger } from '@livekit/agents';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStt, createTts, createTurnHandling } from '../../src/agent/voice_providers.js';
import { loadConfig } from '../../src/config.js';

beforeAll(() => initializeLogger({ pretty: false, level: 'silent' }));

const LIVEKIT = {
  LIVEKIT_URL: 'wss://example.livekit.cloud',
  LIVEKIT_API_KEY: 'key',
  LIVEKIT_API_SECRET: 'secret',
};

describe('voice providers chosen from configuration', () => {
  it('uses Deepgram and ElevenLabs when their keys are set', async () => {
    const config = loadConfig({
      ...LIVEKIT,
      OPENAI_API_KEY: 'sk-x',
      DEEPGRAM_API_KEY: 'dg',
      ELEVENLABS_API_KEY: 'el',
    });
    expect((await createStt(config)).label).toBe('deepgram.STT');
    expect((await createTts(config)).label).toBe('elevenlabs.TTS');
    expect(config.parts.find((p) => p.part === 'voice')?.detail).toMatch(/Deepgram.*elevenlabs/);
  });

  it('falls back to OpenAI speech when only OpenAI is configured, and honours TTS_PROVIDER', async () => {
    const config = loadConfig({ ...LIVEKIT, OPENAI_API_KEY: 'sk-x' });
    expect((await createStt(config)).label).toBe('openai.STT');
    expect((await createTts(config)).label).toBe('openai.TTS');
    const forced = loadConfig({
      ...LIVEKIT,
      OPENAI_API_KEY: 'sk-x',
      ELEVENLABS_API_KEY: 'el',
      TTS_PROVIDER: 'openai',
    });
    expect((await createTts(forced)).label).toBe('openai.TTS');
  });

  it('builds voice activity and turn detection locally, with no cloud call', () => {
    const { vad, turnDetection } = createTurnHandling();
    expect(vad.label).toBe('inference.VAD');
    expect(turnDetection.constructor.name).toBe('TurnDetector');
  });

  it('exposes the LiveKit job entry point', async () => {
    const agent = (await import('../../src/agent/voice_agent.js')).default;
    expect(typeof agent.entry).toBe('function');
  });
});
