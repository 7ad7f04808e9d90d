import { z } from 'zod';
import { COPY } from '../../conversation/index.js';
import { withFallback } from '../../resilience/policy.js';
import type { AgentServices } from '../services.js';
import { isValidEmail } from './book_meeting.js';
import { admit, defineTool, done, refuse } from './kit.js';

export const sendResourceArgs = z.object({
  email: z.string().min(3).max(254).describe("the user's own address, as they gave it"),
  topic: z
    .string()
    .min(2)
    .max(120)
    .optional()
    .describe('what the resource is about; default: the last article discussed'),
});
export type SendResourceArgs = z.infer<typeof sendResourceArgs>;

const GETTING_STARTED = { title: COPY.gettingStartedTitle, url: 'https://support.pandadoc.com/' };

export function sendResourceTool(services: AgentServices) {
  return defineTool('send_resource', services, {
    description: "Email the user a help article or getting-started guide, only to the user's own address.",
    parameters: sendResourceArgs,
    execute: async ({ email: address, topic }, context, { knowledge, email, analytics, policies }) => {
      if (!isValidEmail(address)) refuse('send_resource', COPY.invalidEmail);
      admit(context, 'send_resource', 'emails', COPY.emailLimit);
      // Even the lookup goes through the knowledge policy: no tool skips the resilience layer.
      const article = topic
        ? (
            await withFallback(
              policies.knowledge,
              'knowledge',
              () => knowledge.search(topic, { limit: 1 }),
              () => [],
            )
          )[0]
        : undefined;
      const last = context.dialogue.lastArticle;
      const resource = article ?? (last ? { title: last.title, url: last.url } : GETTING_STARTED);
      const to = address.trim().toLowerCase();
      await withFallback(
        policies.email,
        'email',
        () =>
          email.sendResource({
            sessionId: context.sessionId,
            to,
            subject: resource.title,
            resourceUrl: resource.url,
          }),
        () => refuse('send_resource', COPY.emailNotSent),
      );
      analytics.track(context.sessionId, 'resource_sent');
      return done('send_resource', { sent: true, title: resource.title, url: resource.url, email: to });
    },
  });
}
