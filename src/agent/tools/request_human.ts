import { z } from 'zod';
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
    execute: async ({ reason }, context, { analytics }) => {
      admit(context, 'request_human');
      const d = context.dialogue;
      if (reason === 'follow_up') {
        analytics.track(context.sessionId, 'follow_up_requested');
        return done('request_human', { handoff: false, followUp: true, reason });
      }
      if (reason === 'user_request' && d.humanRequests < 2 && d.offer !== 'person')
        return done('request_human', {
          handoff: false,
          note: 'offer help once; hand off if the user asks again',
        });
      context.states.tryTransition('HUMAN_ESCALATION', `handoff: ${reason}`);
      analytics.track(context.sessionId, 'human_handoff', { reason });
      return done('request_human', { handoff: true, reason });
    },
  });
}
