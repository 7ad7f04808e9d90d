import type { Participant, RemoteTrack, Room } from 'livekit-client';
import type { VoiceFailure } from './copy.js';
import type { VoiceSessionDetails } from './session.js';
import { readTranscriptionStream, TRANSCRIPTION_TOPIC, type TranscriptEvent } from './transcript.js';

/** What the call is doing, as shown on screen. */
export type VoicePhase =
  'preparing' | 'microphone' | 'connecting' | 'waiting' | 'listening' | 'speaking' | 'thinking';

export interface VoiceCallHandlers {
  onPhase(phase: VoicePhase): void;
  /** The call could not start, or stopped on its own: the page continues in the text chat. */
  onFailure(reason: VoiceFailure): void;
  /** A piece of the live transcript (yours or Sarah's), from LiveKit's transcription streams. */
  onTranscript(event: TranscriptEvent): void;
}

export interface VoiceCall {
  setMuted(muted: boolean): Promise<void>;
  /** Hangs up and releases the microphone. Safe to call more than once. */
  end(): void;
}

/** How long Sarah's worker gets to join the room once we are in it. */
export const AGENT_JOIN_TIMEOUT_MS = 10_000;
/** Backstop for the SDK's own signalling and ICE timeouts. */
const CONNECT_TIMEOUT_MS = 20_000;
/** The attribute LiveKit agents use to publish their state. */
const AGENT_STATE_ATTRIBUTE = 'lk.agent.state';

function supportsVoice(): boolean {
  return (
    typeof RTCPeerConnection !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function'
  );
}

/** Lets React paint the microphone explanation before the browser shows its own prompt. */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}

function microphoneFailure(error: unknown): VoiceFailure {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotFoundError' || name === 'NotReadableError' || name === 'OverconstrainedError') {
    return 'noMicrophone';
  }
  if (name === 'TypeError') return 'unsupported';
  return 'denied';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (reason: unknown) => {
        clearTimeout(timer);
        reject(reason instanceof Error ? reason : new Error(String(reason)));
      },
    );
  });
}

function agentPhase(participant: Participant): VoicePhase | null {
  switch (participant.attributes[AGENT_STATE_ATTRIBUTE]) {
    case 'speaking':
      return 'speaking';
    case 'thinking':
      return 'thinking';
    case 'listening':
    case 'idle':
    case 'initializing':
      return 'listening';
    default:
      return null;
  }
}

/**
 * Starts a voice call: asks for the microphone, loads livekit-client (only now, so it stays out
 * of the first page load), joins the room, publishes the microphone and plays Sarah's audio.
 * Every way it can fail ends in exactly one `onFailure`.
 */
export function startVoiceCall(details: VoiceSessionDetails, handlers: VoiceCallHandlers): VoiceCall {
  let finished = false;
  let connected = false;
  let microphone: MediaStreamTrack | null = null;
  let room: Room | null = null;
  let agentTimer: ReturnType<typeof setTimeout> | undefined;
  let publication: { mute(): Promise<unknown>; unmute(): Promise<unknown> } | undefined;
  const audioElements: HTMLMediaElement[] = [];

  const cleanup = () => {
    clearTimeout(agentTimer);
    microphone?.stop();
    microphone = null;
    const current = room;
    room = null;
    if (current) {
      current.unregisterTextStreamHandler(TRANSCRIPTION_TOPIC);
      void current.disconnect().catch(() => undefined);
    }
    for (const element of audioElements.splice(0)) element.remove();
  };

  const fail = (reason: VoiceFailure) => {
    if (finished) return;
    finished = true;
    cleanup();
    handlers.onFailure(reason);
  };

  const phase = (next: VoicePhase) => {
    if (!finished) handlers.onPhase(next);
  };

  const run = async () => {
    if (!supportsVoice()) return fail('unsupported');
    phase('preparing');
    // Starts downloading the SDK while the person answers the microphone prompt.
    const sdk = import('livekit-client');
    sdk.catch(() => undefined);

    phase('microphone');
    await afterPaint();
    if (finished) return;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      });
      microphone = stream.getAudioTracks()[0] ?? null;
    } catch (error) {
      return fail(microphoneFailure(error));
    }
    if (finished) {
      microphone?.stop();
      return;
    }
    if (!microphone) return fail('noMicrophone');

    phase('connecting');
    let lk: typeof import('livekit-client');
    try {
      lk = await sdk;
    } catch {
      return fail('connection');
    }
    if (finished) return;
    if (!lk.isBrowserSupported()) return fail('unsupported');
    // The SDK narrates every step at "info"; the page only needs its warnings.
    lk.setLogLevel('warn');

    const current = new lk.Room();
    room = current;
    let agent: Participant | null = null;

    // Registered before connecting, so the first words (Sarah's greeting) are not missed.
    current.registerTextStreamHandler(TRANSCRIPTION_TOPIC, (reader, { identity }) => {
      const local = current.localParticipant;
      const trackSids = [...local.trackPublications.keys()];
      void readTranscriptionStream(reader, identity, { identity: local.identity, trackSids }, (event) => {
        if (!finished) handlers.onTranscript(event);
      });
    });

    const agentJoined = (participant: Participant) => {
      if (agent) return;
      agent = participant;
      clearTimeout(agentTimer);
      phase(agentPhase(participant) ?? 'listening');
    };

    current
      .on(lk.RoomEvent.ParticipantConnected, agentJoined)
      .on(lk.RoomEvent.ParticipantDisconnected, (participant) => {
        if (participant === agent) fail('dropped');
      })
      .on(lk.RoomEvent.Disconnected, () => {
        if (connected) fail('dropped');
      })
      .on(lk.RoomEvent.TrackSubscribed, (track: RemoteTrack, _publication, participant) => {
        agentJoined(participant);
        if (track.kind !== lk.Track.Kind.Audio) return;
        const element = track.attach();
        element.hidden = true;
        document.body.append(element);
        audioElements.push(element);
      })
      .on(lk.RoomEvent.TrackUnsubscribed, (track: RemoteTrack) => {
        for (const element of track.detach()) element.remove();
      })
      .on(lk.RoomEvent.ParticipantAttributesChanged, (_changed, participant) => {
        if (participant !== agent) return;
        const next = agentPhase(participant);
        if (next) phase(next);
      })
      // Best effort for agents that don't publish their state: speaking while their audio is active.
      .on(lk.RoomEvent.ActiveSpeakersChanged, (speakers) => {
        if (!agent || agentPhase(agent)) return;
        phase(speakers.includes(agent) ? 'speaking' : 'listening');
      });

    try {
      await withTimeout(current.connect(details.url, details.token), CONNECT_TIMEOUT_MS);
      if (finished) return;
      connected = true;
      const published = await current.localParticipant.publishTrack(microphone, {
        source: lk.Track.Source.Microphone,
      });
      publication = published;
    } catch {
      return fail('connection');
    }
    if (finished) return;
    // The click that started the call counts as the gesture that allows playback.
    void current.startAudio().catch(() => undefined);

    const present = [...current.remoteParticipants.values()][0];
    if (present) return agentJoined(present);
    phase('waiting');
    agentTimer = setTimeout(() => fail('agentMissing'), AGENT_JOIN_TIMEOUT_MS);
  };

  // Started on the next microtask, so every callback arrives after this function has returned.
  void Promise.resolve()
    .then(run)
    .catch(() => fail('connection'));

  return {
    async setMuted(muted) {
      if (publication) await (muted ? publication.mute() : publication.unmute());
      else if (microphone) microphone.enabled = !muted;
    },
    end() {
      if (finished) return;
      finished = true;
      cleanup();
    },
  };
}
