import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Room } from '@livekit/rtc-node';
import { llm as lkLlm, voice, type stt, type tts, type VAD } from '@livekit/agents';
import type { AppConfig } from '../config.js';
import { COPY } from '../conversation/index.js';
import { metrics } from '../observability/metrics.js';
import type { BookingSummary, Channel, SessionContext } from './context.js';
import { createLlm } from './llm_factory.js';
import { SarahAgent } from './sarah_agent.js';
import {
  closeSession,
  countResumedSession,
  createSessionContext,
  recordSessionStart,
} from './session_setup.js';
import { parseJsonOrText } from './session/tool_payload.js';
import type { AgentServices } from './services.js';
import { followAssistantReplies } from './session/assistant_reply.js';
import { trimHistory } from './session/history.js';
import { observeUserTurn } from './session/observe_user.js';
import { restoreContext, restoredChat, takeSnapshot, type ConversationSnapshot } from './session/snapshot.js';
import { welcomeBackLine } from './session/welcome_back.js';
import { limitCallLength } from './voice/call_limit.js';
import { sayFillersForSlowTools } from './voice/fillers.js';
import { nudgeOnSilence } from './voice/silence.js';

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
  /** A spoken user turn, once recognised (typed turns are the caller's own input). */
  user: [text: string];
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
  /**
   * The client's address key (see server/client_address.ts) when the door knows it: the daily
   * booking and email caps count under it. Voice has it from the call's dispatch (voice/caller_key.ts);
   * the console has none.
   */
  clientKey?: string;
  /** Longest a single turn may take before Sarah answers with a recovery line. */
  turnTimeoutMs?: number;
  /** A call: the audio models and where the audio comes from and goes to. Absent for text. */
  audio?: CallAudio;
  /**
   * The language model, when not the configured one: the voice benchmark wraps the offline brain
   * to give it a provider's first-token latency.
   */
  languageModel?: (context: () => SessionContext) => lkLlm.LLM;
  /**
   * Where the conversation's snapshot is kept after every turn, so a dropped web chat can be
   * resumed (server/chat_resume.ts). Doors that cannot reconnect leave it out.
   */
  snapshots?: SnapshotKeeper;
  /** A conversation picked up from its snapshot: greeted back instead of greeted. */
  resume?: { snapshot: ConversationSnapshot; generation: number };
}

/** The store side of snapshots (src/store/repositories/snapshots.ts), by the generation held. */
export interface SnapshotKeeper {
  /** False when the conversation was resumed elsewhere since (the generation moved on). */
  save(sessionId: string, snapshot: ConversationSnapshot, generation: number): Promise<boolean>;
  park(sessionId: string, generation: number): Promise<void>;
  remove(sessionId: string, generation: number): Promise<void>;
}

/** What the voice door adds to a conversation: audio in and out, and the call's own timing rules. */
export interface CallAudio {
  stt: stt.STT;
  tts: tts.TTS;
  vad: VAD;
  turnDetection: voice.AgentSessionOptions['turnDetection'];
  /** A LiveKit room (production), or explicit input and output (tests and benchmarks). */
  room?: Room;
  input?: voice.AudioInput;
  output?: voice.AudioOutput;
  timing: CallTiming;
}

export interface CallTiming {
  /** A tool slower than this gets one filler line. */
  fillerAfterMs: number;
  /** Silence after a question before a nudge. */
  silenceNudgeMs: number;
  /** Call length before Sarah wraps up, and how long she waits after saying so. */
  maxCallMs: number;
  callLimitGraceMs: number;
}

/**
 * One conversation with Sarah, whatever the door: web chat, terminal, voice call, tests and
 * benchmarks all open it here. It builds the session context and the agent, records the start,
 * says the greeting, follows both sides of the conversation, and closes everything once. A call
 * adds only its audio (`options.audio`); typed turns go through `send`.
 */
export class SarahConversation extends EventEmitter<ConversationEvents> {
  readonly context: SessionContext;
  readonly #session: voice.AgentSession<SessionContext>;
  readonly #services: AgentServices;
  readonly #agent: SarahAgent;
  readonly #audio: CallAudio | undefined;
  readonly #turnTimeoutMs: number;
  readonly #stopCallRules: Array<() => void> = [];
  /** Real time, as the store's health records failures: "saved" is said only if none failed since. */
  readonly #openedAt: Date;
  #snapshots: SnapshotKeeper | undefined;
  readonly #resumed: boolean;
  #generation: number;
  /** A resumed conversation's last line from Sarah, said again after "welcome back". */
  readonly #lastReply: string | undefined;
  /** Settles once the greeting has been said (or failed): typed turns wait for it. */
  readonly #ready: Promise<void>;
  #markReady: () => void = () => undefined;
  #queue: Promise<unknown>;
  #begun: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  #closed = false;

  private constructor(options: ConversationOptions) {
    super();
    this.#ready = new Promise((resolve) => (this.#markReady = resolve));
    this.#queue = this.#ready;
    const { config, services, audio } = options;
    const now = options.now ?? (() => new Date());
    this.#services = services;
    this.#audio = audio;
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
    this.context.clientKey = options.clientKey;
    this.#snapshots = options.snapshots;
    this.#generation = options.resume?.generation ?? 0;
    this.#resumed = options.resume !== undefined;
    this.#openedAt = options.resume ? new Date(options.resume.snapshot.openedAt) : new Date();
    if (options.resume) restoreContext(this.context, options.resume.snapshot);
    this.#lastReply = options.resume?.snapshot.messages.findLast((m) => m.role === 'assistant')?.text;
    const model = options.languageModel ?? ((context) => createLlm(config, context));
    const llm = model(() => this.context);
    this.#session = new voice.AgentSession<SessionContext>(
      audio
        ? {
            vad: audio.vad,
            stt: audio.stt,
            tts: audio.tts,
            llm,
            userData: this.context,
            turnHandling: {
              turnDetection: audio.turnDetection,
              // 200 ms of speech over Sarah stops her (the default 500 ms feels like not being
              // heard); a cough that turns out not to be speech resumes her playback.
              interruption: { mode: 'vad', minDuration: 200 },
              // Off: a reply drafted before the turn is observed would miss what the user just said.
              preemptiveGeneration: { enabled: false },
            },
            // Silence is handled by our own nudges (voice/silence.ts).
            userAwayTimeout: null,
            connOptions: { llmConnOptions: { maxRetry: 0 } },
          }
        : {
            // A text conversation has no audio: `null` stops the framework from creating its
            // default voice-activity detector (a native stream per session) for nothing.
            vad: null,
            // Likewise `null` turn detection: left unset, the framework builds an audio end-of-turn
            // detector for every session (and warns, once per chat, that it has no VAD to use).
            turnHandling: { turnDetection: null },
            llm,
            userData: this.context,
            connOptions: { llmConnOptions: { maxRetry: 0 } },
          },
    );
    followAssistantReplies(this.#session, this.context, services.recorder);
    this.#agent = new SarahAgent(
      services,
      this.context,
      (text) => this.#observeSpokenTurn(text),
      options.resume && restoredChat(options.resume.snapshot),
    );
    if (audio) this.#followCall(audio);
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

  /** The framework session, for the voice test layer and benchmarks that watch its events. */
  get agentSession(): voice.AgentSession<SessionContext> {
    return this.#session;
  }

  /** Starts the session and says the greeting; typed turns sent meanwhile wait for it. */
  begin(): Promise<void> {
    this.#begun ??= this.#begin().finally(() => this.#markReady());
    return this.#begun;
  }

  /** The snapshot generation this conversation holds (server/chat_resume.ts). */
  get generation(): number {
    return this.#generation;
  }

  /** When the conversation first opened (a resumed one keeps its original start). */
  get openedAt(): Date {
    return this.#openedAt;
  }

  async #begin(): Promise<void> {
    if (this.#resumed) countResumedSession(this.context);
    else await recordSessionStart(this.#services, this.context);
    const audio = this.#audio;
    if (audio?.input) this.#session.input.audio = audio.input;
    if (audio?.output) this.#session.output.audio = audio.output;
    // No cloud recording of calls: transcripts are kept by us, and only with consent.
    await this.#session.start({ agent: this.#agent, room: audio?.room, record: false });
    const opening = this.#resumed ? welcomeBackLine(this.context, this.#lastReply) : COPY.greeting;
    const greeting = this.#session.say(opening);
    if (audio) {
      // On a call the greeting plays while the user may already talk over it; the framework
      // handles that as an interruption, so only a text door waits for it to finish.
      this.emit('agent', opening);
      return;
    }
    await greeting.waitForPlayout();
    this.emit('agent', opening);
  }

  /**
   * Runs one typed user turn; turns are queued (behind the greeting too) so a fast typist cannot
   * interleave two replies. Resolves with the framework's run result (tests assert on it), or
   * undefined if the turn failed.
   */
  send(text: string): Promise<voice.testing.RunResult | undefined> {
    const turn = this.#queue.then(() => this.#runTurn(text));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #runTurn(text: string): Promise<voice.testing.RunResult | undefined> {
    if (this.#closed) return undefined;
    const started = performance.now();
    observeUserTurn(this.context, text, this.#services.recorder, this.#services.analytics);
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
      // After the reply is out: the snapshot is for a later reconnect, not for this turn.
      await this.#saveSnapshot();
    }
  }

  async #saveSnapshot(): Promise<void> {
    if (!this.#snapshots || this.#closed) return;
    const snapshot = takeSnapshot(this.context, this.#openedAt, this.#session.history.items);
    const kept = await this.#snapshots.save(this.sessionId, snapshot, this.#generation).catch(() => true);
    // Resumed elsewhere meanwhile (another tab or instance took it over): stop writing over it.
    if (!kept) this.#snapshots = undefined;
  }

  /**
   * The client went away without ending the chat: finish the turn in flight, save where things
   * stand and mark the time, so a reconnect within the resume window can carry on from here.
   */
  async park(): Promise<void> {
    await this.#queue;
    await this.#saveSnapshot();
    await this.#snapshots?.park(this.sessionId, this.#generation).catch(() => undefined);
  }

  /**
   * Lets go of a conversation that carries on in a newer instance of itself (resumed from its
   * snapshot): the framework session closes, and nothing is recorded as ended.
   */
  async handOver(): Promise<void> {
    if (!(await this.#stopTakingTurns())) return;
    this.context.ended = true;
    metrics.activeSessions.dec({ channel: this.context.channel });
    this.#closing = this.#session.close().catch(() => undefined);
  }

  #observeSpokenTurn(text: string): void {
    observeUserTurn(this.context, text, this.#services.recorder, this.#services.analytics);
    this.emit('user', text);
  }

  /** A call's events: Sarah's lines and tools as they happen, its timing rules, and its end. */
  #followCall(audio: CallAudio): void {
    const session = this.#session;
    session.on(voice.AgentSessionEventTypes.ConversationItemAdded, ({ item }) => {
      if (item.type === 'message' && item.role === 'assistant' && item.textContent !== COPY.greeting)
        this.emit('agent', item.textContent ?? '');
      void trimHistory(this.#agent, session);
    });
    session.on(voice.AgentSessionEventTypes.FunctionToolsExecuted, (event) => {
      event.functionCalls.forEach((call, index) => {
        const output = event.functionCallOutputs[index];
        if (!output) return;
        this.emit('tool', {
          name: call.name,
          args: parseJsonOrText(call.args),
          output: output.isError ? output.output : parseJsonOrText(output.output),
          error: output.isError,
        });
      });
    });
    session.on(voice.AgentSessionEventTypes.Close, (event) => {
      void this.end(endReason(event.reason));
    });
    const { timing } = audio;
    this.#stopCallRules.push(
      sayFillersForSlowTools(session, this.context, timing.fillerAfterMs),
      nudgeOnSilence(session, this.context, {
        afterMs: timing.silenceNudgeMs,
        onGiveUp: () => void this.end('silence'),
        saved: () => this.#keptEverything(),
      }),
      limitCallLength(session, this.context, {
        maxMs: timing.maxCallMs,
        graceMs: timing.callLimitGraceMs,
        onEnd: () => void this.end('max_duration'),
        saved: () => this.#keptEverything(),
      }),
    );
  }

  #keptEverything(): boolean {
    return this.#services.storeHealth?.keptEverythingSince(this.#openedAt) ?? true;
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

  /**
   * Ends the conversation once: records the outcome, tells the door (end frame, survey) and only
   * then lets the framework wind down, which takes about half a second even for an empty session;
   * `closed()` resolves when it has.
   */
  async end(reason: string): Promise<EndSummary> {
    const summary = this.summary(reason);
    if (!(await this.#stopTakingTurns())) return summary;
    await closeSession(this.#services, this.context, reason);
    await this.#snapshots?.remove(this.sessionId, this.#generation).catch(() => undefined);
    this.emit('end', summary);
    this.#closing = this.#session.close().catch(() => undefined);
    return summary;
  }

  /** Stops taking turns, once, and waits for the one in flight; false when it had stopped already. */
  async #stopTakingTurns(): Promise<boolean> {
    if (this.#closed) return false;
    this.#closed = true;
    for (const stop of this.#stopCallRules.splice(0)) stop();
    // Never begun: nothing to wait for, and turns sent meanwhile just drop.
    if (!this.#begun) this.#markReady();
    await this.#queue;
    return true;
  }

  closed(): Promise<void> {
    return this.#closing ?? Promise.resolve();
  }
}

/** The framework's reasons for a closed call, in the words our session records use. */
function endReason(reason: voice.CloseEvent['reason']): string {
  if (reason === voice.CloseReason.ERROR) return 'error';
  if (reason === voice.CloseReason.JOB_SHUTDOWN) return 'shutdown';
  return 'call_ended';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`turn took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
