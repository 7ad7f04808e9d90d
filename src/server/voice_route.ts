import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { roomForSession } from '../agent/voice/room_name.js';
import type { App } from '../app.js';
import { dispatchMetadata } from '../agent/voice/caller_key.js';
import { clientKey } from './client_address.js';
import type { VoiceHandover } from './voice_handover.js';

/** Longest a voice token lives: enough to join, short enough that a leaked one is soon useless. */
export const VOICE_TOKEN_TTL_SECONDS = 10 * 60;

/**
 * `POST /api/voice/session`: one LiveKit room per conversation and a token that lets exactly one
 * identity join exactly that room, with Sarah's worker dispatched to it by name through the
 * token's room configuration. 503 when voice is not configured, so the page can say so.
 */
export function registerVoiceRoute(server: FastifyInstance, app: App, handover: VoiceHandover): void {
  server.post(
    '/api/voice/session',
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const livekit = app.config.livekit;
      if (!livekit) {
        return reply
          .code(503)
          .send({ error: 'Voice is coming soon; chat with Sarah here.', voice: 'not_configured' });
      }
      // Loaded here, not at start-up: the SDK is only needed when voice is configured.
      const { AccessToken, RoomAgentDispatch, RoomConfiguration } = await import('livekit-server-sdk');
      const sessionId = randomUUID();
      const room = roomForSession(sessionId);
      const token = new AccessToken(livekit.apiKey, livekit.apiSecret, {
        identity: `trialist-${randomUUID()}`,
        ttl: VOICE_TOKEN_TTL_SECONDS,
      });
      token.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true, canPublishData: true });
      token.roomConfig = new RoomConfiguration({
        agents: [
          new RoomAgentDispatch({
            agentName: app.config.env.LIVEKIT_AGENT_NAME,
            // The worker can't see the browser's address; the booking caps count by it (caller_key.ts).
            metadata: dispatchMetadata(clientKey(request.ip)),
          }),
        ],
      });
      const jwt = await token.toJwt();
      handover.issue(sessionId);
      return reply.code(201).send({ url: livekit.url, token: jwt, sessionId, room });
    },
  );
}
