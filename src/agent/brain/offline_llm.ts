import { llm, type APIConnectOptions } from '@livekit/agents';
import { COPY } from '../../conversation/copy.js';
import type { SessionContext } from '../context.js';
import { parseJsonOrText } from '../session/tool_payload.js';
import { decide } from './policy/decide.js';
import type { ToolResult } from './policy/types.js';

type ChatArgs = Parameters<llm.LLM['chat']>[0];

/**
 * A deterministic, rule-based stand-in for a language model. It is what runs with no LLM
 * credentials and the last fallback behind OpenAI. It reads the dialogue state every door keeps
 * (session/dialogue.ts) plus this turn's tool results, and answers through the same tools.
 */
export class OfflineBrain extends llm.LLM {
  constructor(private readonly context: () => SessionContext) {
    super();
  }

  label(): string {
    return 'sarah.offline-brain';
  }

  override get model(): string {
    return 'offline-rules-v2';
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
    const id = `offline-${Date.now().toString(36)}`;
    const ctx = this.#context;
    const results = toolResultsSinceLastUser(this.chatCtx);
    const u = ctx.lastUnderstanding;
    if (!u || results === undefined) {
      this.queue.put({ id, delta: { role: 'assistant', content: COPY.waiting } });
      return;
    }
    const step = decide({ u, d: ctx.dialogue, ctx, results, toolsAllowed: this.#toolsAllowed });
    if (step.kind === 'tool' && this.#available.has(step.call.name)) {
      const call = llm.FunctionCall.create({
        callId: `${id}-${results.length}`,
        name: step.call.name,
        args: JSON.stringify(step.call.args),
      });
      this.queue.put({ id, delta: { role: 'assistant', toolCalls: [call] } });
      return;
    }
    const text = step.kind === 'say' ? step.text : COPY.askMore;
    // Stream sentence by sentence, as a model would, so voice output can start early.
    for (const piece of text.match(/[^.!?]+[.!?]*\s*/g) ?? [text]) {
      this.queue.put({ id, delta: { role: 'assistant', content: piece } });
    }
  }
}

/**
 * The tool calls (with outputs) made since the last user message, read from the end of the chat
 * context so the cost does not grow with the conversation. Undefined when there is no user message.
 */
export function toolResultsSinceLastUser(chatCtx: llm.ChatContext): ToolResult[] | undefined {
  const items = chatCtx.items;
  const outputs: llm.FunctionCallOutput[] = [];
  const calls = new Map<string, llm.FunctionCall>();
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const item = items[i]!;
    if (item.type === 'message' && item.role === 'user') {
      return outputs.reverse().map((output) => {
        const call = calls.get(output.callId);
        return {
          name: call?.name ?? output.name,
          args: (call ? parseJsonOrText(call.args) : {}) as Record<string, unknown>,
          output: output.isError ? output.output : parseJsonOrText(output.output),
          isError: output.isError,
        };
      });
    }
    if (item.type === 'function_call_output') outputs.push(item);
    if (item.type === 'function_call') calls.set(item.callId, item);
  }
  return undefined;
}
