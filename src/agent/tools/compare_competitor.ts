import { z } from 'zod';
import type { AgentServices } from '../services.js';
import { findArticles } from './articles.js';
import { defineTool, done } from './kit.js';

export const compareCompetitorArgs = z.object({ competitor: z.string().min(2).max(60) });
export type CompareCompetitorArgs = z.infer<typeof compareCompetitorArgs>;

export function compareCompetitorTool(services: AgentServices) {
  return defineTool('compare_competitor', services, {
    description:
      'Compare PandaDoc fairly with a competitor the user mentions (DocuSign, Dropbox Sign, Proposify, Adobe Acrobat Sign, ...).',
    parameters: compareCompetitorArgs,
    execute: async ({ competitor }, context, services) => {
      const options = { limit: 1, category: 'Competitors' };
      const results = await findArticles('compare_competitor', competitor, options, context, services);
      return done('compare_competitor', { competitor, found: results.length > 0, results });
    },
  });
}
