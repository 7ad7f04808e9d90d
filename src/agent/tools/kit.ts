import { llm } from '@livekit/agents';
import type { z } from 'zod';
import { COPY } from '../../conversation/index.js';
import { metrics } from '../../observability/metrics.js';
import { trackToolOutcome } from '../analytics_events.js';
import type { SessionContext } from '../context.js';
import type { AgentServices } from '../services.js';

export const TOOL_NAMES = [
  'search_knowledge',
  'compare_competitor',
  'record_qualification',
  'check_availability',
  'book_meeting',
  'calculate_roi',
  'send_resource',
  'request_human',
  'change_meeting',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

type Usage = 'knowledgeSearches' | 'bookingAttempts' | 'emails';

/** Counts one tool use against the per-turn (and optional per-call) limit, or refuses with a speakable line. */
export function admit(context: SessionContext, tool: ToolName, kind?: Usage, limitLine?: string): void {
  if (!context.usage.allow(kind)) {
    metrics.toolCalls.inc({ tool, outcome: 'limited' });
    throw new llm.ToolError(limitLine ?? COPY.genericRecovery);
  }
}

/** A refusal the user hears: the message is a line Sarah can say. */
export function refuse(tool: ToolName, message: string): never {
  metrics.toolCalls.inc({ tool, outcome: 'refused' });
  throw new llm.ToolError(message);
}

export function done<T>(tool: ToolName, result: T): T {
  metrics.toolCalls.inc({ tool, outcome: 'ok' });
  return result;
}

/**
 * Declares a tool whose result, success or refusal, is handed to the dialogue reducer before the
 * model sees it, so the next step (of either model) reads an up-to-date dialogue state.
 */
export function defineTool<S extends z.ZodObject>(
  name: ToolName,
  services: AgentServices,
  spec: {
    description: string;
    parameters: S;
    execute: (args: z.infer<S>, context: SessionContext, services: AgentServices) => Promise<object>;
  },
) {
  return llm.tool<SessionContext, S, object>({
    description: spec.description,
    parameters: spec.parameters,
    execute: async (args, { ctx }) => {
      const context = ctx.userData;
      const record = args as Record<string, unknown>;
      try {
        const output = await context.tools.track(name, () =>
          spec.execute(args as z.infer<S>, context, services),
        );
        context.apply({ type: 'tool', name, args: record, output, isError: false });
        trackToolOutcome(services.analytics, context, name, record, output, false);
        return output;
      } catch (error) {
        context.apply({ type: 'tool', name, args: record, output: String(error), isError: true });
        trackToolOutcome(services.analytics, context, name, record, String(error), true);
        throw error;
      }
    },
  });
}
