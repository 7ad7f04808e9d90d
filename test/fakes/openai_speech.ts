import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { readBodyBytes as readBody, refusableServer } from './http_server.js';
import { OPENAI_ERRORS } from './openai_errors.js';

/**
 * A local stand-in for OpenAI's audio endpoints, following the documented contracts
 * (platform.openai.com/docs/api-reference/audio):
 * - POST /v1/audio/speech, JSON `{model, input, voice, response_format, speed}` in, audio out: `pcm`
 *   is raw 24 kHz 16-bit mono little-endian, `wav` the same with a WAV header. (The fake makes no
 *   compressed formats: mp3, opus, aac and flac get a 400. LiveKit's plugin always asks for pcm.)
 * - POST /v1/audio/transcriptions, multipart form `file`, `model`, `language`, `prompt`,
 *   `response_format`, out `{"text": ...}` (json) or the bare text (text).
 * Bearer auth; errors are OpenAI's JSON error bodies; 429 carries Retry-After.
 * Speech is a 440 Hz tone, `MS_PER_CHAR` milliseconds per character of input.
 *
 * Failure modes (both endpoints): 'refuse' stops listening, 'rate_limited' (429), 'server_error'
 * (500), 'stall' never answers.
 */
export type FakeOpenAISpeechMode = 'ok' | 'refuse' | 'rate_limited' | 'server_error' | 'stall';

export const FAKE_OPENAI_SPEECH_KEY = 'sk-test-fake-speech';
export const SPEECH_SAMPLE_RATE = 24_000;
export const MS_PER_CHAR = 30;

export interface SpeechRequest {
  model: string;
  input: string;
  voice: string;
  response_format?: string;
  speed?: number;
  /** Milliseconds of audio sent back. */
  audioMs: number;
}

export interface TranscriptionRequest {
  model: string;
  language?: string;
  responseFormat: string;
  filename: string;
  /** Sample rate and length of the uploaded WAV file. */
  sampleRate: number;
  durationMs: number;
}

export interface FakeOpenAISpeech {
  /** Base for OPENAI_BASE_URL (http://127.0.0.1:port/v1). */
  url: string;
  readonly mode: FakeOpenAISpeechMode;
  setMode(mode: FakeOpenAISpeechMode): Promise<void>;
  speech: SpeechRequest[];
  transcriptions: TranscriptionRequest[];
  /** Text for the next transcriptions, in order; 'hello from openai' when empty. */
  transcripts: string[];
  close(): Promise<void>;
}

function tone(ms: number): Buffer {
  const count = Math.round((ms / 1000) * SPEECH_SAMPLE_RATE);
  const pcm = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) {
    pcm.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / SPEECH_SAMPLE_RATE) * 8000), i * 2);
  }
  return pcm;
}

function wavHeader(dataBytes: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(SPEECH_SAMPLE_RATE, 24);
  header.writeUInt32LE(SPEECH_SAMPLE_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

export async function startFakeOpenAISpeech(): Promise<FakeOpenAISpeech> {
  const state = {
    mode: 'ok' as FakeOpenAISpeechMode,
    speech: [] as SpeechRequest[],
    transcriptions: [] as TranscriptionRequest[],
    transcripts: [] as string[],
  };
  const sockets = new Set<Socket>();

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const json = (status: number, body: object, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    const invalid = (message: string) =>
      json(400, { error: { message, type: 'invalid_request_error', param: null, code: null } });
    const path = request.url?.split('?')[0];
    if (request.method !== 'POST' || (path !== '/v1/audio/speech' && path !== '/v1/audio/transcriptions')) {
      return json(OPENAI_ERRORS.notFound.status, OPENAI_ERRORS.notFound.body);
    }
    if (request.headers.authorization !== `Bearer ${FAKE_OPENAI_SPEECH_KEY}`) {
      return json(OPENAI_ERRORS.invalidKey.status, OPENAI_ERRORS.invalidKey.body);
    }
    const body = await readBody(request);
    switch (state.mode) {
      case 'stall':
        return; // the socket is destroyed on close()
      case 'rate_limited':
        return json(
          OPENAI_ERRORS.rateLimited.status,
          OPENAI_ERRORS.rateLimited.body,
          OPENAI_ERRORS.rateLimited.headers,
        );
      case 'server_error':
        return json(OPENAI_ERRORS.serverError.status, OPENAI_ERRORS.serverError.body);
      default:
        break;
    }

    if (path === '/v1/audio/speech') {
      const params = JSON.parse(body.toString()) as Omit<SpeechRequest, 'audioMs'>;
      if (!params.input || !params.model || !params.voice)
        return invalid('input, model and voice are required');
      const format = params.response_format ?? 'mp3';
      if (format !== 'pcm' && format !== 'wav') return invalid(`this fake makes pcm and wav, not ${format}`);
      const audioMs = [...params.input].length * MS_PER_CHAR;
      state.speech.push({ ...params, audioMs });
      const pcm = tone(audioMs);
      response.writeHead(200, { 'content-type': format === 'pcm' ? 'audio/pcm' : 'audio/wav' });
      response.end(format === 'pcm' ? pcm : Buffer.concat([wavHeader(pcm.length), pcm]));
      return;
    }

    // Transcriptions: the fetch API parses the multipart form the OpenAI client sends.
    const form = await new Response(new Uint8Array(body), {
      headers: { 'content-type': request.headers['content-type'] ?? '' },
    }).formData();
    const file = form.get('file');
    const model = form.get('model');
    if (!(file instanceof Blob) || typeof model !== 'string') return invalid('file and model are required');
    const wav = Buffer.from(await file.arrayBuffer());
    if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') {
      return invalid('Invalid file format.');
    }
    const sampleRate = wav.readUInt32LE(24);
    const channels = wav.readUInt16LE(22);
    const dataBytes = wav.readUInt32LE(40);
    const responseFormat = String(form.get('response_format') ?? 'json');
    const language = form.get('language');
    state.transcriptions.push({
      model,
      ...(typeof language === 'string' ? { language } : {}),
      responseFormat,
      filename: file instanceof File ? file.name : 'blob',
      sampleRate,
      durationMs: (dataBytes / 2 / channels / sampleRate) * 1000,
    });
    const text = state.transcripts.shift() ?? 'hello from openai';
    if (responseFormat === 'text') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(text);
      return;
    }
    json(200, { text, usage: { type: 'duration', seconds: Math.ceil(dataBytes / 2 / sampleRate) } });
  };

  const server: Server = createServer((request, response) => void handle(request, response));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listening = await refusableServer(server, () => {
    for (const socket of sockets) socket.destroy();
  });

  return {
    url: `http://127.0.0.1:${listening.port}/v1`,
    get mode() {
      return state.mode;
    },
    async setMode(mode) {
      state.mode = mode;
      await listening.refuse(mode === 'refuse');
    },
    speech: state.speech,
    transcriptions: state.transcriptions,
    get transcripts() {
      return state.transcripts;
    },
    set transcripts(value) {
      state.transcripts = value;
    },
    close: () => listening.close(),
  };
}
