import { z } from 'zod';
import { COPY } from '../../conversation/index.js';
import { withFallback } from '../../resilience/policy.js';
import type { AgentServices } from '../services.js';
import { admit, defineTool, done, refuse } from './kit.js';

export const compareCompetitorArgs = z.object({ competitor: z.string().min(2).max(60) });
export type CompareCompetitorArgs = z.infer<typeof compareCompetitorArgs>;

export function compareCompetitorTool(services: AgentServices) {
  return defineTool('compare_competitor', services, {
    description:
      'Compare PandaDoc fairly with a competitor the user mentions (DocuSign, Dropbox Sign, Proposify, Adobe Acrobat Sign, ...).',
    parameters: compareCompetitorArgs,
    execute: async ({ competitor }, context, { knowledge, analytics, policies }) => {
      admit(context, 'compare_competitor', 'knowledgeSearches', COPY.searchLimit);
      const hits = await withFallback(
        policies.knowledge,
        'knowledge',
        () => knowledge.search(competitor, { limit: 1, category: 'Competitors' }),
        () => refuse('compare_competitor', COPY.knowledgeUnavailable),
      );
      context.states.tryTransition('VALUE_DEMO', 'compared with a competitor');
      const best = hits[0];
      analytics.track(context.sessionId, 'competitor_compared', { found: Boolean(best) });
      return done('compare_competitor', {
        competitor,
        found: Boolean(best),
        results: best
          ? [{ id: best.id, title: best.title, answer: best.answer, url: best.url, detail: best.detail }]
          : [],
      });
    },
  });
}
