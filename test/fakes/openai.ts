import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './http_server.js';
import { OPENAI_ERRORS } from './openai_errors.js';

/**
 * A local stand-in for OpenAI's Chat Completions API (POST /v1/chat/completions, stream: true),
 * following the documented contract: bearer auth, server-sent `chat.completion.chunk` events
 * ending in `data: [DONE]`, JSON error bodies with 401/429/500, and a Retry-After on 429.
 */
export type FakeOpenAIMode =
  | 'text'
  | 'tool'
  | 'script'
  | 'server_error'
  | 'rate_limited'
  | 'slow'
  | 'malformed'
  /** Every other request fails with a 500, the rest answer as 'tool' does. */
  | 'flapping';

/** One scripted model response: a tool call, or a text reply. */
export type ScriptedStep = { tool: string; args: Record<string, unknown> } | { text: string };

export interface ChatRequest {
  model: string;
  stream: boolean;
  messages: Array<{ role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }>;
  tools?: Array<{ type: string; function: { name: string } }>;
}

export interface FakeOpenAI {
  url: string;
  mode: FakeOpenAIMode;
  requests: ChatRequest[];
  reply: string;
  /** In 'script' mode, each request takes the next step. */
  script: ScriptedStep[];
  close(): Promise<void>;
}

const API_KEY = 'sk-test-fake';
export const FAKE_OPENAI_KEY = API_KEY;

function chunk(id: string, delta: Record<string, unknown>, finish: string | null = null): string {
  const payload = {
    id,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
  return `data: ${JSON.stringify(payload)}\n\n`;
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const state = {
    mode: 'text' as FakeOpenAIMode,
    requests: [] as ChatRequest[],
    reply: 'Happy to help with that.',
    script: [] as ScriptedStep[],
  };
  const sockets = new Set<import('node:net').Socket>();
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const json = (status: number, body: object, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
      return json(OPENAI_ERRORS.notFound.status, OPENAI_ERRORS.notFound.body);
    }
    if (request.headers.authorization !== `Bearer ${API_KEY}`) {
      return json(OPENAI_ERRORS.invalidKey.status, OPENAI_ERRORS.invalidKey.body);
    }
    const body = JSON.parse(await readBody(request)) as ChatRequest;
    state.requests.push(body);
    const flapDown = state.mode === 'flapping' && state.requests.length % 2 === 1;
    switch (flapDown ? 'server_error' : state.mode) {
      case 'server_error':
        return json(OPENAI_ERRORS.serverError.status, OPENAI_ERRORS.serverError.body);
      case 'rate_limited':
        return json(
          OPENAI_ERRORS.rateLimited.status,
          OPENAI_ERRORS.rateLimited.body,
          OPENAI_ERRORS.rateLimited.headers,
        );
      case 'slow':
        // Longer than any timeout the client should allow; the socket is destroyed on close().
        return;
      default:
        break;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const id = `chatcmpl-${state.requests.length}`;
    if (state.mode === 'malformed') {
      response.end('data: {"id": "broken", "choices": [ {\n\n');
      return;
    }
    const last = body.messages[body.messages.length - 1];
    if (state.mode === 'script') {
      const step = state.script.shift() ?? { text: state.reply };
      if ('tool' in step) {
        response.write(chunk(id, { role: 'assistant', content: null }));
        response.write(
          chunk(id, {
            tool_calls: [
              {
                index: 0,
                id: `call_${state.requests.length}`,
                type: 'function',
                function: { name: step.tool, arguments: JSON.stringify(step.args) },
              },
            ],
          }),
        );
        response.write(chunk(id, {}, 'tool_calls'));
      } else {
        response.write(chunk(id, { role: 'assistant', content: '' }));
        for (const piece of step.text.match(/.{1,12}/g) ?? []) response.write(chunk(id, { content: piece }));
        response.write(chunk(id, {}, 'stop'));
      }
      response.end('data: [DONE]\n\n');
      return;
    }
    if ((state.mode === 'tool' || state.mode === 'flapping') && last?.role === 'user') {
      const args = JSON.stringify({ query: String(last.content) });
      response.write(chunk(id, { role: 'assistant', content: null }));
      response.write(
        chunk(id, {
          tool_calls: [
            {
              index: 0,
              id: 'call_1',
              type: 'function',
              function: { name: 'search_knowledge', arguments: '' },
            },
          ],
        }),
      );
      response.write(chunk(id, { tool_calls: [{ index: 0, function: { arguments: args } }] }));
      response.write(chunk(id, {}, 'tool_calls'));
    } else {
      const text =
        state.mode === 'tool' || state.mode === 'flapping'
          ? `From the help center: ${String(last?.content).slice(0, 60)}`
          : state.reply;
      response.write(chunk(id, { role: 'assistant', content: '' }));
      for (const piece of text.match(/.{1,12}/g) ?? []) response.write(chunk(id, { content: piece }));
      response.write(chunk(id, {}, 'stop'));
    }
    response.end('data: [DONE]\n\n');
  };
  const server: Server = createServer((request, response) => void handle(request, response));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get mode() {
      return state.mode;
    },
    set mode(value) {
      state.mode = value;
    },
    get reply() {
      return state.reply;
    },
    set reply(value) {
      state.reply = value;
    },
    requests: state.requests,
    get script() {
      return state.script;
    },
    set script(value) {
      state.script = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The settings that point Sarah's OpenAI client at this fake, with a short model deadline. */
export function openAiEnv(fake: Pick<FakeOpenAI, 'url'>): Record<string, string> {
  return { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: fake.url, LLM_TIMEOUT_MS: '1500' };
}
