import { z } from 'zod';
import { COPY, URGENCIES, USE_CASES, nextMissingSignal } from '../../conversation/index.js';
import type { FactMentions } from '../understanding/facts.js';
import type { AgentServices } from '../services.js';
import { admit, defineTool, done, refuse } from './kit.js';

export const recordQualificationArgs = z.object({
  teamSize: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .optional()
    .describe('people on the user own team who send documents'),
  monthlyVolume: z.number().int().min(0).max(10_000_000).optional().describe('documents sent per month'),
  useCase: z.enum(USE_CASES).optional(),
  integrations: z
    .array(z.string().min(1).max(40))
    .max(10)
    .optional()
    .describe('tools the user says they USE, e.g. salesforce, hubspot, api; never ones they only ask about'),
  integrationsNotUsed: z
    .array(z.string().min(1).max(40))
    .max(10)
    .optional()
    .describe('tools the user says they do not use'),
  industry: z.string().min(2).max(60).optional(),
  urgency: z.enum(URGENCIES).optional(),
});
export type RecordQualificationArgs = z.infer<typeof recordQualificationArgs>;

export function recordQualificationTool(services: AgentServices) {
  return defineTool('record_qualification', services, {
    description:
      'Record facts the user stated about their OWN team and needs (not questions, not other companies). Returns the qualification tier.',
    parameters: recordQualificationArgs,
    execute: async ({ integrationsNotUsed, ...given }, context, { recorder }) => {
      let facts: typeof given = given;
      admit(context, 'record_qualification');
      // Facts come only from the user's own statements. On a turn that tried to rewrite Sarah's
      // rules, only the figures the user stated about their own team in it count, whatever a
      // model that obeyed the rest passes here.
      const u = context.lastUnderstanding;
      if (u?.injection) {
        facts = statedInTurn(facts, u.facts);
        if (Object.keys(facts).length === 0) refuse('record_qualification', COPY.factsFromUserOnly);
      }
      const { becameSalesReady, reasons } = context.updateSignals(facts);
      if (integrationsNotUsed?.length) {
        const dropped = new Set(integrationsNotUsed.map((i) => i.toLowerCase()));
        context.replaceSignals({
          ...context.signals,
          integrations: context.signals.integrations.filter((i) => !dropped.has(i)),
        });
      }
      context.states.tryTransition('QUALIFICATION', 'recorded qualification facts');
      await recorder.qualification(context.sessionId, context.signals, context.tier, context.now());
      return done('record_qualification', {
        tier: context.tier,
        becameSalesReady: becameSalesReady && context.tier === 'sales_ready',
        reasons,
        signals: context.signals,
        nextQuestion: nextMissingSignal(context.signals) ?? null,
      });
    },
  });
}

/** The model's facts that match what the NLU read from the user's own clauses of this turn. */
function statedInTurn(
  facts: Omit<RecordQualificationArgs, 'integrationsNotUsed'>,
  stated: FactMentions,
): Omit<RecordQualificationArgs, 'integrationsNotUsed'> {
  const kept: Omit<RecordQualificationArgs, 'integrationsNotUsed'> = {};
  if (facts.teamSize !== undefined && facts.teamSize === stated.teamSize?.value)
    kept.teamSize = facts.teamSize;
  if (facts.monthlyVolume !== undefined && facts.monthlyVolume === stated.monthlyVolume?.value)
    kept.monthlyVolume = facts.monthlyVolume;
  const used = new Set(stated.integrationsUsed.map((i) => i.toLowerCase()));
  const integrations = facts.integrations?.filter((i) => used.has(i.toLowerCase()));
  if (integrations?.length) kept.integrations = integrations;
  if (facts.useCase && facts.useCase === stated.useCase) kept.useCase = facts.useCase;
  return kept;
}
