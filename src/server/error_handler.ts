import type { FastifyError, FastifyInstance } from 'fastify';

export const GENERIC_FAILURE = 'Something went wrong on our side.';

/**
 * Failures on our side answer with one generic sentence and the request ID; what failed (a
 * driver's message, a database host and port) goes to the log under the same ID only. Refusals
 * of the request itself (4xx: bad JSON, too large, too many) keep Fastify's default answer,
 * which describes the request, not our internals.
 */
export function answerFailuresGenerically(server: FastifyInstance): void {
  server.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    // Sending the error itself hands it to Fastify's default handler.
    if (status >= 400 && status < 500) return reply.send(error);
    request.log.error({ err: error, requestId: request.id }, 'request failed');
    return reply
      .code(status >= 500 && status <= 599 ? status : 500)
      .send({ error: GENERIC_FAILURE, requestId: request.id });
  });
}
