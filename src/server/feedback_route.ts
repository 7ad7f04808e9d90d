import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { App } from '../app.js';
import { MAX_FEEDBACK_COMMENT_LENGTH } from '../store/index.js';
import { isDuplicateKey } from './duplicate_key.js';
import type { SessionTokens } from './session_token.js';
import { redactPersonalData } from '../privacy/redact.js';

const feedbackSchema = z.object({
  sessionId: z.string().trim().min(1).max(100),
  /** The token from the chat's `session` frame; checked below, so a missing one is a 401. */
  token: z.string().trim().max(200).optional(),
  score: z.number().int().min(0).max(10),
  comment: z.string().trim().max(MAX_FEEDBACK_COMMENT_LENGTH).optional(),
});

export const FEEDBACK_NOT_OPEN =
  'This survey is no longer open for that chat. Start a new chat with Sarah, and you can share your thoughts at the end.';
export const FEEDBACK_ALREADY_SENT = 'We already have your feedback for this chat. Thank you!';

/**
 * The one-question NPS survey shown after a chat. Only the browser that had the chat can answer
 * it (the signed token from its `session` frame), and only once: the row takes the session ID as
 * its primary key, so the store itself refuses a second answer, on SQLite and PostgreSQL alike.
 */
export function registerFeedbackRoute(server: FastifyInstance, app: App, tokens: SessionTokens): void {
  server.post(
    '/api/feedback',
    { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const parsed = feedbackSchema.safeParse(request.body);
      if (!parsed.success) {
        const problems = parsed.error.issues
          .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
          .join('; ');
        return reply.code(400).send({ error: `Please check the survey: ${problems}` });
      }
      const { sessionId, token, score, comment } = parsed.data;
      if (!token || !tokens.verify(sessionId, token))
        return reply.code(401).send({ error: FEEDBACK_NOT_OPEN });
      try {
        await app.store.feedback.save({
          id: sessionId,
          sessionId,
          score,
          // Free text: personal data is taken out before it is stored.
          comment: comment ? redactPersonalData(comment) : undefined,
          createdAt: new Date().toISOString(),
        });
      } catch (error) {
        if (isDuplicateKey(error)) return reply.code(409).send({ error: FEEDBACK_ALREADY_SENT });
        throw error;
      }
      app.services.analytics.track(sessionId, 'feedback_submitted', {
        score,
        with_comment: Boolean(comment),
      });
      return reply.code(201).send({ ok: true });
    },
  );
}
