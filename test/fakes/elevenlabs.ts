import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { refusableServer } from './http_server.js';

/**
 * A local stand-in for ElevenLabs text-to-speech as LiveKit's plugin uses it, following the
 * documented contracts (elevenlabs.io/docs/api-reference):
 * - the multi-context WebSocket GET /v1/text-to-speech/{voice_id}/multi-stream-input (the plugin's
 *   `stream()`): `xi-api-key` header, model_id and output_format in the query; JSON messages in: a
 *   context's first message `{"text": " ", "voice_settings", "context_id"}`, then text chunks with
 *   an optional `flush`, then `{"close_context": true}`; JSON out: `{"audio": <base64 PCM>,
 *   "normalizedAlignment", "alignment", "contextId"}` chunks, and `{"isFinal": true, "contextId"}`
 *   once the context is closed and all its audio sent. `{"close_socket": true}` ends the connection.
 * - POST /v1/text-to-speech/{voice_id}/stream (the plugin's `synthesize()`, also its recovery probe):
 *   JSON `{text, model_id, ...}` in, raw audio out.
 * Audio is a 440 Hz tone, `MS_PER_CHAR` milliseconds per character of text, at the rate named in
 * output_format (pcm_16000, pcm_22050, pcm_44100), 16-bit mono little-endian.
 *
 * Failure modes: 'refuse' stops listening, 'http_error' answers the upgrade and HTTP requests with
 * `errorStatus`, 'stall' never answers the upgrade or the request, 'silent' takes text and never
 * sends audio, 'cut_off' sends the first audio message of a context and drops the connection
 * 100 ms later (a server that dies mid-sentence).
 */
export type FakeElevenLabsMode = 'ok' | 'refuse' | 'http_error' | 'stall' | 'silent' | 'cut_off';

export const FAKE_ELEVENLABS_KEY = 'el-test-fake';
export const MS_PER_CHAR = 40;

/** One synthesis: a WebSocket context or an HTTP request. */
export interface ElevenLabsSynthesis {
  via: 'websocket' | 'http';
  voiceId: string;
  query: URLSearchParams;
  /** Text the client sent, in order, without the opening single space. */
  texts: string[];
  /** Milliseconds of audio sent back. */
  audioMs: number;
  final: boolean;
}

export interface FakeElevenLabs {
  /** Base for ELEVENLABS_BASE_URL (http://127.0.0.1:port/v1); the plugin switches to ws:// itself. */
  url: string;
  readonly mode: FakeElevenLabsMode;
  setMode(mode: FakeElevenLabsMode): Promise<void>;
  errorStatus: number;
  /** Requests or upgrades that reached the server (refused connections never do). */
  attempts: number;
  syntheses: ElevenLabsSynthesis[];
  close(): Promise<void>;
}

const PATH = /^\/v1\/text-to-speech\/([^/]+)\/(multi-stream-input|stream)$/;

function tone(ms: number, sampleRate: number): Buffer {
  const count = Math.round((ms / 1000) * sampleRate);
  const pcm = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) {
    pcm.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / sampleRate) * 8000), i * 2);
  }
  return pcm;
}

function sampleRateOf(query: URLSearchParams): number {
  return Number(/^pcm_(\d+)$/.exec(query.get('output_format') ?? 'pcm_22050')?.[1] ?? 22050);
}

export async function startFakeElevenLabs(): Promise<FakeElevenLabs> {
  const state = {
    mode: 'ok' as FakeElevenLabsMode,
    errorStatus: 503,
    attempts: 0,
    syntheses: [] as ElevenLabsSynthesis[],
  };
  const sockets = new Set<Socket>();
  const clients = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });
  const errorBody = (status: number) =>
    JSON.stringify({
      detail: { status: status === 401 ? 'invalid_api_key' : 'error', message: STATUS_CODES[status] },
    });

  const serve = (ws: WebSocket, voiceId: string, query: URLSearchParams) => {
    clients.add(ws);
    const sampleRate = sampleRateOf(query);
    const contexts = new Map<string, { synthesis: ElevenLabsSynthesis; pending: string }>();
    const speak = (contextId: string, context: { synthesis: ElevenLabsSynthesis; pending: string }) => {
      const text = context.pending;
      context.pending = '';
      if (!text || state.mode === 'silent') return;
      const chars = [...text];
      const pcm = tone(chars.length * MS_PER_CHAR, sampleRate);
      const alignment = {
        chars,
        charStartTimesMs: chars.map((_, i) => context.synthesis.audioMs + i * MS_PER_CHAR),
        charDurationsMs: chars.map(() => MS_PER_CHAR),
      };
      const chunkBytes = Math.round(sampleRate * 0.1) * 2; // 100 ms per message
      if (state.mode === 'cut_off') {
        ws.send(JSON.stringify({ audio: pcm.subarray(0, chunkBytes).toString('base64'), contextId }));
        context.synthesis.audioMs += 100;
        setTimeout(() => ws.terminate(), 100);
        return;
      }
      for (let offset = 0; offset < pcm.length; offset += chunkBytes) {
        const first = offset === 0;
        ws.send(
          JSON.stringify({
            audio: pcm.subarray(offset, offset + chunkBytes).toString('base64'),
            normalizedAlignment: first ? alignment : null,
            alignment: first ? alignment : null,
            contextId,
          }),
        );
      }
      context.synthesis.audioMs += chars.length * MS_PER_CHAR;
    };
    ws.on('message', (data: RawData) => {
      const message = JSON.parse(data.toString()) as {
        text?: string;
        context_id?: string;
        flush?: boolean;
        close_context?: boolean;
        close_socket?: boolean;
      };
      if (message.close_socket) return ws.close(1000);
      const contextId = message.context_id ?? 'default';
      let context = contexts.get(contextId);
      if (!context) {
        const synthesis: ElevenLabsSynthesis = {
          via: 'websocket',
          voiceId,
          query,
          texts: [],
          audioMs: 0,
          final: false,
        };
        state.syntheses.push(synthesis);
        context = { synthesis, pending: '' };
        contexts.set(contextId, context);
        if (message.text === ' ') return; // the opening message carries settings, not speech
      }
      if (message.text) {
        context.synthesis.texts.push(message.text);
        context.pending += message.text;
      }
      if (message.flush) speak(contextId, context);
      if (message.close_context) {
        speak(contextId, context);
        if (state.mode === 'silent') return;
        context.synthesis.final = true;
        ws.send(JSON.stringify({ isFinal: true, contextId }));
        contexts.delete(contextId);
      }
    });
    ws.on('close', () => clients.delete(ws));
  };

  const handleHttp = async (request: IncomingMessage, response: ServerResponse) => {
    state.attempts += 1;
    if (state.mode === 'stall') return; // never answered; the socket is destroyed on close()
    const fail = (status: number) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(errorBody(status));
    };
    if (state.mode === 'http_error') return fail(state.errorStatus);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = PATH.exec(url.pathname);
    if (request.method !== 'POST' || !match || match[2] !== 'stream') return fail(404);
    if (request.headers['xi-api-key'] !== FAKE_ELEVENLABS_KEY) return fail(401);
    let body = '';
    for await (const chunk of request) body += String(chunk);
    const { text } = JSON.parse(body) as { text: string };
    const synthesis: ElevenLabsSynthesis = {
      via: 'http',
      voiceId: match[1]!,
      query: url.searchParams,
      texts: [text],
      audioMs: 0,
      final: true,
    };
    state.syntheses.push(synthesis);
    if (state.mode === 'silent') return; // headers never sent
    const ms = [...text].length * MS_PER_CHAR;
    synthesis.audioMs = ms;
    response.writeHead(200, { 'content-type': 'audio/pcm' });
    response.end(tone(ms, sampleRateOf(url.searchParams)));
  };

  const server: Server = createServer((request, response) => void handleHttp(request, response));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    state.attempts += 1;
    const reject = (status: number) => {
      const body = errorBody(status);
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    };
    if (state.mode === 'stall') return;
    if (state.mode === 'http_error') return reject(state.errorStatus);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = PATH.exec(url.pathname);
    if (!match || match[2] !== 'multi-stream-input') return reject(404);
    if (request.headers['xi-api-key'] !== FAKE_ELEVENLABS_KEY) return reject(401);
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws, match[1]!, url.searchParams));
  });

  const listening = await refusableServer(server, () => {
    for (const client of clients) client.terminate();
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
    get errorStatus() {
      return state.errorStatus;
    },
    set errorStatus(value) {
      state.errorStatus = value;
    },
    get attempts() {
      return state.attempts;
    },
    syntheses: state.syntheses,
    close: async () => {
      wss.close();
      await listening.close();
    },
  };
}
