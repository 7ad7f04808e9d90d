import { llm, voice } from '@livekit/agents';
import { sarahInstructions } from '../conversation/index.js';
import type { SessionContext } from './context.js';
import type { AgentServices } from './services.js';
import { createTools } from './tools/index.js';

/** Sarah herself: instructions plus the tools. The same agent serves web, console and voice. */
export class SarahAgent extends voice.Agent<SessionContext> {
  readonly #onSpokenTurn: ((text: string) => void) | undefined;

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
  }

  // The framework calls this only for turns that came through speech recognition; typed turns are
  // observed by the conversation before it runs them.
  override async onUserTurnCompleted(_chat: llm.ChatContext, message: llm.ChatMessage): Promise<void> {
    const text = message.textContent ?? '';
    if (text.trim()) this.#onSpokenTurn?.(text);
  }
}
