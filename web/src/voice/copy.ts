/**
 * Every line the voice call shows. Same rules as the chat copy: short, warm, plain, never the
 * word "error", and each failure says what happens next (the text chat opens).
 */
export const VOICE_COPY = {
  title: 'Voice call with Sarah',
  microphone: 'Sarah needs your microphone to hear you, so your browser will ask for permission next.',
  state: {
    preparing: 'Getting the call ready…',
    microphone: 'Waiting for microphone permission…',
    connecting: 'Connecting to Sarah…',
    waiting: 'Waiting for Sarah to join…',
    listening: 'Sarah is listening',
    speaking: 'Sarah is speaking',
    thinking: 'Sarah is thinking…',
  },
  muted: 'Your microphone is muted.',
  transcript: {
    label: 'Call transcript',
    empty: 'What you and Sarah say will show up here as you talk.',
    you: 'You',
    sarah: 'Sarah',
  },
  mute: 'Mute microphone',
  unmute: 'Unmute microphone',
  end: 'End call',
  ended: 'The voice call has ended. You can start another one whenever you like.',
  fallback: {
    unavailable: "Voice isn't available right now, so let's chat here instead.",
    unsupported: "This browser can't make voice calls, so let's chat here instead.",
    denied: "Sarah can't hear you without microphone access, so let's chat here instead.",
    noMicrophone: "We couldn't find a microphone to use, so let's chat here instead.",
    connection: "We couldn't connect the voice call, so let's chat here instead.",
    agentMissing: "Sarah couldn't join the call just now, so let's chat here instead.",
    dropped: "The voice call dropped, so let's carry on here in the chat.",
  },
} as const;

export type VoiceFailure = keyof typeof VOICE_COPY.fallback;
