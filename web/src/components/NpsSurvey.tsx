import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { MAX_COMMENT_LENGTH, submitFeedback } from '../feedback.js';
import { UI_COPY } from '../copy.js';

const SCORES = Array.from({ length: 11 }, (_, score) => score);

type Phase = 'idle' | 'missing-score' | 'sending' | 'failed' | 'closed' | 'sent';

const MESSAGES: Record<Phase, string> = {
  idle: '',
  'missing-score': UI_COPY.feedback.missingScore,
  sending: UI_COPY.feedback.sending,
  failed: UI_COPY.feedback.failed,
  closed: UI_COPY.feedback.closed,
  sent: UI_COPY.feedback.thanks,
};

/** The one-question NPS survey shown after a conversation ends. */
export function NpsSurvey({ sessionId, token }: { sessionId: string; token: string | null }) {
  const ids = useId();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [phase, setPhase] = useState<Phase>('idle');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const firstRadioRef = useRef<HTMLInputElement>(null);

  // The chat form just disappeared; move focus here so keyboard users aren't left on <body>.
  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    if (phase === 'sent' || phase === 'closed') statusRef.current?.focus();
  }, [phase]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (phase === 'sending') return;
    if (score === null) {
      setPhase('missing-score');
      firstRadioRef.current?.focus();
      return;
    }
    setPhase('sending');
    const trimmed = comment.trim();
    const outcome = await submitFeedback(
      trimmed ? { sessionId, token, score, comment: trimmed } : { sessionId, token, score },
    );
    // On failure everything the user entered stays in place for a retry.
    setPhase(outcome);
  };

  return (
    <div className="survey">
      <h3 id={`${ids}-title`} ref={headingRef} tabIndex={-1}>
        {UI_COPY.feedback.heading}
      </h3>
      {phase !== 'sent' && phase !== 'closed' && (
        <form className="survey__form" onSubmit={submit} aria-labelledby={`${ids}-title`} noValidate>
          <p>{UI_COPY.feedback.intro}</p>
          <fieldset className="nps" aria-describedby={`${ids}-hints`}>
            <legend>How likely are you to recommend Sarah to a colleague?</legend>
            <div className="nps__scale">
              {SCORES.map((value) => (
                <label key={value} className="nps__option">
                  <input
                    ref={value === 0 ? firstRadioRef : undefined}
                    type="radio"
                    name={`${ids}-score`}
                    value={value}
                    checked={score === value}
                    onChange={() => {
                      setScore(value);
                      if (phase === 'missing-score') setPhase('idle');
                    }}
                  />
                  <span>{value}</span>
                </label>
              ))}
            </div>
            <p id={`${ids}-hints`} className="nps__hints">
              <span>
                <span className="visually-hidden">0 means </span>Not likely
              </span>
              <span>
                <span className="visually-hidden">, 10 means </span>Very likely
              </span>
            </p>
          </fieldset>
          <label htmlFor={`${ids}-comment`} className="field-label">
            Anything we could do better? (optional)
          </label>
          <textarea
            id={`${ids}-comment`}
            className="survey__comment"
            rows={3}
            maxLength={MAX_COMMENT_LENGTH}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
          />
          <button type="submit" className="button button--primary" aria-disabled={phase === 'sending'}>
            Submit feedback
          </button>
        </form>
      )}
      <p
        ref={statusRef}
        className={`survey__status survey__status--${phase}`}
        role="status"
        tabIndex={phase === 'sent' || phase === 'closed' ? -1 : undefined}
      >
        {MESSAGES[phase]}
      </p>
    </div>
  );
}
