import { inference, type stt, type tts } from '@livekit/agents';
import type { AppConfig } from '../config.js';

// Each provider's plugin is imported only when it is the one configured, and only in the voice worker.

/** Speech-to-text: Deepgram when its key is set, otherwise OpenAI's transcription. */
export async function createStt(config: AppConfig): Promise<stt.STT> {
  const { env } = config;
  if (env.DEEPGRAM_API_KEY) {
    const deepgram = await import('@livekit/agents-plugin-deepgram');
    return new deepgram.STT({ apiKey: env.DEEPGRAM_API_KEY, model: 'nova-3', language: 'en-US' });
  }
  const openai = await import('@livekit/agents-plugin-openai');
  return new openai.STT({ apiKey: env.OPENAI_API_KEY });
}

/** Text-to-speech from TTS_PROVIDER ('auto' prefers ElevenLabs when its key is set). */
export async function createTts(config: AppConfig): Promise<tts.TTS> {
  const { env } = config;
  const provider =
    env.TTS_PROVIDER === 'auto' ? (env.ELEVENLABS_API_KEY ? 'elevenlabs' : 'openai') : env.TTS_PROVIDER;
  if (provider === 'elevenlabs') {
    const elevenlabs = await import('@livekit/agents-plugin-elevenlabs');
    return new elevenlabs.TTS({
      apiKey: env.ELEVENLABS_API_KEY,
      ...(env.ELEVENLABS_VOICE_ID ? { voiceId: env.ELEVENLABS_VOICE_ID } : {}),
    });
  }
  const openai = await import('@livekit/agents-plugin-openai');
  return new openai.TTS({ apiKey: env.OPENAI_API_KEY, voice: 'coral' });
}

/** Local Silero VAD and the small local turn detector: nothing here calls LiveKit's cloud inference. */
export function createTurnHandling() {
  return {
    vad: new inference.VAD(),
    turnDetection: new inference.TurnDetector({ version: 'v1-mini' }),
  };
}
