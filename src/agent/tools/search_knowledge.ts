import { z } from 'zod';
import type { AgentServices } from '../services.js';
import { findArticles } from './articles.js';
import { defineTool, done } from './kit.js';

export const searchKnowledgeArgs = z.object({
  query: z.string().min(2).max(300).describe('the question, in the user words'),
});
export type SearchKnowledgeArgs = z.infer<typeof searchKnowledgeArgs>;

export function searchKnowledgeTool(services: AgentServices) {
  return defineTool('search_knowledge', services, {
    description:
      'Search the PandaDoc help articles. Use for any product question. Answer only from a result; when found is false, say you do not know.',
    parameters: searchKnowledgeArgs,
    execute: async ({ query }, context, services) => {
      const results = await findArticles('search_knowledge', query, { limit: 2 }, context, services);
      return done('search_knowledge', { found: results.length > 0, results });
    },
  });
}
