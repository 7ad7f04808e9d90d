import { llm } from '@livekit/agents';
import { z } from 'zod';
import {
  COPY,
  USE_CASES,
  URGENCIES,
  calculateRoi,
  describeSlots,
  nextMissingSignal,
  RoiInputError,
} from '../conversation/index.js';
import { metrics } from '../observability/metrics.js';
import { withFallback } from '../resilience/policy.js';
import { minutesOf, slotLabel } from '../services/calendar/slots.js';
import type { SlotPreference } from '../services/calendar/types.js';
import type { SessionContext } from './context.js';
import type { AgentServices } from './services.js';

export const TOOL_NAMES = [
  'search_knowledge',
  'compare_competitor',
  'record_qualification',
  'check_availability',
  'book_meeting',
  'calculate_roi',
  'send_resource',
  'request_human',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

const emailSchema = z.email();

export function isValidEmail(value: string): boolean {
  return emailSchema.safeParse(value.trim()).success;
}

type Ctx = { ctx: { userData: SessionContext } };

/** Counts one tool use against the per-turn (and optional per-call) limit, or refuses with a speakable line. */
function admit(
  context: SessionContext,
  tool: ToolName,
  kind?: 'knowledgeSearches' | 'bookingAttempts' | 'emails',
  limitLine?: string,
): void {
  if (!context.usage.allow(kind)) {
    metrics.toolCalls.inc({ tool, outcome: 'limited' });
    throw new llm.ToolError(limitLine ?? COPY.genericRecovery);
  }
}

function done<T>(tool: ToolName, result: T): T {
  metrics.toolCalls.inc({ tool, outcome: 'ok' });
  return result;
}

function refuse(tool: ToolName, message: string): never {
  metrics.toolCalls.inc({ tool, outcome: 'refused' });
  throw new llm.ToolError(message);
}

const timeOfDay = z
  .string()
  .regex(/^\d{1,2}:\d{2}$/)
  .describe('preferred start time HH:MM, 24-hour, in the user time zone');

/** The eight tools Sarah can use. Names are a stable contract with QA scripts. */
export function createTools(services: AgentServices) {
  const { knowledge, calendar, email, analytics, recorder, logger, policies } = services;

  return {
    search_knowledge: llm.tool({
      description:
        'Search the PandaDoc help articles. Use for any product question; answer from the result and name the article.',
      parameters: z.object({ query: z.string().min(2).max(300).describe('the question, in a few words') }),
      execute: async ({ query }, { ctx }: Ctx) => {
        const context = ctx.userData;
        admit(context, 'search_knowledge', 'knowledgeSearches', COPY.searchLimit);
        const hits = await withFallback(
          policies.knowledge,
          'knowledge',
          () => knowledge.search(query, { limit: 2 }),
          () => refuse('search_knowledge', COPY.knowledgeUnavailable),
        );
        context.states.tryTransition('VALUE_DEMO', 'answered a product question');
        const best = hits[0];
        if (best) context.lastArticle = { title: best.title, url: best.url };
        analytics.track(context.sessionId, 'knowledge_searched', { found: hits.length > 0 });
        return done('search_knowledge', {
          found: hits.length > 0,
          results: hits.map((h) => ({ title: h.title, answer: h.answer, url: h.url })),
        });
      },
    }),

    compare_competitor: llm.tool({
      description:
        'Compare PandaDoc fairly with a competitor the user mentions (DocuSign, Dropbox Sign, Proposify, Adobe Acrobat Sign, ...).',
      parameters: z.object({ competitor: z.string().min(2).max(60) }),
      execute: async ({ competitor }, { ctx }: Ctx) => {
        const context = ctx.userData;
        admit(context, 'compare_competitor', 'knowledgeSearches', COPY.searchLimit);
        const hits = await withFallback(
          policies.knowledge,
          'knowledge',
          () => knowledge.search(competitor, { limit: 1, category: 'Competitors' }),
          () => refuse('compare_competitor', COPY.knowledgeUnavailable),
        );
        context.states.tryTransition('VALUE_DEMO', 'compared with a competitor');
        const best = hits[0];
        if (best) context.lastArticle = { title: best.title, url: best.url };
        analytics.track(context.sessionId, 'competitor_compared', { found: Boolean(best) });
        return done('compare_competitor', {
          competitor,
          found: Boolean(best),
          title: best?.title ?? null,
          answer: best?.answer ?? null,
          url: best?.url ?? null,
        });
      },
    }),

    record_qualification: llm.tool({
      description: 'Record facts the user shared about their team and needs. Returns the qualification tier.',
      parameters: z.object({
        teamSize: z.number().int().min(1).max(1_000_000).optional(),
        monthlyVolume: z
          .number()
          .int()
          .min(0)
          .max(10_000_000)
          .optional()
          .describe('documents sent per month'),
        useCase: z.enum(USE_CASES).optional(),
        integrations: z
          .array(z.string().min(1).max(40))
          .max(10)
          .optional()
          .describe('e.g. salesforce, hubspot, pipedrive, api'),
        industry: z.string().min(2).max(60).optional(),
        urgency: z.enum(URGENCIES).optional(),
      }),
      execute: async (facts, { ctx }: Ctx) => {
        const context = ctx.userData;
        admit(context, 'record_qualification');
        const { becameSalesReady, reasons } = context.updateSignals(facts);
        context.states.tryTransition('QUALIFICATION', 'recorded qualification facts');
        await recorder.qualification(context.sessionId, context.signals, context.tier, context.now());
        analytics.track(context.sessionId, 'qualification_updated', { tier: context.tier, becameSalesReady });
        return done('record_qualification', {
          tier: context.tier,
          becameSalesReady,
          reasons,
          signals: context.signals,
          nextQuestion: nextMissingSignal(context.signals) ?? null,
        });
      },
    }),

    check_availability: llm.tool({
      description:
        'Find open times for a call with sales, in the user time zone. Only for sales_ready trialists.',
      parameters: z.object({
        date: z.iso.date().optional().describe('a specific day, YYYY-MM-DD, in the user time zone'),
        weekday: z.number().int().min(1).max(7).optional().describe('ISO weekday, Monday = 1'),
        partOfDay: z.enum(['morning', 'afternoon', 'evening']).optional(),
        time: timeOfDay.optional(),
      }),
      execute: async ({ date, weekday, partOfDay, time }, { ctx }: Ctx) => {
        const context = ctx.userData;
        if (context.tier !== 'sales_ready') refuse('check_availability', COPY.selfServe);
        admit(context, 'check_availability');
        const preference: SlotPreference | undefined =
          date || weekday || partOfDay || time
            ? { date, weekday, partOfDay, timeOfDay: time ? minutesOf(time) : undefined }
            : undefined;
        const slots = await withFallback(
          policies.calendar,
          'calendar',
          () =>
            calendar.findSlots({
              now: context.now(),
              userTimeZone: context.userTimeZone,
              count: 3,
              preference,
            }),
          (error) => {
            logger.warn({ err: error, sessionId: context.sessionId }, 'calendar lookup failed');
            return refuse('check_availability', COPY.bookingUnavailable);
          },
        );
        context.offeredSlots = slots.map((s) => ({ ...s, label: slotLabel(s, context.userTimeZone) }));
        context.awaiting = slots.length > 0 ? 'slot_choice' : undefined;
        context.pendingOffer = undefined;
        context.states.tryTransition('NEXT_STEPS', 'offered meeting times');
        analytics.track(context.sessionId, 'availability_checked', {
          slots: slots.length,
          preference: Boolean(preference),
        });
        return done('check_availability', {
          timeZone: context.userTimeZone,
          slots: context.offeredSlots.map((s, i) => ({
            slotId: String(i + 1),
            start: s.startUtc,
            label: s.label,
          })),
        });
      },
    }),

    book_meeting: llm.tool({
      description:
        'Book a call with sales in an offered slot. Needs a slotId from check_availability and the user email. Only for sales_ready trialists.',
      parameters: z.object({
        slotId: z.string().min(1).max(40).describe('slotId from check_availability'),
        email: z.string().min(3).max(254),
        name: z.string().min(1).max(100).optional(),
      }),
      execute: async ({ slotId, email: address, name }, { ctx }: Ctx) => {
        const context = ctx.userData;
        if (context.tier !== 'sales_ready') refuse('book_meeting', COPY.selfServe);
        if (context.booking)
          return done('book_meeting', { booked: true, alreadyBooked: true, when: context.booking.label });
        if (!isValidEmail(address)) {
          context.awaiting = 'email_for_booking';
          refuse('book_meeting', COPY.invalidEmail);
        }
        const slot =
          context.offeredSlots[Number(slotId) - 1] ??
          (context.chosenSlot?.startUtc === slotId ? context.chosenSlot : undefined);
        if (!slot) refuse('book_meeting', COPY.pickTimeFirst);
        admit(context, 'book_meeting', 'bookingAttempts', COPY.bookingLimit);
        context.bookingAttempts += 1;
        const normalizedEmail = address.trim().toLowerCase();
        context.email = normalizedEmail;
        const result = await withFallback(
          policies.calendar,
          'calendar',
          () =>
            calendar.book({
              slot,
              sessionId: context.sessionId,
              attendeeEmail: normalizedEmail,
              attendeeName: name,
              userTimeZone: context.userTimeZone,
              now: context.now(),
            }),
          (error) => {
            logger.warn({ err: error, sessionId: context.sessionId }, 'booking failed');
            return refuse('book_meeting', COPY.bookingUnavailable);
          },
        );
        if (result.status === 'conflict') {
          const next = await calendar
            .findSlots({ now: context.now(), userTimeZone: context.userTimeZone, count: 3 })
            .catch(() => []);
          context.offeredSlots = next.map((s) => ({ ...s, label: slotLabel(s, context.userTimeZone) }));
          context.chosenSlot = undefined;
          context.awaiting = 'slot_choice';
          analytics.track(context.sessionId, 'booking_conflict');
          refuse(
            'book_meeting',
            `${COPY.slotTaken} ${describeSlots(context.offeredSlots.map((s) => s.label))}`,
          );
        }
        context.booking = {
          bookingId: result.bookingId,
          startUtc: slot.startUtc,
          label: slot.label,
          userTimeZone: context.userTimeZone,
        };
        context.awaiting = undefined;
        context.pendingOffer = undefined;
        analytics.track(context.sessionId, 'meeting_booked', { attempts: context.bookingAttempts });
        return done('book_meeting', {
          booked: true,
          bookingId: result.bookingId,
          when: slot.label,
          email: normalizedEmail,
        });
      },
    }),

    calculate_roi: llm.tool({
      description:
        'Estimate hours and money saved per year. Uses team size and monthly volume already shared unless given.',
      parameters: z.object({
        teamSize: z.number().int().min(1).max(1_000_000).optional(),
        documentsPerMonth: z.number().int().min(0).max(10_000_000).optional(),
        hoursPerDocument: z
          .number()
          .min(0.05)
          .max(40)
          .optional()
          .describe('hours spent per document today; default 1'),
        hourlyCost: z.number().min(1).max(10_000).optional(),
      }),
      execute: async (input, { ctx }: Ctx) => {
        const context = ctx.userData;
        admit(context, 'calculate_roi');
        const teamSize = input.teamSize ?? context.signals.teamSize;
        const documentsPerMonth = input.documentsPerMonth ?? context.signals.monthlyVolume;
        if (teamSize === undefined) refuse('calculate_roi', COPY.askTeamSize);
        if (documentsPerMonth === undefined) refuse('calculate_roi', COPY.askVolume);
        try {
          const result = calculateRoi({
            teamSize,
            documentsPerMonth,
            hoursPerDocument: input.hoursPerDocument ?? 1,
            hourlyCost: input.hourlyCost,
          });
          context.states.tryTransition('VALUE_DEMO', 'estimated ROI');
          analytics.track(context.sessionId, 'roi_calculated');
          return done('calculate_roi', { ...result, hoursPerDocument: input.hoursPerDocument ?? 1 });
        } catch (error) {
          if (error instanceof RoiInputError) refuse('calculate_roi', COPY.roiNumbersOff);
          throw error;
        }
      },
    }),

    send_resource: llm.tool({
      description: 'Email the user a help article or getting-started guide. Needs a valid email address.',
      parameters: z.object({
        email: z.string().min(3).max(254),
        topic: z
          .string()
          .min(2)
          .max(120)
          .optional()
          .describe('what the resource is about; default: the last article discussed'),
      }),
      execute: async ({ email: address, topic }, { ctx }: Ctx) => {
        const context = ctx.userData;
        if (!isValidEmail(address)) {
          context.awaiting = 'email_for_resource';
          refuse('send_resource', COPY.invalidEmail);
        }
        admit(context, 'send_resource', 'emails', COPY.emailLimit);
        const article = topic ? (await knowledge.search(topic, { limit: 1 }).catch(() => []))[0] : undefined;
        const resource = article
          ? { title: article.title, url: article.url }
          : (context.lastArticle ?? {
              title: COPY.gettingStartedTitle,
              url: 'https://support.pandadoc.com/',
            });
        const to = address.trim().toLowerCase();
        await withFallback(
          policies.email,
          'email',
          () =>
            email.sendResource({
              sessionId: context.sessionId,
              to,
              subject: resource.title,
              resourceUrl: resource.url,
            }),
          () => refuse('send_resource', COPY.emailNotSent),
        );
        context.email = to;
        context.awaiting = undefined;
        context.pendingOffer = undefined;
        analytics.track(context.sessionId, 'resource_sent');
        return done('send_resource', { sent: true, title: resource.title, url: resource.url });
      },
    }),

    request_human: llm.tool({
      description:
        'Hand the conversation to a human teammate. Use on a second request for a person, strong frustration, billing, legal questions or suspected bugs.',
      parameters: z.object({
        reason: z.enum(['user_request', 'billing', 'legal', 'bug', 'frustration']),
        summary: z.string().max(500).optional().describe('what the user needs, without personal data'),
      }),
      execute: async ({ reason }, { ctx }: Ctx) => {
        const context = ctx.userData;
        admit(context, 'request_human');
        // Policy: a first request for a person gets one honest offer of help; the second is honoured.
        if (reason === 'user_request' && context.humanRequests < 2) {
          context.pendingOffer = 'human';
          return done('request_human', {
            handoff: false,
            note: 'offer help once; hand off if the user asks again',
          });
        }
        context.handoff = true;
        context.handoffReason = reason;
        context.states.tryTransition('HUMAN_ESCALATION', `handoff: ${reason}`);
        analytics.track(context.sessionId, 'human_handoff', { reason });
        return done('request_human', { handoff: true, reason });
      },
    }),
  };
}

export type SarahTools = ReturnType<typeof createTools>;
