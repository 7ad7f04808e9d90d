import type { Kysely } from 'kysely';
import type { Tables } from '../tables.js';
import { toUtcIso } from '../values.js';

export interface QualificationInput {
  teamSize?: number | null;
  monthlyVolume?: number | null;
  useCase?: string | null;
  integrations: string[];
  industry?: string | null;
  urgency?: string | null;
  tier: string;
}

export interface QualificationRecord {
  sessionId: string;
  teamSize: number | null;
  monthlyVolume: number | null;
  useCase: string | null;
  integrations: string[];
  industry: string | null;
  urgency: string | null;
  tier: string;
  updatedAt: string;
}

// PostgreSQL `integer` is 32-bit; check here so both backends accept the same values.
const MAX_INT32 = 2_147_483_647;

export class QualificationRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** Insert or replace the session's latest qualification snapshot. */
  async save(sessionId: string, input: QualificationInput, at: string): Promise<void> {
    const values = {
      team_size: count(input.teamSize, 'teamSize'),
      monthly_volume: count(input.monthlyVolume, 'monthlyVolume'),
      use_case: input.useCase ?? null,
      integrations: JSON.stringify(input.integrations),
      industry: input.industry ?? null,
      urgency: input.urgency ?? null,
      tier: input.tier,
      updated_at: toUtcIso(at, 'at'),
    };
    await this.db
      .insertInto('qualification')
      .values({ session_id: sessionId, ...values })
      .onConflict((oc) => oc.column('session_id').doUpdateSet(values))
      .execute();
  }

  async get(sessionId: string): Promise<QualificationRecord | undefined> {
    const row = await this.db
      .selectFrom('qualification')
      .selectAll()
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      sessionId: row.session_id,
      teamSize: row.team_size,
      monthlyVolume: row.monthly_volume,
      useCase: row.use_case,
      integrations: parseIntegrations(row.integrations, sessionId),
      industry: row.industry,
      urgency: row.urgency,
      tier: row.tier,
      updatedAt: row.updated_at,
    };
  }
}

function count(value: number | null | undefined, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || value < 0 || value > MAX_INT32) {
    throw new RangeError(`${field} must be a whole number between 0 and ${MAX_INT32}, got ${value}`);
  }
  return value;
}

function parseIntegrations(text: string, sessionId: string): string[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new Error(`qualification.integrations for session ${sessionId} is not a JSON array of strings`);
  }
  return value;
}
