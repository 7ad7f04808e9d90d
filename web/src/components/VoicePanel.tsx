import type { Ref } from 'react';
import { VOICE_COPY } from '../voice/copy.js';
import type { VoiceControls } from '../voice/useVoice.js';
import { SessionId } from './SessionId.js';
import { VoiceTranscript } from './VoiceTranscript.js';

interface VoicePanelProps {
  voice: VoiceControls;
  /** The End button, so the page can bring focus back to the call. */
  endRef: Ref<HTMLButtonElement>;
}

/** The live voice call: what Sarah is doing, what both of you have said, plus Mute and End. */
export function VoicePanel({ voice, endRef }: VoicePanelProps) {
  const { phase, sessionId, muted, transcript } = voice.state;
  if (!phase) return null;
  const live = phase === 'listening' || phase === 'speaking' || phase === 'thinking';
  const canMute = live || phase === 'waiting';

  return (
    <section className="voice" aria-label={VOICE_COPY.title}>
      <div className="chat__header">
        <div>
          <h2 className="chat__title">
            Sarah <span className="badge">Beta</span>
          </h2>
          <p className="chat__subtitle">AI voice assistant. A person can take over any time.</p>
        </div>
      </div>

      <div className={`voice__state voice__state--${phase}`} role="status" data-testid="voice-status">
        <span className={live ? 'voice__dot voice__dot--live' : 'voice__dot'} aria-hidden="true" />
        <p className="voice__phase">{VOICE_COPY.state[phase]}</p>
        {phase === 'microphone' && <p className="voice__explain">{VOICE_COPY.microphone}</p>}
        {muted && <p className="voice__explain">{VOICE_COPY.muted}</p>}
      </div>

      <VoiceTranscript transcript={transcript} />

      <div className="voice__actions">
        <button
          type="button"
          className="button button--secondary"
          aria-pressed={muted}
          disabled={!canMute}
          onClick={voice.toggleMute}
        >
          {muted ? VOICE_COPY.unmute : VOICE_COPY.mute}
        </button>
        <button type="button" className="button button--primary" ref={endRef} onClick={voice.end}>
          {VOICE_COPY.end}
        </button>
      </div>

      {sessionId && <SessionId key={`voice-${sessionId}`} id={sessionId} />}
    </section>
  );
}
