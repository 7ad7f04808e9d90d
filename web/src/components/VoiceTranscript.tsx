import { useLayoutEffect, useMemo, useRef } from 'react';
import { VOICE_COPY } from '../voice/copy.js';
import { transcriptLines, type TranscriptState } from '../voice/transcript.js';

/** How close to the bottom (px) still counts as "reading the latest line". */
const STICK_THRESHOLD_PX = 32;

/**
 * The live transcript of the call. Its height is fixed, so new lines never push the buttons
 * around. Words still being recognised are shown but hidden from screen readers; each line
 * enters the live log once, when it is final (a new node, so it is announced once, whole).
 */
export function VoiceTranscript({ transcript }: { transcript: TranscriptState }) {
  const lines = useMemo(() => transcriptLines(transcript), [transcript]);
  const logRef = useRef<HTMLDivElement>(null);
  // Follows new lines unless the person has scrolled up to read something earlier.
  const stickRef = useRef(true);

  useLayoutEffect(() => {
    const log = logRef.current;
    if (log && stickRef.current) log.scrollTop = log.scrollHeight;
  }, [lines]);

  const onScroll = () => {
    const log = logRef.current;
    if (log) stickRef.current = log.scrollHeight - log.scrollTop - log.clientHeight <= STICK_THRESHOLD_PX;
  };

  return (
    // tabIndex lets keyboard users scroll the transcript.
    <div
      ref={logRef}
      className="log voice__transcript"
      role="log"
      aria-live="polite"
      aria-label={VOICE_COPY.transcript.label}
      tabIndex={0}
      onScroll={onScroll}
      data-testid="voice-transcript"
    >
      {lines.length === 0 && <p className="voice__transcript-empty">{VOICE_COPY.transcript.empty}</p>}
      <ol className="log__list">
        {lines.map((line) => (
          <li
            key={`${line.id}:${line.final ? 'final' : 'live'}`}
            className={`message message--${line.speaker === 'you' ? 'user' : 'agent'}${line.final ? '' : ' message--interim'}`}
            aria-hidden={line.final ? undefined : true}
          >
            <p className="message__speaker">{VOICE_COPY.transcript[line.speaker]}</p>
            <p className="message__text">{line.text}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
