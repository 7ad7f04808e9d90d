import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { App } from '../app.js';
import { MAX_FEEDBACK_COMMENT_LENGTH } from '../store/index.js';

const feedbackSchema = z.object({
  sessionId: z.string().trim().min(1).max(100),
  score: z.number().int().min(0).max(10),
  comment: z.string().trim().max(MAX_FEEDBACK_COMMENT_LENGTH).optional(),
});

/** The one-question NPS survey shown after a chat. */
export function registerFeedbackRoute(server: FastifyInstance, app: App): void {
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
      const { sessionId, score, comment } = parsed.data;
      await app.store.feedback.save({
        id: randomUUID(),
        sessionId,
        score,
        comment: comment || undefined,
        createdAt: new Date().toISOString(),
      });
      app.services.analytics.track(sessionId, 'nps_submitted', { score, withComment: Boolean(comment) });
      return reply.code(201).send({ ok: true });
    },
  );
}
