import { llm, voice } from '@livekit/agents';
import { sarahInstructions } from '../conversation/index.js';
import { COPY } from '../conversation/index.js';
import { metrics } from '../observability/metrics.js';
import type { SessionContext } from './context.js';
import { guardReplyStream } from './session/reply_guard.js';
import { figuresIn, type ReplyPolicyBase } from './session/reply_policy.js';
import type { AgentServices } from './services.js';
import { createTools } from './tools/index.js';

/** Sarah herself: instructions plus the tools. The same agent serves web, console and voice. */
export class SarahAgent extends voice.Agent<SessionContext> {
  readonly #onSpokenTurn: ((text: string) => void) | undefined;
  readonly #policy: ReplyPolicyBase | undefined;
  #phrases: string[] | undefined;

  /** `onSpokenTurn` sees each finished spoken user turn before any model answers it (voice only). */
  constructor(
    services: AgentServices,
    context: SessionContext,
    onSpokenTurn?: (text: string) => void,
    /** The recent messages of a resumed conversation. */
    chatCtx?: llm.ChatContext,
  ) {
    super({
      instructions: sarahInstructions(context.thresholds, context.now().toISOString(), context.userTimeZone),
      tools: createTools(services),
      chatCtx,
    });
    this.#onSpokenTurn = onSpokenTurn;
    this.#policy = services.replyPolicy;
  }

  /**
   * Every reply, from whichever model, is checked a sentence at a time before it is said: no
   * phrase of these instructions, no price or discount the knowledge base or this turn's tools
   * do not state, no markup (session/reply_guard.ts).
   */
  override async llmNode(
    chatCtx: llm.ChatContext,
    toolCtx: llm.ToolContext,
    modelSettings: voice.ModelSettings,
  ): ReturnType<voice.Agent<SessionContext>['llmNode']> {
    const stream = await voice.Agent.default.llmNode(this, chatCtx, toolCtx, modelSettings);
    const policy = this.#policy;
    if (!stream || !policy) return stream;
    this.#phrases ??= policy.phrasesOf(
      typeof this.instructions === 'string' ? this.instructions : JSON.stringify(this.instructions),
    );
    const references = { instructionPhrases: this.#phrases, ...turnFigures(chatCtx, policy.knownFigures) };
    return guardReplyStream(
      stream,
      () => references,
      (problem, sentence) => {
        metrics.repliesGuarded.inc({ problem });
        if (problem === 'instructions') return COPY.guardedInstructions;
        if (problem === 'price') return COPY.guardedPrice;
        return sentence.replace(/<[^>]*>/g, '').replace(/javascript\s*:/gi, '');
      },
    );
  }

  // The framework calls this only for turns that came through speech recognition; typed turns are
  // observed by the conversation before it runs them.
  override async onUserTurnCompleted(_chat: llm.ChatContext, message: llm.ChatMessage): Promise<void> {
    const text = message.textContent ?? '';
    if (text.trim()) this.#onSpokenTurn?.(text);
  }
}

/**
 * Figures this turn's tools stated (an Unleash answer, a booking), which a reply may repeat; a turn
 * that ran the ROI calculator states Sarah's own arithmetic on the user's numbers, not prices.
 */
function turnFigures(chatCtx: llm.ChatContext, base: ReadonlySet<string>) {
  const items = chatCtx.items;
  let start = items.length;
  const isUser = (item: llm.ChatItem) => item.type === 'message' && item.role === 'user';
  while (start > 0 && !isUser(items[start - 1]!)) start -= 1;
  const known = new Set(base);
  let figuresFree = false;
  for (const item of items.slice(start)) {
    if (item.type === 'function_call' && item.name === 'calculate_roi') figuresFree = true;
    if (item.type === 'function_call_output') for (const figure of figuresIn(item.output)) known.add(figure);
  }
  return { knownFigures: known, figuresFree };
}
