import { llm, type APIConnectOptions } from '@livekit/agents';
import { COPY } from '../../conversation/copy.js';
import type { SessionContext } from '../context.js';
import { parseJsonOrText } from '../session_setup.js';
import { decide, type ToolResult } from './decide.js';
import { understand } from './understand.js';

type ChatArgs = Parameters<llm.LLM['chat']>[0];

/**
 * A deterministic, rule-based stand-in for a language model. It is what runs with no LLM
 * credentials and the last fallback behind OpenAI. It reads the same chat context a model would,
 * plus the session's own state, and answers through the same tools.
 */
export class OfflineBrain extends llm.LLM {
  constructor(private readonly context: () => SessionContext) {
    super();
  }

  label(): string {
    return 'sarah.offline-brain';
  }

  override get model(): string {
    return 'offline-rules-v1';
  }

  override get provider(): string {
    return 'sarah';
  }

  chat({ chatCtx, toolCtx, connOptions, toolChoice }: ChatArgs): llm.LLMStream {
    return new OfflineBrainStream(this, {
      chatCtx,
      toolCtx,
      connOptions: connOptions ?? { maxRetry: 0, retryIntervalMs: 0, timeoutMs: 10_000 },
      context: this.context(),
      toolsAllowed: toolChoice !== 'none',
    });
  }
}

class OfflineBrainStream extends llm.LLMStream {
  readonly #context: SessionContext;
  readonly #toolsAllowed: boolean;
  readonly #available: Set<string>;

  constructor(
    brain: OfflineBrain,
    options: {
      chatCtx: llm.ChatContext;
      toolCtx?: ChatArgs['toolCtx'];
      connOptions: APIConnectOptions;
      context: SessionContext;
      toolsAllowed: boolean;
    },
  ) {
    super(brain, { chatCtx: options.chatCtx, toolCtx: options.toolCtx, connOptions: options.connOptions });
    this.#context = options.context;
    this.#toolsAllowed = options.toolsAllowed;
    this.#available = new Set(Object.keys(this.toolCtx?.functionTools ?? {}));
  }

  protected async run(): Promise<void> {
    const { userText, results } = readTurn(this.chatCtx);
    const id = `offline-${Date.now().toString(36)}`;
    if (userText === undefined) {
      this.queue.put({ id, delta: { role: 'assistant', content: COPY.waiting } });
      return;
    }
    const ctx = this.#context;
    const action = decide(
      understand(userText, ctx.now(), ctx.userTimeZone),
      ctx,
      results,
      this.#toolsAllowed,
    );
    if (action.kind === 'tool' && this.#available.has(action.call.name)) {
      const call = llm.FunctionCall.create({
        callId: `${id}-${results.length}`,
        name: action.call.name,
        args: JSON.stringify(action.call.args),
      });
      this.queue.put({ id, delta: { role: 'assistant', toolCalls: [call] } });
      return;
    }
    const text = action.kind === 'say' ? action.text : COPY.askMore;
    if (action.kind === 'say') action.effects?.(ctx);
    // Stream sentence by sentence, as a model would, so voice output can start early.
    for (const piece of text.match(/[^.!?]+[.!?]*\s*/g) ?? [text]) {
      this.queue.put({ id, delta: { role: 'assistant', content: piece } });
    }
  }
}

/** The last user message and every tool call (with its output) that followed it. */
export function readTurn(chatCtx: llm.ChatContext): { userText: string | undefined; results: ToolResult[] } {
  const items = chatCtx.items;
  let start = items.length - 1;
  while (start >= 0) {
    const item = items[start]!;
    if (item.type === 'message' && item.role === 'user') break;
    start -= 1;
  }
  if (start < 0) return { userText: undefined, results: [] };
  const userItem = items[start] as llm.ChatMessage;
  const calls = new Map<string, { name: string; args: Record<string, unknown> }>();
  const results: ToolResult[] = [];
  for (const item of items.slice(start + 1)) {
    if (item.type === 'function_call')
      calls.set(item.callId, {
        name: item.name,
        args: parseJsonOrText(item.args) as Record<string, unknown>,
      });
    if (item.type === 'function_call_output') {
      const call = calls.get(item.callId);
      results.push({
        name: call?.name ?? item.name,
        args: call?.args ?? {},
        output: item.isError ? item.output : parseJsonOrText(item.output),
        isError: item.isError,
      });
    }
  }
  return { userText: userItem.textContent ?? '', results };
}
