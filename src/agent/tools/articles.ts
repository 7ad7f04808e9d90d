import { COPY } from '../../conversation/index.js';
import { withFallback } from '../../resilience/policy.js';
import type { KnowledgeSearchOptions } from '../../services/knowledge/types.js';
import type { SessionContext } from '../context.js';
import type { Article } from '../session/dialogue.js';
import type { AgentServices } from '../services.js';
import { admit, refuse, type ToolName } from './kit.js';

/**
 * The knowledge lookup both article tools share: the per-call search limit, the knowledge
 * policy (timeout, retries, breaker) with its spoken fallback, and the move to VALUE_DEMO.
 */
export async function findArticles(
  tool: ToolName,
  query: string,
  options: KnowledgeSearchOptions,
  context: SessionContext,
  { knowledge, policies }: AgentServices,
): Promise<Article[]> {
  admit(context, tool, 'knowledgeSearches', COPY.searchLimit);
  const hits = await withFallback(
    policies.knowledge,
    'knowledge',
    () => knowledge.search(query, options),
    () => refuse(tool, COPY.knowledgeUnavailable),
  );
  context.states.tryTransition('VALUE_DEMO', 'answered a product question');
  return hits.map(({ id, title, answer, url, detail }) => ({ id, title, answer, url, detail }));
}
