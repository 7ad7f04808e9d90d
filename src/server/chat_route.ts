import type { FastifyInstance } from 'fastify';
import { IANAZone } from 'luxon';
import type { RawData, WebSocket } from 'ws';
import { SarahConversation } from '../agent/conversation.js';
import type { App } from '../app.js';
import { COPY } from '../conversation/index.js';
import { parseClientFrame } from './chat_frames.js';
import type { ChatLimits } from './chat_limits.js';
import { clientKey } from './client_address.js';
import { createMessageGate } from './message_gate.js';
import { startSessionClock } from './session_clock.js';
import type { SessionSlots } from './session_slots.js';
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

      const conversation = SarahConversation.create({
        config: app.config,
        services: app.services,
        channel: 'web',
        clientKey: clientKey(request.ip),
        userTimeZone: tz && IANAZone.isValidZone(tz) ? tz : undefined,
        sessionId: await continuedVoiceSession(params.get('session'), app, parts.handover),
      });
      conversation.on('agent', (text) => send({ type: 'agent', text }));
      conversation.on('state', ({ from, to }) => send({ type: 'state', from, to }));
      conversation.on('tool', (event) => {
        if (event.name === 'request_human' && (event.output as { handoff?: boolean } | null)?.handoff)
          send({ type: 'handoff' });
      });

      let queued = 0;
      let turns = 0;
      let ended = false;
      /** Ends the conversation once; a limit adds Sarah's closing line before the end frame. */
      const finish = async (reason: string, closingLine?: string) => {
        if (ended) return;
        ended = true;
        clock.stop();
        await conversation.end(reason);
        if (closingLine) send({ type: 'agent', text: closingLine });
        send({ type: 'end', reason });
        socket.close(1000, 'conversation ended');
      };
      const clock = startSessionClock({
        idleMs: limits.idleMs,
        maxMs: limits.maxSessionMs,
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
      socket.on('close', () => void finish('socket_closed'));
      // Closed while the session ID was being checked: nothing to greet.
      if (socket.readyState !== socket.OPEN) return void finish('socket_closed');

      send({
        type: 'session',
        sessionId: conversation.sessionId,
        token: parts.tokens.issue(conversation.sessionId),
      });
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
