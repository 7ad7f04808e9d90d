import { COPY } from '../../conversation/index.js';
import { rethrowUnlessUnavailable } from '../../resilience/errors.js';
import type { KnowledgeHit, KnowledgeSearchOptions } from '../../services/knowledge/types.js';
import type { SessionContext } from '../context.js';
import type { Article } from '../session/dialogue.js';
import type { AgentServices } from '../services.js';
import { admit, refuse, type ToolName } from './kit.js';

/**
 * The knowledge lookup both article tools share: the per-call search limit, the spoken line when
 * the (guarded) knowledge base is unavailable, and the move to VALUE_DEMO.
 */
export async function findArticles(
  tool: ToolName,
  query: string,
  options: KnowledgeSearchOptions,
  context: SessionContext,
  { knowledge }: AgentServices,
): Promise<Article[]> {
  admit(context, tool, 'knowledgeSearches', COPY.searchLimit);
  let hits: KnowledgeHit[];
  try {
    hits = await knowledge.search(query, options);
  } catch (error) {
    rethrowUnlessUnavailable(error);
    refuse(tool, COPY.knowledgeUnavailable);
  }
  context.states.tryTransition('VALUE_DEMO', 'answered a product question');
  return hits.map(({ id, title, answer, url, detail }) => ({ id, title, answer, url, detail }));
}
