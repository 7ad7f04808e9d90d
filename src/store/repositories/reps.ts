import { createHash } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { SalesRepsTable, Tables } from '../tables.js';
import { fromFlag, toCount } from '../values.js';

export interface SalesRepRecord {
  id: string;
  name: string;
  email: string;
  /** IANA zone, e.g. 'Europe/London'. */
  timeZone: string;
  /** ISO weekday numbers, Monday = 1. */
  workDays: number[];
  /** 'HH:MM' in the rep's own time zone. */
  workStart: string;
  workEnd: string;
  active: boolean;
  /** Google calendar id of the rep's meetings; null when the rep is not on Google Calendar. */
  calendarId: string | null;
}

/** One rep of the team as configured (CALENDAR_REPS); the email is the key. */
export interface RepDefinition {
  name: string;
  email: string;
  timeZone: string;
  /** Defaults to the email: a Workspace user's primary calendar has their address as its id. */
  calendarId?: string;
  workDays?: number[];
  workStart?: string;
  workEnd?: string;
}

// Fixed ids make seeding idempotent even if two processes seed an empty table at once.
const DEFAULT_REPS: Insertable<SalesRepsTable>[] = [
  {
    id: '5b0f3c1e-8d2a-4f6b-9a71-2c4e6d8f0a11',
    name: 'Avery Collins',
    email: 'avery.collins@example.com',
    time_zone: 'America/New_York',
    work_days: '1,2,3,4,5',
    work_start: '09:00',
    work_end: '17:00',
  },
  {
    id: '9e2d7a44-3b1c-4c8e-8f25-6a0b9c3d5e22',
    name: 'Imogen Hartley',
    email: 'imogen.hartley@example.com',
    time_zone: 'Europe/London',
    work_days: '1,2,3,4,5',
    work_start: '09:00',
    work_end: '17:30',
  },
  {
    id: 'c41a8f63-7e5d-4b2a-a3c9-0d1e2f4b6c33',
    name: 'Mateo Alvarez',
    email: 'mateo.alvarez@example.com',
    time_zone: 'America/Los_Angeles',
    work_days: '1,2,3,4,5',
    work_start: '08:00',
    work_end: '16:00',
  },
];

export class RepsRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async listActive(): Promise<SalesRepRecord[]> {
    const rows = await this.db
      .selectFrom('sales_reps')
      .selectAll()
      .where('active', '=', 1)
      .orderBy('name')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      timeZone: row.time_zone,
      workDays: parseWorkDays(row.work_days),
      workStart: row.work_start,
      workEnd: row.work_end,
      active: fromFlag(row.active),
      calendarId: row.calendar_id,
    }));
  }

  /**
   * Makes the active team exactly `team`: reps are matched by email (case-insensitive) and updated,
   * new ones are added, and reps not listed are deactivated (kept, since old bookings point at them).
   * Idempotent, and two instances applying the same list at once agree on the new reps' ids.
   */
  async applyTeam(team: RepDefinition[]): Promise<{ added: number; updated: number; deactivated: number }> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('sales_reps').select(['id', 'email', 'active']).execute();
      const byEmail = new Map(existing.map((row) => [row.email.toLowerCase(), row]));
      const kept = new Set<string>();
      let added = 0;
      for (const rep of team) {
        const values = {
          name: rep.name,
          email: rep.email,
          time_zone: rep.timeZone,
          work_days: (rep.workDays ?? [1, 2, 3, 4, 5]).join(','),
          work_start: rep.workStart ?? '09:00',
          work_end: rep.workEnd ?? '17:00',
          calendar_id: rep.calendarId ?? rep.email,
          active: 1,
        };
        const match = byEmail.get(rep.email.toLowerCase());
        if (match) {
          await trx.updateTable('sales_reps').set(values).where('id', '=', match.id).execute();
          kept.add(match.id);
          continue;
        }
        const id = repIdFor(rep.email);
        await trx
          .insertInto('sales_reps')
          .values({ id, ...values })
          .onConflict((oc) => oc.column('id').doUpdateSet(values))
          .execute();
        kept.add(id);
        added += 1;
      }
      const toDeactivate = existing
        .filter((row) => !kept.has(row.id) && fromFlag(row.active))
        .map((r) => r.id);
      if (toDeactivate.length > 0) {
        await trx.updateTable('sales_reps').set({ active: 0 }).where('id', 'in', toDeactivate).execute();
      }
      return { added, updated: kept.size - added, deactivated: toDeactivate.length };
    });
  }

  /** Gives a fresh install someone to book with; returns how many reps were inserted. */
  async seedDefaultsIfEmpty(): Promise<number> {
    const existing = await this.db
      .selectFrom('sales_reps')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    if (toCount(existing?.n) > 0) return 0;
    const result = await this.db
      .insertInto('sales_reps')
      .values(DEFAULT_REPS)
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
}

/** A UUID-shaped id derived from the email, so every instance names a new rep the same way. */
function repIdFor(email: string): string {
  const hex = createHash('sha256').update(`sales-rep:${email.toLowerCase()}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function parseWorkDays(text: string): number[] {
  return text
    .split(',')
    .map((part) => Number(part.trim()))
    .filter((day) => Number.isInteger(day) && day >= 1 && day <= 7);
}
