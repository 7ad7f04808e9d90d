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
    }));
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

function parseWorkDays(text: string): number[] {
  return text
    .split(',')
    .map((part) => Number(part.trim()))
    .filter((day) => Number.isInteger(day) && day >= 1 && day <= 7);
}
