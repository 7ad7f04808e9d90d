import { voice } from '@livekit/agents';
import { sarahInstructions } from '../conversation/index.js';
import type { SessionContext } from './context.js';
import type { AgentServices } from './services.js';
import { createTools } from './tools/index.js';

/** Sarah herself: instructions plus the eight tools. The same agent serves web, console and voice. */
export class SarahAgent extends voice.Agent<SessionContext> {
  constructor(services: AgentServices, context: SessionContext) {
    super({
      instructions: sarahInstructions(context.thresholds, context.now().toISOString(), context.userTimeZone),
      tools: createTools(services),
    });
  }
}
