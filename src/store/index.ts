import type { Database } from './database.js';
import { BookingsRepository } from './repositories/bookings.js';
import { ConsentRepository } from './repositories/consent.js';
import { EmailsRepository } from './repositories/emails.js';
import { FeedbackRepository } from './repositories/feedback.js';
import { QualificationRepository } from './repositories/qualification.js';
import { RepsRepository } from './repositories/reps.js';
import { SessionsRepository } from './repositories/sessions.js';
import { SnapshotsRepository } from './repositories/snapshots.js';
import { TranscriptsRepository } from './repositories/transcripts.js';
import { TransitionsRepository } from './repositories/transitions.js';

/** Repositories over one open database. Run migrateToLatest(database.db) before use. */
export class Store {
  readonly sessions: SessionsRepository;
  readonly transitions: TransitionsRepository;
  readonly qualification: QualificationRepository;
  readonly consent: ConsentRepository;
  readonly transcripts: TranscriptsRepository;
  readonly reps: RepsRepository;
  readonly bookings: BookingsRepository;
  readonly feedback: FeedbackRepository;
  readonly emails: EmailsRepository;
  readonly snapshots: SnapshotsRepository;

  constructor(readonly database: Database) {
    const { db } = database;
    this.sessions = new SessionsRepository(db);
    this.transitions = new TransitionsRepository(db);
    this.qualification = new QualificationRepository(db);
    this.consent = new ConsentRepository(db);
    this.transcripts = new TranscriptsRepository(db);
    this.reps = new RepsRepository(db);
    this.bookings = new BookingsRepository(db);
    this.feedback = new FeedbackRepository(db);
    this.emails = new EmailsRepository(db);
    this.snapshots = new SnapshotsRepository(db);
  }

  close(): Promise<void> {
    return this.database.close();
  }
}

export { DEFAULT_SQLITE_PATH, openDatabase, ping } from './database.js';
export type { Database, DialectName, OpenDatabaseOptions } from './database.js';
export { migrateToLatest, migrations } from './migrations/index.js';
export type { Tables } from './tables.js';
export { isSlotConflict } from './repositories/bookings.js';
export type { BookingOutcome, BookingRecord, NewBooking } from './repositories/bookings.js';
export type { ConsentRecord } from './repositories/consent.js';
export type { SentEmail } from './repositories/emails.js';
export { MAX_FEEDBACK_COMMENT_LENGTH } from './repositories/feedback.js';
export type { FeedbackRecord, NewFeedback } from './repositories/feedback.js';
export type { QualificationInput, QualificationRecord } from './repositories/qualification.js';
export type { SalesRepRecord } from './repositories/reps.js';
export { CHANNELS } from './repositories/sessions.js';
export type { Channel, NewSession, SessionEnd, SessionRecord } from './repositories/sessions.js';
export type { StoredSnapshot } from './repositories/snapshots.js';
export type { TranscriptMessage } from './repositories/transcripts.js';
export type { NewTransition, TransitionRecord } from './repositories/transitions.js';
export {
  BookingsRepository,
  ConsentRepository,
  EmailsRepository,
  FeedbackRepository,
  QualificationRepository,
  RepsRepository,
  SessionsRepository,
  SnapshotsRepository,
  TranscriptsRepository,
  TransitionsRepository,
};
