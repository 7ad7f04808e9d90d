import { z } from 'zod';
import { COPY, OWN_EMAIL_ONLY, RESOURCE_DAILY_LIMIT } from '../../conversation/index.js';
import { rethrowUnlessUnavailable } from '../../resilience/errors.js';
import { countRefusal } from '../abuse/index.js';
import { isUsersOwnAddress } from '../abuse/others_addresses.js';
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
    description:
      "Email the user a help article or getting-started guide, only to the user's own address. Say it was sent only when this returns sent: true.",
    parameters: sendResourceArgs,
    execute: async ({ email: address, topic }, context, { knowledge, email, abuse }) => {
      if (!isValidEmail(address)) refuse('send_resource', COPY.invalidEmail);
      const to = address.trim().toLowerCase();
      if (!isUsersOwnAddress(context, to)) {
        countRefusal('resource_not_own_address');
        refuse('send_resource', OWN_EMAIL_ONLY);
      }
      admit(context, 'send_resource', 'emails', COPY.emailLimit);
      const recipient = { to, clientKey: context.clientKey };
      const capped = await abuse.resources.take(recipient);
      if (capped) {
        countRefusal(capped);
        refuse('send_resource', RESOURCE_DAILY_LIMIT);
      }
      const article = topic ? await articleAbout(topic, knowledge) : undefined;
      const last = context.dialogue.lastArticle;
      const resource = article ?? (last ? { title: last.title, url: last.url } : GETTING_STARTED);
      try {
        await email.sendResource({
          sessionId: context.sessionId,
          to,
          subject: resource.title,
          resourceUrl: resource.url,
        });
      } catch (error) {
        // Not queued: the caps are given back and nothing is claimed as sent.
        await abuse.resources.give(recipient);
        rethrowUnlessUnavailable(error);
        refuse('send_resource', COPY.emailNotSent);
      }
      return done('send_resource', { sent: true, title: resource.title, url: resource.url, email: to });
    },
  });
}

/** The best article on the topic; while the knowledge base is unavailable, none (a guide still goes). */
async function articleAbout(topic: string, knowledge: AgentServices['knowledge']) {
  try {
    return (await knowledge.search(topic, { limit: 1 }))[0];
  } catch (error) {
    rethrowUnlessUnavailable(error);
    return undefined;
  }
}
