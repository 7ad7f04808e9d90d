import type { FastifyInstance } from 'fastify';
import { IANAZone } from 'luxon';
import type { RawData, WebSocket } from 'ws';
import { SarahConversation } from '../agent/conversation.js';
import type { App } from '../app.js';
import { COPY } from '../conversation/index.js';
import { parseClientFrame } from './chat_frames.js';
import type { ChatLimits } from './chat_limits.js';
import {
  claimConversation,
  expireUnlessResumed,
  type HeldChat,
  type HeldChats,
  type ResumeOutcome,
} from './chat_resume.js';
import { clientKey } from './client_address.js';
import { createMessageGate } from './message_gate.js';
import { startSessionClock } from './session_clock.js';
import type { SessionSlots } from './session_slots.js';
import type { SnapshotKeeper } from '../agent/conversation.js';
import type { SessionTokens } from './session_token.js';
import type { VoiceHandover } from './voice_handover.js';

/** Turns waiting behind the current one; more than this and the user is typing faster than Sarah can answer. */
const MAX_QUEUED_TURNS = 3;

/**
 * Notices (error frames) are only a courtesy: once this much is waiting to go out to a client
 * that has stopped reading, they are dropped rather than piling up in our memory.
 */
const MAX_BUFFERED_NOTICE_BYTES = 256 * 1024;

export interface ChatRouteParts {
  handover: VoiceHandover;
  /** Chats this instance holds, live or parked, for resuming a dropped connection. */
  held: HeldChats;
  snapshots: SnapshotKeeper;
  limits: ChatLimits;
  slots: SessionSlots;
  tokens: SessionTokens;
}

/**
 * WebSocket `/api/chat`: one in-process AgentSession per connection. Bad frames get an error
 * frame and the conversation carries on; closing the socket ends the session. Every frame first
 * passes the socket's rate limit; the session also ends after its last allowed turn, when the
 * user goes quiet, or when it has lasted as long as a chat may.
 */
export function registerChatRoute(server: FastifyInstance, app: App, parts: ChatRouteParts): void {
  const { limits } = parts;
  const maxChars = app.config.env.WS_MAX_MESSAGE_CHARS;
  server.get(
    '/api/chat',
    {
      websocket: true,
      config: { rateLimit: { max: app.config.env.CHAT_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' } },
    },
    async (socket: WebSocket, request) => {
      const send = (frame: object) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
      };
      const notify = (message: string) => {
        if (socket.bufferedAmount < MAX_BUFFERED_NOTICE_BYTES) send({ type: 'error', message });
      };

      const admitted = createMessageGate(limits, () => notify(COPY.slowDown));

      const params = new URL(request.url, 'http://localhost').searchParams;
      const tz = params.get('tz');
      // Frames that arrive while the address's slot and the session ID are checked are kept, not dropped.
      const early: Array<[RawData, boolean]> = [];
      const keepEarly = (raw: RawData, isBinary: boolean) => {
        if (admitted(raw, isBinary)) early.push([raw, isBinary]);
      };
      socket.on('message', keepEarly);

      if (!(await parts.slots.hold(clientKey(request.ip), socket))) {
        socket.off('message', keepEarly);
        request.log.info('chat refused: this address has the most chats open it may');
        notify(COPY.tooManyChats);
        send({ type: 'end', reason: 'too_many_sessions' });
        socket.close(1000, 'too many chats');
        return;
      }

      const resumable = limits.resumeMs > 0;
      const resume = resumable ? await resumeRequested(params, app, parts, limits.resumeMs) : undefined;
      const resumed = resume?.kind === 'resumed' ? resume : undefined;
      if (resume?.kind === 'expired')
        request.log.info({ why: resume.why }, 'chat not resumed: a new one starts');
      const conversation = SarahConversation.create({
        config: app.config,
        services: app.services,
        channel: 'web',
        clientKey: clientKey(request.ip),
        userTimeZone: resumed?.snapshot.userTimeZone ?? (tz && IANAZone.isValidZone(tz) ? tz : undefined),
        sessionId: resumed
          ? (params.get('resume') ?? undefined)
          : await continuedVoiceSession(params.get('session'), app, parts.handover),
        snapshots: resumable ? parts.snapshots : undefined,
        resume: resumed && { snapshot: resumed.snapshot, generation: resumed.generation },
      });
      conversation.on('agent', (text) => send({ type: 'agent', text }));
      conversation.on('state', ({ from, to }) => send({ type: 'state', from, to }));
      conversation.on('tool', (event) => {
        if (event.name === 'request_human' && (event.output as { handoff?: boolean } | null)?.handoff)
          send({ type: 'handoff' });
      });

      let queued = 0;
      // A resumed chat keeps counting its turns and its length from where it was.
      let turns = conversation.context.userTurns;
      /** True once this socket is done with the conversation: ended, parked or handed on. */
      let ended = false;
      let parkTimer: NodeJS.Timeout | undefined;
      /** The save made when the socket dropped; a newer socket waits for it instead of saving again. */
      let parking: Promise<void> | undefined;
      /** Ends the conversation once; a limit adds Sarah's closing line before the end frame. */
      const finish = async (reason: string, closingLine?: string) => {
        if (ended) return;
        ended = true;
        clock.stop();
        parts.held.drop(held);
        await conversation.end(reason);
        if (closingLine) send({ type: 'agent', text: closingLine });
        send({ type: 'end', reason });
        socket.close(1000, 'conversation ended');
      };
      /**
       * The socket went away without an ending: keep the conversation for the resume window, then
       * end it, unless it was picked up meanwhile (here, or by another instance).
       */
      const park = () => {
        ended = true;
        clock.stop();
        parkTimer = expireUnlessResumed(held, parts.held, app.store, limits.resumeMs);
        parking = conversation.park();
        parts.held.track(parking);
      };
      const held: HeldChat = {
        conversation,
        // A newer socket takes the conversation over: this one is told so and closed.
        release: async () => {
          clearTimeout(parkTimer);
          if (!ended) {
            ended = true;
            clock.stop();
            send({ type: 'end', reason: 'resumed_elsewhere' });
            socket.close(1000, 'conversation continued elsewhere');
          }
          await (parking ?? conversation.park());
          await conversation.handOver();
        },
      };
      parts.held.hold(held);
      const clock = startSessionClock({
        idleMs: limits.idleMs,
        maxMs: Math.max(1000, limits.maxSessionMs - (Date.now() - conversation.openedAt.getTime())),
        onIdle: () => void finish('idle', COPY.idleGoodbye),
        onMaxLength: () => void finish('max_duration', COPY.chatLimitGoodbye),
      });

      const handleFrame = (raw: RawData, isBinary: boolean) => {
        if (ended) return;
        if (isBinary) return notify('Please send text messages only.');
        const parsed = parseClientFrame(raw);
        if (!parsed) return notify('I could not read that message. Please try sending it again.');
        if (parsed.type === 'end') return void finish('user_ended');
        const text = parsed.text.trim();
        if (!text) return notify('That message was empty. What would you like to ask?');
        if (text.length > maxChars)
          return notify(`That message is a bit long for me. Please keep it under ${maxChars} characters.`);
        // The last allowed turn is being answered; the closing line follows it.
        if (turns >= limits.maxTurns) return;
        if (queued >= MAX_QUEUED_TURNS)
          return notify("I'm still answering your earlier messages. One moment, please.");
        turns += 1;
        queued += 1;
        clock.touch();
        const last = turns >= limits.maxTurns;
        void conversation.send(text).finally(() => {
          queued -= 1;
          if (last) void finish('max_turns', COPY.turnLimitGoodbye);
        });
      };

      // Listen before the greeting, so a fast client's first message is never lost.
      socket.off('message', keepEarly);
      socket.on('message', (raw: RawData, isBinary: boolean) => {
        if (!ended && admitted(raw, isBinary)) handleFrame(raw, isBinary);
      });
      for (const [raw, isBinary] of early.splice(0)) handleFrame(raw, isBinary);
      socket.on('close', () => {
        if (ended) return;
        // Before the user has said anything there is nothing worth coming back to.
        if (resumable && conversation.context.userTurns > 0) park();
        else void finish('socket_closed');
      });
      // Closed while the session ID was being checked: nothing to greet.
      if (socket.readyState !== socket.OPEN) return void finish('socket_closed');

      send({
        type: 'session',
        sessionId: conversation.sessionId,
        token: parts.tokens.issue(conversation.sessionId),
      });
      if (resume?.kind === 'expired') send({ type: 'agent', text: COPY.resumeExpired });
      try {
        await conversation.begin();
      } catch (error) {
        request.log.warn({ err: error, sessionId: conversation.sessionId }, 'chat session failed to start');
        notify("I'm having trouble starting up right now. Please try again in a moment.");
        socket.close(1011, 'session unavailable');
      }
    },
  );
}

/** `?resume=<session id>&token=<session token>`: the page reconnecting after its socket dropped. */
async function resumeRequested(
  params: URLSearchParams,
  app: App,
  parts: ChatRouteParts,
  windowMs: number,
): Promise<ResumeOutcome | undefined> {
  const sessionId = params.get('resume');
  const token = params.get('token');
  if (!sessionId || !token) return undefined;
  return claimConversation({
    sessionId,
    token,
    tokens: parts.tokens,
    held: parts.held,
    store: app.store,
    windowMs,
    now: new Date(),
  });
}

/**
 * A chat opened after a call could not go ahead keeps the call's session ID, if this server
 * issued it, it is still fresh, and no conversation has used it yet (Sarah never joined the
 * call). Anything else starts a new session.
 */
async function continuedVoiceSession(
  requested: string | null,
  app: App,
  handover: VoiceHandover,
): Promise<string | undefined> {
  if (!requested || !handover.claim(requested)) return undefined;
  const existing = await app.store.sessions.get(requested).catch(() => undefined);
  return existing ? undefined : requested;
}
