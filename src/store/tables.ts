import type { Generated } from 'kysely';

/**
 * Row shapes as stored. Only portable column types are used so one schema serves
 * SQLite and PostgreSQL: timestamps are ISO-8601 UTC text, booleans are 0/1
 * integers, JSON is text and ids are caller-generated UUID text.
 */
export interface SessionsTable {
  id: string;
  channel: string;
  started_at: string;
  ended_at: string | null;
  user_time_zone: string | null;
  state: string;
  end_reason: string | null;
  handoff: Generated<number>;
}

export interface StateTransitionsTable {
  id: string;
  session_id: string;
  /** Per-session insertion order; timestamps alone can tie (same millisecond, fake clocks). */
  seq: number;
  from_state: string;
  to_state: string;
  reason: string | null;
  at: string;
}

export interface QualificationTable {
  session_id: string;
  team_size: number | null;
  monthly_volume: number | null;
  use_case: string | null;
  /** JSON array of strings. */
  integrations: Generated<string>;
  industry: string | null;
  urgency: string | null;
  tier: string;
  updated_at: string;
}

export interface ConsentTable {
  session_id: string;
  transcription: number;
  at: string;
}

export interface TranscriptMessagesTable {
  id: string;
  session_id: string;
  /** Per-session insertion order, for the same reason as state_transitions.seq. */
  seq: number;
  role: string;
  text: string;
  at: string;
}

export interface SalesRepsTable {
  id: string;
  name: string;
  email: string;
  time_zone: string;
  /** Comma-separated ISO weekday numbers, Monday = 1, e.g. '1,2,3,4,5'. */
  work_days: string;
  /** 'HH:MM' in the rep's own time zone. */
  work_start: string;
  work_end: string;
  active: Generated<number>;
  /** Google calendar id the rep's meetings go on (often their email); null = not on Google. */
  calendar_id: string | null;
}

export interface BookingsTable {
  id: string;
  session_id: string | null;
  rep_id: string;
  start_at: string;
  end_at: string;
  attendee_email: string;
  attendee_name: string | null;
  user_time_zone: string;
  status: Generated<string>;
  created_at: string;
  /** Id of the event in the outside calendar (Google); null for embedded bookings. */
  external_id: string | null;
  /** Idempotency key sent with the outside insert (Google's conference requestId). */
  request_id: string | null;
}

export interface FeedbackTable {
  id: string;
  session_id: string;
  score: number;
  comment: string | null;
  created_at: string;
}

export interface EmailsSentTable {
  id: string;
  session_id: string;
  to_address: string;
  subject: string;
  resource_url: string | null;
  created_at: string;
}

/** Pending and past deliveries to outside systems (see src/services/outbox/). */
export interface OutboxTable {
  id: string;
  kind: string;
  /** JSON text. */
  payload: string;
  /** 'pending' | 'delivered' | 'failed' (parked after too many attempts or a permanent refusal). */
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_token: string | null;
  lease_until: string | null;
  last_attempt_at: string | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}

/** A live chat's state, kept so a dropped socket can resume it (see migration 0006). */
export interface SessionSnapshotsTable {
  session_id: string;
  /** JSON text. */
  snapshot: string;
  generation: Generated<number>;
  saved_at: string;
  parked_at: string | null;
}

export interface Tables {
  sessions: SessionsTable;
  state_transitions: StateTransitionsTable;
  qualification: QualificationTable;
  consent: ConsentTable;
  transcript_messages: TranscriptMessagesTable;
  sales_reps: SalesRepsTable;
  bookings: BookingsTable;
  feedback: FeedbackTable;
  emails_sent: EmailsSentTable;
  outbox: OutboxTable;
  session_snapshots: SessionSnapshotsTable;
}
