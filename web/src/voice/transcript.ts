/**
 * The live transcript of a voice call, folded from LiveKit's transcription text streams.
 *
 * How @livekit/agents 1.x publishes them (voice/room_io/_output.js, ParticipantTranscriptionOutput),
 * and how livekit-client 2.x hands them over (room.registerTextStreamHandler):
 * - Topic `lk.transcription`. Header attributes: `lk.segment_id` (one id per utterance),
 *   `lk.transcription_final` ('true' or 'false') and `lk.transcribed_track_id`. Attributes in a
 *   stream's trailer are merged into `reader.info.attributes` when the stream closes.
 * - Sarah's words are a delta stream: one stream per segment, opened with final 'false', each chunk
 *   the next few words as her audio plays; the stream closes when she finishes or is interrupted.
 *   The framework closes it without setting final 'true', so the close itself finishes her line.
 * - Your words are whole replacements: every interim transcript is a new short stream holding the
 *   utterance so far, and the last one carries final 'true'. They are sent under your identity.
 *
 * One rule covers both: the chunks of one stream add up, and a new stream for a segment replaces
 * that segment's text. Nothing here touches LiveKit, so it is tested without a room.
 */

export const TRANSCRIPTION_TOPIC = 'lk.transcription';
export const ATTRIBUTE_SEGMENT_ID = 'lk.segment_id';
export const ATTRIBUTE_FINAL = 'lk.transcription_final';
export const ATTRIBUTE_TRACK_ID = 'lk.transcribed_track_id';

export type Speaker = 'you' | 'sarah';

/** One utterance as the page shows it. */
export interface TranscriptLine {
  /** The segment id: stable while the line is being spoken and after. */
  id: string;
  speaker: Speaker;
  text: string;
  /** False while the words may still change. */
  final: boolean;
}

interface Entry extends TranscriptLine {
  /** The stream that last wrote this line; its chunks append, any other stream replaces. */
  streamId: string;
}

export interface TranscriptState {
  /** In the order each utterance started. */
  readonly entries: readonly Entry[];
}

export type TranscriptEvent =
  /** A chunk of text on a stream. */
  | { type: 'text'; streamId: string; segmentId: string; speaker: Speaker; text: string }
  /** A stream closed (or broke off); `final` is its `lk.transcription_final` attribute. */
  | { type: 'end'; streamId: string; segmentId: string; final: boolean };

export const EMPTY_TRANSCRIPT: TranscriptState = { entries: [] };

function replaceAt(entries: readonly Entry[], index: number, entry: Entry): Entry[] {
  const next = entries.slice();
  next[index] = entry;
  return next;
}

/** Folds one event into the transcript. Returns the same state when nothing changes. */
export function applyTranscriptEvent(state: TranscriptState, event: TranscriptEvent): TranscriptState {
  const index = state.entries.findIndex((entry) => entry.id === event.segmentId);
  const entry = index >= 0 ? state.entries[index] : undefined;

  if (event.type === 'text') {
    if (!entry) {
      if (!event.text) return state;
      const added: Entry = {
        id: event.segmentId,
        speaker: event.speaker,
        text: event.text,
        final: false,
        streamId: event.streamId,
      };
      return { entries: [...state.entries, added] };
    }
    // A finished line stays as it was, whatever arrives late.
    if (entry.final) return state;
    const text = entry.streamId === event.streamId ? entry.text + event.text : event.text;
    if (text === entry.text && entry.streamId === event.streamId) return state;
    return { entries: replaceAt(state.entries, index, { ...entry, text, streamId: event.streamId }) };
  }

  // An older stream closing after a newer one took over the line says nothing about the line.
  if (!entry || entry.final || entry.streamId !== event.streamId) return state;
  // Sarah's line is one stream, so its end is her line's end; yours ends when marked final.
  const final = event.final || entry.speaker === 'sarah';
  if (!final) return state;
  return { entries: replaceAt(state.entries, index, { ...entry, final: true }) };
}

/** The lines to show: in order, trimmed, without utterances that have no words (yet). */
export function transcriptLines(state: TranscriptState): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  for (const { id, speaker, text, final } of state.entries) {
    const trimmed = text.trim();
    if (trimmed) lines.push({ id, speaker, text: trimmed, final });
  }
  return lines;
}

/** Who we are in the room: our identity and the sids of the tracks we publish (the microphone). */
export interface LocalIdentity {
  identity: string;
  trackSids: readonly string[];
}

/**
 * Your words arrive under your own identity; the transcribed track id is checked too, in case a
 * server sends them under the agent's identity instead. Everything else is Sarah.
 */
export function speakerOf(
  sender: string,
  attributes: Readonly<Record<string, string>> | undefined,
  local: LocalIdentity,
): Speaker {
  if (sender === local.identity) return 'you';
  const track = attributes?.[ATTRIBUTE_TRACK_ID];
  if (track && local.trackSids.includes(track)) return 'you';
  return 'sarah';
}

/** The part of livekit-client's TextStreamReader this module needs. */
export interface TranscriptionReader extends AsyncIterable<string> {
  readonly info: { readonly id: string; readonly attributes?: Record<string, string> };
}

/**
 * Reads one transcription stream to its end and reports it as events: one `text` per chunk (the
 * reader yields each chunk as it arrives, not the text so far), then one `end`. Never throws: a
 * stream that breaks off (the room disconnecting) still ends.
 */
export async function readTranscriptionStream(
  reader: TranscriptionReader,
  sender: string,
  local: LocalIdentity,
  emit: (event: TranscriptEvent) => void,
): Promise<void> {
  const streamId = reader.info.id;
  const segmentId = reader.info.attributes?.[ATTRIBUTE_SEGMENT_ID] || streamId;
  const speaker = speakerOf(sender, reader.info.attributes, local);
  try {
    for await (const text of reader) emit({ type: 'text', streamId, segmentId, speaker, text });
  } catch {
    // Keep what arrived; the end below settles the line.
  }
  // Read after the loop: the trailer's attributes are merged in when the stream closes.
  const final = reader.info.attributes?.[ATTRIBUTE_FINAL] === 'true';
  emit({ type: 'end', streamId, segmentId, final });
}
