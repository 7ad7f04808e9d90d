import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { llm as lkLlm, voice } from '@livekit/agents';
import type { AppConfig } from '../config.js';
import { COPY } from '../conversation/index.js';
import { metrics } from '../observability/metrics.js';
import type { BookingSummary, Channel, SessionContext } from './context.js';
import { createLlm } from './llm_factory.js';
import { SarahAgent } from './sarah_agent.js';
import { closeSession, createSessionContext, parseJsonOrText, recordSessionStart } from './session_setup.js';
import type { AgentServices } from './services.js';
import { followAssistantReplies } from './session/assistant_reply.js';
import { trimHistory } from './session/history.js';
import { observeUserTurn } from './session/observe_user.js';

export interface ToolEvent {
  name: string;
  args: unknown;
  output: unknown;
  error: boolean;
}

export interface EndSummary {
  reason: string;
  qualification: SessionContext['signals'] & { tier: SessionContext['tier'] };
  booking: Omit<BookingSummary, 'email'> | null;
  handoff: boolean;
}

export interface ConversationEvents {
  agent: [text: string];
  tool: [event: ToolEvent];
  state: [change: { from: string; to: string; reason: string }];
  end: [summary: EndSummary];
}

export interface ConversationOptions {
  config: AppConfig;
  services: AgentServices;
  channel: Channel;
  userTimeZone?: string;
  now?: () => Date;
  sessionId?: string;
  /** Longest a single turn may take before Sarah answers with a recovery line. */
  turnTimeoutMs?: number;
}

/**
 * One text conversation with Sarah (web chat or console): a LiveKit AgentSession with no room,
 * turns run one at a time, and everything that happens surfaces as typed events.
 */
export class SarahConversation extends EventEmitter<ConversationEvents> {
  readonly context: SessionContext;
  readonly #session: voice.AgentSession<SessionContext>;
  readonly #services: AgentServices;
  readonly #agent: SarahAgent;
  readonly #turnTimeoutMs: number;
  #queue: Promise<void> = Promise.resolve();
  #closing: Promise<void> | undefined;
  #closed = false;

  private constructor(options: ConversationOptions) {
    super();
    const { config, services } = options;
    const now = options.now ?? (() => new Date());
    this.#services = services;
    this.#turnTimeoutMs = options.turnTimeoutMs ?? 30_000;
    this.context = createSessionContext({
      config,
      services,
      sessionId: options.sessionId ?? randomUUID(),
      channel: options.channel,
      userTimeZone: options.userTimeZone ?? config.env.DEFAULT_TIME_ZONE,
      now,
      onTransition: (t) => this.emit('state', { from: t.from, to: t.to, reason: t.reason }),
    });
    this.#session = new voice.AgentSession<SessionContext>({
      // A text conversation has no audio: `null` stops the framework from creating its default
      // voice-activity detector (a native stream per session) for nothing.
      vad: null,
      llm: createLlm(config, () => this.context),
      userData: this.context,
      connOptions: { llmConnOptions: { maxRetry: 0 } },
    });
    followAssistantReplies(this.#session, this.context, services.recorder);
    this.#agent = new SarahAgent(services, this.context);
  }

  /** A conversation not started yet: attach listeners, then call `begin()` to hear the greeting. */
  static create(options: ConversationOptions): SarahConversation {
    return new SarahConversation(options);
  }

  static async start(options: ConversationOptions): Promise<SarahConversation> {
    const conversation = new SarahConversation(options);
    await conversation.begin();
    return conversation;
  }

  /** The whole chat so far (messages, tool calls and their outputs), as the framework keeps it. */
  history(): readonly lkLlm.ChatItem[] {
    return this.#session.history.items;
  }

  get sessionId(): string {
    return this.context.sessionId;
  }

  async begin(): Promise<void> {
    const { context } = this;
    await recordSessionStart(this.#services, context);
    await this.#session.start({ agent: this.#agent });
    await this.#session.say(COPY.greeting).waitForPlayout();
    this.emit('agent', COPY.greeting);
  }

  /**
   * Runs one user turn; turns are queued so a fast typist cannot interleave two replies.
   * Resolves with the framework's run result (tests assert on it), or undefined if the turn failed.
   */
  send(text: string): Promise<voice.testing.RunResult | undefined> {
    const turn = this.#queue.then(() => this.#runTurn(text));
    this.#queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  async #runTurn(text: string): Promise<voice.testing.RunResult | undefined> {
    if (this.#closed) return undefined;
    const started = performance.now();
    observeUserTurn(this.context, text, this.#services.recorder);
    try {
      const run = this.#session.run({ userInput: text });
      const result = await withTimeout(run.wait(), this.#turnTimeoutMs);
      this.#emitRunEvents(result.events);
      await trimHistory(this.#agent, this.#session);
      return result;
    } catch (error) {
      // The context (signals, slots, booking) is untouched by a failed turn; only the reply is lost.
      this.#services.logger.warn(
        { err: error, sessionId: this.sessionId },
        'turn failed; answered with a recovery line',
      );
      metrics.dependencyFailures.inc({ dependency: 'agent_turn' });
      this.emit('agent', COPY.genericRecovery);
      return undefined;
    } finally {
      metrics.replyLatency.observe({ channel: this.context.channel }, (performance.now() - started) / 1000);
    }
  }

  #emitRunEvents(events: voice.testing.RunEvent[]): void {
    const calls = new Map<string, lkLlm.FunctionCall>();
    for (const event of events) {
      if (event.type === 'function_call') calls.set(event.item.callId, event.item);
      if (event.type === 'function_call_output') {
        const call = calls.get(event.item.callId);
        this.emit('tool', {
          name: event.item.name,
          args: parseJsonOrText(call?.args ?? '{}'),
          output: event.item.isError ? event.item.output : parseJsonOrText(event.item.output),
          error: event.item.isError,
        });
      }
      if (event.type === 'message' && event.item.role === 'assistant') {
        const text = event.item.textContent ?? '';
        if (text) this.emit('agent', text);
      }
    }
  }

  summary(reason: string): EndSummary {
    const { context } = this;
    return {
      reason,
      qualification: { ...context.signals, tier: context.tier },
      booking: context.booking
        ? {
            bookingId: context.booking.bookingId,
            startUtc: context.booking.startUtc,
            label: context.booking.label,
            userTimeZone: context.booking.userTimeZone,
          }
        : null,
      handoff: context.handoff,
    };
  }

  /** Ends the conversation once: records the outcome and closes the agent session. */
  /**
   * Ends the conversation once: records the outcome, tells the door (end frame, survey) and only
   * then lets the framework wind down, which takes about half a second even for an empty session;
   * `closed()` resolves when it has.
   */
  async end(reason: string): Promise<EndSummary> {
    const summary = this.summary(reason);
    if (this.#closed) return summary;
    this.#closed = true;
    await this.#queue;
    await closeSession(this.#services, this.context, reason);
    this.emit('end', summary);
    this.#closing = this.#session.close().catch(() => undefined);
    return summary;
  }

  closed(): Promise<void> {
    return this.#closing ?? Promise.resolve();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`turn took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
