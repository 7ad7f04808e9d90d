import { randomUUID } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { refusableServer } from './http_server.js';

/**
 * A local stand-in for Deepgram's live transcription WebSocket, GET /v1/listen, as documented
 * (developers.deepgram.com/reference/speech-to-text-api/listen-streaming) and as LiveKit's plugin
 * uses it: `Authorization: Token <key>`, options in the query string (model, language, encoding=
 * linear16, sample_rate, interim_results, vad_events, ...), binary audio frames in, JSON out:
 * `SpeechStarted`, `Results` (interim, then is_final + speech_final at the end of an utterance),
 * and `Metadata` before the server closes after `CloseStream`. `KeepAlive` is accepted and ignored;
 * `Finalize` turns pending audio into a final result with `from_finalize: true`.
 *
 * What the fake hears: audio above a fixed level is speech; 300 ms below it ends the utterance
 * (real Deepgram uses its own model and the `endpointing` option). While speech goes on, an
 * interim result every 400 ms of audio; each utterance is transcribed as the next string of
 * `transcripts`.
 *
 * Failure modes: 'refuse' stops listening (connection refused), 'http_error' answers the upgrade
 * with `errorStatus` and Deepgram's JSON error body, 'stall' accepts the TCP connection and never
 * answers the upgrade, 'silent' opens the WebSocket and then never sends anything.
 */
export type FakeDeepgramMode = 'ok' | 'refuse' | 'http_error' | 'stall' | 'silent';

export const FAKE_DEEPGRAM_KEY = 'dg-test-fake';

export interface DeepgramConnection {
  query: URLSearchParams;
  audioBytes: number;
  /** Types of the JSON messages the client sent (KeepAlive, Finalize, CloseStream). */
  controls: string[];
  /** Final transcripts sent on this connection. */
  finals: string[];
  closed: boolean;
}

export interface FakeDeepgram {
  /** Origin for DEEPGRAM_BASE_URL (ws://127.0.0.1:port); the plugin adds /v1/listen. */
  url: string;
  readonly mode: FakeDeepgramMode;
  setMode(mode: FakeDeepgramMode): Promise<void>;
  errorStatus: number;
  /** Words for the next utterances, in order; 'hello from deepgram' when empty. */
  transcripts: string[];
  /** Upgrade requests that reached the server (refused connections never do). */
  upgrades: number;
  connections: DeepgramConnection[];
  /** Closes every open WebSocket abruptly (code 1011), as a crashed server would. */
  dropAll(): void;
  close(): Promise<void>;
}

const SPEECH_RMS = 0.01 * 32768;
const ENDPOINT_MS = 300;
const INTERIM_EVERY_MS = 400;

function rms(samples: Int16Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return samples.length ? Math.sqrt(sum / samples.length) : 0;
}

function results(
  transcript: string,
  start: number,
  duration: number,
  flags: { isFinal: boolean; speechFinal: boolean; fromFinalize?: boolean },
) {
  const words = transcript.split(/\s+/).filter(Boolean);
  const step = words.length ? duration / words.length : 0;
  return {
    type: 'Results',
    channel_index: [0, 1],
    duration,
    start,
    is_final: flags.isFinal,
    speech_final: flags.speechFinal,
    from_finalize: flags.fromFinalize ?? false,
    channel: {
      alternatives: [
        {
          transcript,
          confidence: 0.98,
          words: words.map((word, i) => ({
            word: word.toLowerCase().replace(/[^\w']/g, ''),
            start: start + i * step,
            end: start + (i + 1) * step,
            confidence: 0.98,
            punctuated_word: word,
          })),
        },
      ],
    },
    metadata: {
      request_id: randomUUID(),
      model_info: { name: 'general', version: '2024-01-01.0', arch: 'nova-3' },
      model_uuid: randomUUID(),
    },
  };
}

export async function startFakeDeepgram(): Promise<FakeDeepgram> {
  const state = {
    mode: 'ok' as FakeDeepgramMode,
    errorStatus: 503,
    transcripts: [] as string[],
    upgrades: 0,
    connections: [] as DeepgramConnection[],
  };
  const sockets = new Set<Socket>();
  const clients = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });

  const rejectUpgrade = (socket: Socket, status: number, message: string) => {
    const body = JSON.stringify({ err_code: 'REQUEST_ERROR', err_msg: message, request_id: randomUUID() });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\n` +
        `dg-error: ${message}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  };

  const serve = (ws: WebSocket, query: URLSearchParams) => {
    const connection: DeepgramConnection = { query, audioBytes: 0, controls: [], finals: [], closed: false };
    state.connections.push(connection);
    clients.add(ws);
    const sampleRate = Number(query.get('sample_rate') ?? 16000);
    const send = (message: object) => {
      if (state.mode !== 'silent' && ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    let audioMs = 0; // position in the stream
    let speechStartMs: number | undefined;
    let silentMs = 0;
    let lastInterimMs = 0;

    const endUtterance = (fromFinalize: boolean) => {
      if (speechStartMs === undefined) return;
      const transcript = state.transcripts.shift() ?? 'hello from deepgram';
      const start = speechStartMs / 1000;
      const duration = (audioMs - silentMs - speechStartMs) / 1000;
      send(results(transcript, start, duration, { isFinal: true, speechFinal: true, fromFinalize }));
      connection.finals.push(transcript);
      speechStartMs = undefined;
    };

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) {
        const message = JSON.parse(data.toString()) as { type?: string };
        connection.controls.push(message.type ?? 'unknown');
        if (message.type === 'Finalize') endUtterance(true);
        if (message.type === 'CloseStream') {
          endUtterance(true);
          send({
            type: 'Metadata',
            transaction_key: 'deprecated',
            request_id: randomUUID(),
            created: new Date().toISOString(),
            duration: audioMs / 1000,
            channels: Number(query.get('channels') ?? 1),
          });
          ws.close(1000);
        }
        return;
      }
      const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      connection.audioBytes += bytes.length;
      const samples = new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 2));
      const chunkMs = (samples.length / sampleRate) * 1000;
      audioMs += chunkMs;
      if (rms(samples) > SPEECH_RMS) {
        silentMs = 0;
        if (speechStartMs === undefined) {
          speechStartMs = lastInterimMs = audioMs - chunkMs;
          send({ type: 'SpeechStarted', channel: [0], timestamp: speechStartMs / 1000 });
        } else if (audioMs - lastInterimMs >= INTERIM_EVERY_MS) {
          // An interim result as the utterance goes on: the first words of what will be final.
          const words = (state.transcripts[0] ?? 'hello from deepgram').split(' ');
          const heard = Math.ceil((audioMs - speechStartMs) / 400);
          send(
            results(words.slice(0, heard).join(' '), speechStartMs / 1000, (audioMs - speechStartMs) / 1000, {
              isFinal: false,
              speechFinal: false,
            }),
          );
          lastInterimMs = audioMs;
        }
      } else if (speechStartMs !== undefined) {
        silentMs += chunkMs;
        if (silentMs >= ENDPOINT_MS) endUtterance(false);
      }
    });
    ws.on('close', () => {
      connection.closed = true;
      clients.delete(ws);
    });
  };

  const server: Server = createServer((_request, response) => {
    response.writeHead(405, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ err_code: 'METHOD_NOT_ALLOWED', err_msg: 'Use a WebSocket' }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    state.upgrades += 1;
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (state.mode === 'stall') return; // the socket stays open, unanswered, until close()
    if (state.mode === 'http_error') return rejectUpgrade(socket, state.errorStatus, 'Service unavailable');
    if (url.pathname !== '/v1/listen') return rejectUpgrade(socket, 404, 'Not found');
    if (request.headers.authorization !== `Token ${FAKE_DEEPGRAM_KEY}`) {
      return rejectUpgrade(socket, 401, 'Invalid credentials');
    }
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws, url.searchParams));
  });

  const dropAll = () => {
    for (const client of clients) client.close(1011, 'internal error');
  };
  const listening = await refusableServer(server, () => {
    dropAll();
    for (const socket of sockets) socket.destroy();
  });

  return {
    url: `ws://127.0.0.1:${listening.port}`,
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
    get transcripts() {
      return state.transcripts;
    },
    set transcripts(value) {
      state.transcripts = value;
    },
    get upgrades() {
      return state.upgrades;
    },
    connections: state.connections,
    dropAll,
    close: async () => {
      wss.close();
      await listening.close();
    },
  };
}
