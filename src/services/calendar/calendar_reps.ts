import { IANAZone } from 'luxon';
import { z } from 'zod';

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a 24-hour time such as 09:00' });

const repSchema = z
  .object({
    name: z.string().trim().min(1, { error: "expected the rep's name" }),
    email: z.email({ error: "expected the rep's email address" }),
    timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), {
      error: 'expected an IANA time zone such as America/New_York',
    }),
    calendarId: z.string().trim().min(1).optional(),
    workDays: z
      .array(z.number().int().min(1).max(7), { error: 'expected ISO weekdays, Monday = 1, e.g. [1,2,3,4,5]' })
      .min(1)
      .optional(),
    workStart: clock.optional(),
    workEnd: clock.optional(),
  })
  .refine((rep) => (rep.workStart ?? '09:00') < (rep.workEnd ?? '17:00'), {
    error: 'expected workStart before workEnd',
  });

/**
 * CALENDAR_REPS: the sales team as a JSON array, e.g.
 * `[{"name":"Avery Collins","email":"avery@acme.com","timeZone":"America/New_York"}]`, with optional
 * `calendarId` (default: the email, a Workspace user's primary calendar), `workDays` (default
 * Monday to Friday), `workStart`/`workEnd` (default 09:00 to 17:00, the rep's own zone).
 */
export const calendarRepsSchema = z
  .array(repSchema)
  .min(1, { error: 'expected at least one rep' })
  .refine((reps) => new Set(reps.map((r) => r.email.toLowerCase())).size === reps.length, {
    error: 'expected each email once',
  });

export type CalendarRepsSetting = z.infer<typeof calendarRepsSchema>;

/** The environment variable: empty = unset; otherwise JSON that must match the schema. */
export const calendarRepsVariable = z
  .string()
  .trim()
  .transform((text, ctx) => {
    if (text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'expected a JSON array of reps ([{"name","email","timeZone"}])',
      });
      return z.NEVER;
    }
  })
  .pipe(calendarRepsSchema.optional())
  .optional();
