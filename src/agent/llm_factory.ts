import { llm } from '@livekit/agents';
import type * as OpenAIPlugin from '@livekit/agents-plugin-openai';
import type { AppConfig } from '../config.js';
import { OfflineBrain } from './brain/offline_llm.js';
import type { SessionContext } from './context.js';

let openai: typeof OpenAIPlugin | undefined;

/**
 * Loads LiveKit's OpenAI plugin when the configuration uses OpenAI, so an offline setup never loads
 * it. Each door awaits this once before its first createLlm.
 */
export async function loadLlmPlugin(config: AppConfig): Promise<void> {
  if (config.llm.mode === 'openai') openai ??= await import('@livekit/agents-plugin-openai');
}

/**
 * With OpenAI credentials: OpenAI first, the offline brain behind it, no retries inside either
 * (a retried stream would repeat text the user already saw). Without: the offline brain alone.
 */
export function createLlm(config: AppConfig, context: () => SessionContext): llm.LLM {
  const brain = new OfflineBrain(context);
  if (config.llm.mode !== 'openai') return brain;
  if (!openai)
    throw new Error('The OpenAI plugin is not loaded: await loadLlmPlugin(config) before createLlm');
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
