import { llm } from '@livekit/agents';
import * as openai from '@livekit/agents-plugin-openai';
import type { AppConfig } from '../config.js';
import { OfflineBrain } from './brain/offline_llm.js';
import type { SessionContext } from './context.js';

/**
 * With OpenAI credentials: OpenAI first, the offline brain behind it, no retries inside either
 * (a retried stream would repeat text the user already saw). Without: the offline brain alone.
 */
export function createLlm(config: AppConfig, context: () => SessionContext): llm.LLM {
  const brain = new OfflineBrain(context);
  if (config.llm.mode !== 'openai') return brain;
  const model = new openai.LLM({
    model: config.env.OPENAI_MODEL,
    apiKey: config.env.OPENAI_API_KEY,
    baseURL: config.env.OPENAI_BASE_URL,
    temperature: 0.4,
  });
  return new llm.FallbackAdapter({
    llms: [model, brain],
    maxRetryPerLLM: 0,
    attemptTimeout: config.env.LLM_TIMEOUT_MS / 1000,
  });
}
