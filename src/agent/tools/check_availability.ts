import { z } from 'zod';
import { COPY } from '../../conversation/index.js';
import { withFallback } from '../../resilience/policy.js';
import type { TimeRequest } from '../brain/nlu/datetime.js';
import { parseTimeWithCorrection } from '../brain/nlu/time_words.js';
import type { SessionContext } from '../context.js';
import type { AgentServices } from '../services.js';
import { admit, defineTool, done, refuse } from './kit.js';
import { searchSlots } from './slot_search.js';

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
    execute: async ({ when }, context, { calendar, analytics, logger, policies }) => {
      if (context.tier !== 'sales_ready') refuse('check_availability', COPY.selfServe);
      admit(context, 'check_availability');
      const request = readTimeWords(when, context);
      const found = await withFallback(
        policies.calendar,
        'calendar',
        () => searchSlots(calendar, request, { now: context.now(), zone: context.dialogue.zone }),
        (error) => {
          logger.warn({ err: error, sessionId: context.sessionId }, 'calendar lookup failed');
          return refuse('check_availability', COPY.bookingUnavailable);
        },
      );
      context.states.tryTransition('NEXT_STEPS', 'offered meeting times');
      analytics.track(context.sessionId, 'availability_checked', {
        slots: found.slots.length,
        exact: Boolean(found.exact),
      });
      return done('check_availability', {
        timeZone: found.zone,
        exactSlotId: found.exact ? '1' : null,
        unavailable: found.unavailable ?? null,
        slots: found.slots.map((s, i) => ({ slotId: String(i + 1), ...s })),
      });
    },
  });
}
