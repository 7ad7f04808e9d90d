/** OpenAI's documented error bodies, shared by the chat and the speech fakes. */
export const OPENAI_ERRORS = {
  notFound: { status: 404, body: { error: { message: 'Not found', type: 'invalid_request_error' } } },
  invalidKey: {
    status: 401,
    body: {
      error: {
        message: 'Incorrect API key provided',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      },
    },
  },
  serverError: {
    status: 500,
    body: {
      error: { message: 'The server had an error while processing your request.', type: 'server_error' },
    },
  },
  rateLimited: {
    status: 429,
    body: {
      error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' },
    },
    headers: { 'retry-after': '20' },
  },
} as const;
