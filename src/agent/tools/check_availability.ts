import { z } from 'zod';
import { COPY, calendarUnavailable } from '../../conversation/index.js';
import { rethrowUnlessUnavailable } from '../../resilience/errors.js';
import type { TimeRequest } from '../understanding/datetime.js';
import { parseTimeWithCorrection } from '../understanding/time_words.js';
import type { SessionContext } from '../context.js';
import type { AgentServices } from '../services.js';
import { admit, defineTool, done, refuse } from './kit.js';
import { searchSlots, type SlotSearch } from './slot_search.js';

export const checkAvailabilityArgs = z.object({
  when: z
    .string()
    .max(600)
    .optional()
    .describe(
      "the user's own words for the day and time, e.g. 'Friday at 2' or '9am Paris time'; the server resolves them",
    ),
});
export type CheckAvailabilityArgs = z.infer<typeof checkAvailabilityArgs>;

/** The user's words for a time, read against the conversation's clock and zone. */
export function readTimeWords(words: string | undefined, context: SessionContext): TimeRequest | undefined {
  return words ? parseTimeWithCorrection(words, context.now(), context.dialogue.zone) : undefined;
}

export function checkAvailabilityTool(services: AgentServices) {
  return defineTool('check_availability', services, {
    description:
      "Find open times for a call with sales. Pass the user's own words in `when`; never compute dates yourself. Only for sales_ready trialists.",
    parameters: checkAvailabilityArgs,
    execute: async ({ when }, context, { calendar, logger, fallbacks }) => {
      if (context.tier !== 'sales_ready') refuse('check_availability', COPY.selfServe);
      admit(context, 'check_availability');
      const request = readTimeWords(when, context);
      let found: SlotSearch;
      try {
        found = await searchSlots(calendar, request, { now: context.now(), zone: context.dialogue.zone });
      } catch (error) {
        rethrowUnlessUnavailable(error);
        logger.warn({ err: error, sessionId: context.sessionId }, 'calendar lookup failed');
        refuse('check_availability', calendarUnavailable(fallbacks.bookingUrl));
      }
      context.states.tryTransition('NEXT_STEPS', 'offered meeting times');
      return done('check_availability', {
        timeZone: found.zone,
        exactSlotId: found.exact ? '1' : null,
        unavailable: found.unavailable ?? null,
        slots: found.slots.map((s, i) => ({ slotId: String(i + 1), ...s })),
      });
    },
  });
}
