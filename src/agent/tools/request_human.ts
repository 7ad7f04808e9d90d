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
        await notifyTeam(handoff, logger, context, reason);
        return done('request_human', { handoff: false, followUp: true, reason });
      }
      if (reason === 'user_request' && d.humanRequests < 2 && d.offer !== 'person')
        return done('request_human', {
          handoff: false,
          note: 'offer help once; hand off if the user asks again',
        });
      context.states.tryTransition('HUMAN_ESCALATION', `handoff: ${reason}`);
      await notifyTeam(handoff, logger, context, reason);
      return done('request_human', { handoff: true, reason });
    },
  });
}

/** The team's CRM hears about it (queued in the outbox); a failure to queue is logged, not said. */
async function notifyTeam(
  handoff: AgentServices['handoff'],
  logger: AgentServices['logger'],
  context: SessionContext,
  reason: string,
): Promise<void> {
  await handoff
    .handedOff(handoffSummary(context, reason))
    .catch((error: unknown) =>
      logger.warn({ err: error, sessionId: context.sessionId }, 'hand-off not queued for the team'),
    );
}
