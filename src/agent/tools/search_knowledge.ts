import { z } from 'zod';
import { COPY } from '../../conversation/index.js';
import { withFallback } from '../../resilience/policy.js';
import type { AgentServices } from '../services.js';
import { admit, defineTool, done, refuse } from './kit.js';

export const searchKnowledgeArgs = z.object({
  query: z.string().min(2).max(300).describe('the question, in the user words'),
});
export type SearchKnowledgeArgs = z.infer<typeof searchKnowledgeArgs>;

export function searchKnowledgeTool(services: AgentServices) {
  return defineTool('search_knowledge', services, {
    description:
      'Search the PandaDoc help articles. Use for any product question. Answer only from a result; when found is false, say you do not know.',
    parameters: searchKnowledgeArgs,
    execute: async ({ query }, context, { knowledge, analytics, policies }) => {
      admit(context, 'search_knowledge', 'knowledgeSearches', COPY.searchLimit);
      const hits = await withFallback(
        policies.knowledge,
        'knowledge',
        () => knowledge.search(query, { limit: 2 }),
        () => refuse('search_knowledge', COPY.knowledgeUnavailable),
      );
      context.states.tryTransition('VALUE_DEMO', 'answered a product question');
      analytics.track(context.sessionId, 'knowledge_searched', { found: hits.length > 0 });
      return done('search_knowledge', {
        found: hits.length > 0,
        results: hits.map((h) => ({
          id: h.id,
          title: h.title,
          answer: h.answer,
          url: h.url,
          detail: h.detail,
        })),
      });
    },
  });
}
