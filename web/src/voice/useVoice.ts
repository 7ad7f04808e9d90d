import { useCallback, useEffect, useRef, useState } from 'react';
import { startVoiceCall, type VoiceCall, type VoicePhase } from './call.js';
import type { VoiceFailure } from './copy.js';
import type { VoiceSessionDetails } from './session.js';
import { applyTranscriptEvent, EMPTY_TRANSCRIPT, type TranscriptState } from './transcript.js';

export interface VoiceState {
  /** null when there is no call. */
  phase: VoicePhase | null;
  sessionId: string | null;
  muted: boolean;
  /** What you and Sarah have said in this call; empty when there is no call. */
  transcript: TranscriptState;
}

export interface VoiceControls {
  state: VoiceState;
  start(details: VoiceSessionDetails, onFailure: (reason: VoiceFailure) => void): void;
  toggleMute(): void;
  end(): void;
}

const IDLE: VoiceState = { phase: null, sessionId: null, muted: false, transcript: EMPTY_TRANSCRIPT };

/** Keeps one voice call at a time and mirrors its phase and transcript into React state. */
export function useVoice(): VoiceControls {
  const [state, setState] = useState<VoiceState>(IDLE);
  const callRef = useRef<VoiceCall | null>(null);
  const attemptRef = useRef<object | null>(null);

  const start = useCallback((details: VoiceSessionDetails, onFailure: (reason: VoiceFailure) => void) => {
    callRef.current?.end();
    setState({
      phase: 'preparing',
      sessionId: details.sessionId,
      muted: false,
      transcript: EMPTY_TRANSCRIPT,
    });
    // Callbacks from a replaced or ended call are stale: ignore them.
    const attempt = {};
    attemptRef.current = attempt;
    const isCurrent = (): boolean => attemptRef.current === attempt;
    const call: VoiceCall = startVoiceCall(details, {
      onPhase: (phase) => {
        if (isCurrent()) setState((previous) => ({ ...previous, phase }));
      },
      onTranscript: (event) => {
        if (!isCurrent()) return;
        setState((previous) => {
          const transcript = applyTranscriptEvent(previous.transcript, event);
          return transcript === previous.transcript ? previous : { ...previous, transcript };
        });
      },
      onFailure: (reason) => {
        if (!isCurrent()) return;
        attemptRef.current = null;
        callRef.current = null;
        setState(IDLE);
        onFailure(reason);
      },
    });
    callRef.current = call;
  }, []);

  const toggleMute = () => {
    const call = callRef.current;
    if (!call) return;
    const muted = !state.muted;
    setState((previous) => ({ ...previous, muted }));
    void call.setMuted(muted).catch(() => undefined);
  };

  const end = useCallback(() => {
    callRef.current?.end();
    callRef.current = null;
    attemptRef.current = null;
    setState(IDLE);
  }, []);

  useEffect(() => () => callRef.current?.end(), []);

  return { state, start, toggleMute, end };
}
