import { z } from 'zod';
import type { SessionContext } from '../context.js';
import { handoffSummary } from '../handoff_summary.js';
import type { AgentServices } from '../services.js';
import { admit, defineTool, done } from './kit.js';

export const requestHumanArgs = z.object({
  reason: z.enum(['user_request', 'billing', 'legal', 'bug', 'frustration', 'follow_up']),
  email: z.string().max(254).optional().describe('for follow_up: where a teammate should write'),
  summary: z.string().max(500).optional().describe('what the user needs, without personal data'),
});
export type RequestHumanArgs = z.infer<typeof requestHumanArgs>;

/**
 * Policy: a first request for a person gets one honest offer of help; the second request, or a yes
 * to Sarah's offer of a person, is honoured. Billing, legal, bugs and distress hand off at once.
 * A follow-up by email is recorded for the team without ending the conversation.
 */
export function requestHumanTool(services: AgentServices) {
  return defineTool('request_human', services, {
    description:
      'Hand the conversation to a person: on a second request, a yes to your offer of a person, strong frustration, billing, legal questions or bugs. follow_up asks a teammate to email the user.',
    parameters: requestHumanArgs,
    execute: async ({ reason }, context, { handoff, logger }) => {
      admit(context, 'request_human');
      const d = context.dialogue;
      if (reason === 'follow_up') {
        const queued = await notifyTeam(handoff, logger, context, reason);
        return done('request_human', { handoff: false, followUp: true, reason, ...unqueued(queued) });
      }
      if (reason === 'user_request' && d.humanRequests < 2 && d.offer !== 'person')
        return done('request_human', {
          handoff: false,
          note: 'offer help once; hand off if the user asks again',
        });
      context.states.tryTransition('HUMAN_ESCALATION', `handoff: ${reason}`);
      const queued = await notifyTeam(handoff, logger, context, reason);
      return done('request_human', { handoff: true, reason, ...unqueued(queued) });
    },
  });
}

/**
 * The team's CRM hears about it (queued in the outbox). Resolves false when the request could not
 * be stored: Sarah then says so instead of "I've passed it along".
 */
async function notifyTeam(
  handoff: AgentServices['handoff'],
  logger: AgentServices['logger'],
  context: SessionContext,
  reason: string,
): Promise<boolean> {
  return handoff.handedOff(handoffSummary(context, reason)).then(
    () => true,
    (error: unknown) => {
      logger.warn({ err: error, sessionId: context.sessionId }, 'hand-off not queued for the team');
      return false;
    },
  );
}

/** Added to the output only on failure, so either model reads it and neither claims the team was told. */
function unqueued(queued: boolean): { queued?: false; note?: string } {
  return queued ? {} : { queued: false, note: 'not passed to the team; do not say it was' };
}
