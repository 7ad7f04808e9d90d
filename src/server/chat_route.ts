import type { FastifyInstance } from 'fastify';
import { IANAZone } from 'luxon';
import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import { SarahConversation } from '../agent/conversation.js';
import type { App } from '../app.js';
import type { VoiceHandover } from './voice_handover.js';

const clientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), text: z.string() }),
  z.object({ type: z.literal('end') }),
]);

/** Turns waiting behind the current one; more than this and the user is typing faster than Sarah can answer. */
const MAX_QUEUED_TURNS = 3;

/**
 * WebSocket `/api/chat`: one in-process AgentSession per connection. Bad frames get an error
 * frame and the conversation carries on; closing the socket ends the session.
 */
export function registerChatRoute(server: FastifyInstance, app: App, handover: VoiceHandover): void {
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
      const params = new URL(request.url, 'http://localhost').searchParams;
      const tz = params.get('tz');
      // Frames that arrive while the session ID is being checked are kept, not dropped.
      const early: Array<[RawData, boolean]> = [];
      const keepEarly = (raw: RawData, isBinary: boolean) => early.push([raw, isBinary]);
      socket.on('message', keepEarly);
      const conversation = SarahConversation.create({
        config: app.config,
        services: app.services,
        channel: 'web',
        userTimeZone: tz && IANAZone.isValidZone(tz) ? tz : undefined,
        sessionId: await continuedVoiceSession(params.get('session'), app, handover),
      });
      conversation.on('agent', (text) => send({ type: 'agent', text }));
      conversation.on('state', ({ from, to }) => send({ type: 'state', from, to }));
      conversation.on('tool', (event) => {
        if (event.name === 'request_human' && (event.output as { handoff?: boolean } | null)?.handoff)
          send({ type: 'handoff' });
      });

      let queued = 0;
      let ended = false;
      const end = async (reason: string) => {
        if (ended) return;
        ended = true;
        await conversation.end(reason);
        send({ type: 'end', reason });
      };

      // Listen before the greeting, so a fast client's first message is never lost.
      const onMessage = (raw: RawData, isBinary: boolean) => {
        if (isBinary) return send({ type: 'error', message: 'Please send text messages only.' });
        let frame: z.infer<typeof clientFrame>;
        try {
          const parsed = clientFrame.safeParse(JSON.parse(raw.toString()));
          if (!parsed.success)
            return send({
              type: 'error',
              message: 'I could not read that message. Please try sending it again.',
            });
          frame = parsed.data;
        } catch {
          return send({
            type: 'error',
            message: 'I could not read that message. Please try sending it again.',
          });
        }
        if (frame.type === 'end') {
          void end('user_ended').then(() => socket.close(1000, 'conversation ended'));
          return;
        }
        const text = frame.text.trim();
        if (!text)
          return send({ type: 'error', message: 'That message was empty. What would you like to ask?' });
        if (text.length > maxChars) {
          return send({
            type: 'error',
            message: `That message is a bit long for me. Please keep it under ${maxChars} characters.`,
          });
        }
        if (queued >= MAX_QUEUED_TURNS)
          return send({
            type: 'error',
            message: "I'm still answering your earlier messages. One moment, please.",
          });
        queued += 1;
        void conversation.send(text).finally(() => (queued -= 1));
      };
      socket.off('message', keepEarly);
      socket.on('message', onMessage);
      for (const [raw, isBinary] of early.splice(0)) onMessage(raw, isBinary);
      socket.on('close', () => void end('socket_closed'));
      // Closed while the session ID was being checked: nothing to greet.
      if (socket.readyState !== socket.OPEN) return void end('socket_closed');

      send({ type: 'session', sessionId: conversation.sessionId });
      try {
        await conversation.begin();
      } catch (error) {
        request.log.warn({ err: error, sessionId: conversation.sessionId }, 'chat session failed to start');
        send({
          type: 'error',
          message: "I'm having trouble starting up right now. Please try again in a moment.",
        });
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
