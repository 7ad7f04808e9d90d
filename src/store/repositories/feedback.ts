import type { Kysely } from 'kysely';
import type { Tables } from '../tables.js';
import { toUtcIso } from '../values.js';

export const MAX_FEEDBACK_COMMENT_LENGTH = 2000;

export interface FeedbackRecord {
  id: string;
  sessionId: string;
  /** 0..10, as in a net promoter score. */
  score: number;
  comment: string | null;
  createdAt: string;
}

export interface NewFeedback {
  id: string;
  sessionId: string;
  score: number;
  comment?: string | null;
  createdAt: string;
}

export class FeedbackRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** Throws RangeError for a score outside 0..10 (whole numbers) or an over-long comment. */
  async save(feedback: NewFeedback): Promise<void> {
    const { score, comment } = feedback;
    if (!Number.isInteger(score) || score < 0 || score > 10) {
      throw new RangeError(`Feedback score must be a whole number from 0 to 10, got ${score}`);
    }
    if (comment != null && comment.length > MAX_FEEDBACK_COMMENT_LENGTH) {
      throw new RangeError(
        `Feedback comment must be at most ${MAX_FEEDBACK_COMMENT_LENGTH} characters, got ${comment.length}`,
      );
    }
    await this.db
      .insertInto('feedback')
      .values({
        id: feedback.id,
        session_id: feedback.sessionId,
        score,
        comment: comment ?? null,
        created_at: toUtcIso(feedback.createdAt, 'createdAt'),
      })
      .execute();
  }

  /** Newest first. */
  async list(limit: number): Promise<FeedbackRecord[]> {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`limit must be a positive whole number, got ${limit}`);
    }
    const rows = await this.db
      .selectFrom('feedback')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      sessionId: row.session_id,
      score: row.score,
      comment: row.comment,
      createdAt: row.created_at,
    }));
  }
}
