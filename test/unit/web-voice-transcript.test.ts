import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  applyTranscriptEvent,
  ATTRIBUTE_FINAL,
  ATTRIBUTE_SEGMENT_ID,
  ATTRIBUTE_TRACK_ID,
  EMPTY_TRANSCRIPT,
  readTranscriptionStream,
  speakerOf,
  transcriptLines,
  TRANSCRIPTION_TOPIC,
  type LocalIdentity,
  type TranscriptEvent,
  type TranscriptionReader,
  type TranscriptState,
} from '../../web/src/voice/transcript.js';

const fold = (events: TranscriptEvent[], state: TranscriptState = EMPTY_TRANSCRIPT): TranscriptState =>
  events.reduce(applyTranscriptEvent, state);

const text = (
  streamId: string,
  segmentId: string,
  speaker: 'you' | 'sarah',
  value: string,
): TranscriptEvent => ({ type: 'text', streamId, segmentId, speaker, text: value });

const end = (streamId: string, segmentId: string, final = false): TranscriptEvent => ({
  type: 'end',
  streamId,
  segmentId,
  final,
});

const ME: LocalIdentity = { identity: 'trialist-1', trackSids: ['TR_mic'] };
const AGENT = 'agent-AJ_1';

/**
 * A stand-in for livekit-client's TextStreamReader: yields each chunk as it is (a delta), and on
 * close merges the trailer's attributes into `info.attributes`, as the SDK does.
 */
function reader(
  id: string,
  attributes: Record<string, string> | undefined,
  chunks: string[],
  options: { trailer?: Record<string, string>; failAfter?: number } = {},
): TranscriptionReader {
  const info: { id: string; attributes?: Record<string, string> } = { id, attributes };
  return {
    info,
    async *[Symbol.asyncIterator]() {
      for (const [index, chunk] of chunks.entries()) {
        if (options.failAfter === index) throw new Error('Room disconnected in the middle of receiving data');
        await Promise.resolve();
        yield chunk;
      }
      if (options.trailer) info.attributes = { ...info.attributes, ...options.trailer };
    },
  };
}

async function read(
  stream: TranscriptionReader,
  sender: string,
  state: TranscriptState = EMPTY_TRANSCRIPT,
): Promise<{ state: TranscriptState; events: TranscriptEvent[] }> {
  const events: TranscriptEvent[] = [];
  await readTranscriptionStream(stream, sender, ME, (event) => events.push(event));
  return { state: fold(events, state), events };
}

describe('the transcript fold', () => {
  it('starts empty', () => {
    expect(transcriptLines(EMPTY_TRANSCRIPT)).toEqual([]);
  });

  it("adds Sarah's words as they stream in and fixes the line when her stream ends", () => {
    const speaking = fold([
      text('ST_1', 'SG_a', 'sarah', 'Hi, I'),
      text('ST_1', 'SG_a', 'sarah', "'m Sarah."),
      text('ST_1', 'SG_a', 'sarah', ' How can I help?'),
    ]);
    expect(transcriptLines(speaking)).toEqual([
      { id: 'SG_a', speaker: 'sarah', text: "Hi, I'm Sarah. How can I help?", final: false },
    ]);
    // The agent closes her delta stream without final 'true': the end itself finishes her line.
    const done = applyTranscriptEvent(speaking, end('ST_1', 'SG_a', false));
    expect(transcriptLines(done)).toEqual([
      { id: 'SG_a', speaker: 'sarah', text: "Hi, I'm Sarah. How can I help?", final: true },
    ]);
  });

  it('replaces your interim words with each new stream and fixes them on the final one', () => {
    const interim = fold([
      text('ST_1', 'SG_u', 'you', 'how do'),
      end('ST_1', 'SG_u'),
      text('ST_2', 'SG_u', 'you', 'how do I add'),
      end('ST_2', 'SG_u'),
    ]);
    expect(transcriptLines(interim)).toEqual([
      { id: 'SG_u', speaker: 'you', text: 'how do I add', final: false },
    ]);
    const final = fold(
      [text('ST_3', 'SG_u', 'you', 'How do I add a pricing table?'), end('ST_3', 'SG_u', true)],
      interim,
    );
    expect(transcriptLines(final)).toEqual([
      { id: 'SG_u', speaker: 'you', text: 'How do I add a pricing table?', final: true },
    ]);
  });

  it('keeps your line interim when a stream ends without being marked final', () => {
    const state = fold([text('ST_1', 'SG_u', 'you', 'hello'), end('ST_1', 'SG_u', false)]);
    expect(transcriptLines(state)[0]?.final).toBe(false);
  });

  it('appends chunks of one stream even when a replacement stream carried several chunks', () => {
    const state = fold([
      text('ST_1', 'SG_u', 'you', 'old words'),
      text('ST_2', 'SG_u', 'you', 'new '),
      text('ST_2', 'SG_u', 'you', 'words'),
    ]);
    expect(transcriptLines(state)[0]?.text).toBe('new words');
  });

  it('takes over the line when a new stream repeats the same text, so its next chunk appends', () => {
    const state = fold([
      text('ST_1', 'SG_u', 'you', 'yes'),
      text('ST_2', 'SG_u', 'you', 'yes'),
      text('ST_2', 'SG_u', 'you', ' please'),
    ]);
    expect(transcriptLines(state)[0]?.text).toBe('yes please');
  });

  it('orders lines by when each utterance started, also when you talk over Sarah', () => {
    const state = fold([
      text('ST_s1', 'SG_s1', 'sarah', 'Would Tuesday at'),
      text('ST_u1', 'SG_u1', 'you', 'actually'),
      text('ST_s1', 'SG_s1', 'sarah', ' ten work'),
      end('ST_s1', 'SG_s1'),
      end('ST_u1', 'SG_u1'),
      text('ST_u2', 'SG_u1', 'you', 'actually, Wednesday please'),
      end('ST_u2', 'SG_u1', true),
      text('ST_s2', 'SG_s2', 'sarah', 'Wednesday it is.'),
    ]);
    expect(transcriptLines(state)).toEqual([
      { id: 'SG_s1', speaker: 'sarah', text: 'Would Tuesday at ten work', final: true },
      { id: 'SG_u1', speaker: 'you', text: 'actually, Wednesday please', final: true },
      { id: 'SG_s2', speaker: 'sarah', text: 'Wednesday it is.', final: false },
    ]);
  });

  it('keeps the speaker the line started with', () => {
    const state = fold([text('ST_1', 'SG_a', 'sarah', 'Hello'), text('ST_2', 'SG_a', 'you', 'Hello there')]);
    expect(transcriptLines(state)[0]).toMatchObject({ speaker: 'sarah', text: 'Hello there' });
  });

  it('ignores anything that arrives for a line after it is final', () => {
    const final = fold([text('ST_1', 'SG_u', 'you', 'book a demo'), end('ST_1', 'SG_u', true)]);
    expect(applyTranscriptEvent(final, text('ST_0', 'SG_u', 'you', 'book'))).toBe(final);
    expect(applyTranscriptEvent(final, text('ST_1', 'SG_u', 'you', ' now'))).toBe(final);
    expect(applyTranscriptEvent(final, end('ST_0', 'SG_u', false))).toBe(final);
  });

  it('ignores the end of a stream that a newer stream has already replaced', () => {
    const state = fold([text('ST_1', 'SG_u', 'you', 'pric'), text('ST_2', 'SG_u', 'you', 'pricing')]);
    expect(applyTranscriptEvent(state, end('ST_1', 'SG_u', true))).toBe(state);
    expect(transcriptLines(fold([end('ST_2', 'SG_u', true)], state))[0]?.final).toBe(true);
  });

  it('ignores the end of a stream that never carried text', () => {
    expect(applyTranscriptEvent(EMPTY_TRANSCRIPT, end('ST_1', 'SG_x', true))).toBe(EMPTY_TRANSCRIPT);
  });

  it('does not start a line for an empty chunk, and returns the same state for no-op chunks', () => {
    expect(applyTranscriptEvent(EMPTY_TRANSCRIPT, text('ST_1', 'SG_a', 'sarah', ''))).toBe(EMPTY_TRANSCRIPT);
    const state = fold([text('ST_1', 'SG_a', 'sarah', 'Hi')]);
    expect(applyTranscriptEvent(state, text('ST_1', 'SG_a', 'sarah', ''))).toBe(state);
  });

  it('shows lines trimmed and hides lines with no words yet, keeping their place', () => {
    const state = fold([
      text('ST_1', 'SG_a', 'sarah', ' '),
      text('ST_2', 'SG_b', 'you', '  hi  '),
      text('ST_1', 'SG_a', 'sarah', ' Hello'),
    ]);
    expect(transcriptLines(state)).toEqual([
      { id: 'SG_a', speaker: 'sarah', text: 'Hello', final: false },
      { id: 'SG_b', speaker: 'you', text: 'hi', final: false },
    ]);
  });

  it('hides a line whose final transcript came back empty', () => {
    const state = fold([
      text('ST_1', 'SG_u', 'you', 'um'),
      text('ST_2', 'SG_u', 'you', ' '),
      end('ST_2', 'SG_u', true),
    ]);
    expect(transcriptLines(state)).toEqual([]);
  });

  it('never changes the state it is given', () => {
    const before = fold([text('ST_1', 'SG_a', 'sarah', 'Hi')]);
    const snapshot = structuredClone(before);
    fold(
      [text('ST_1', 'SG_a', 'sarah', ' there'), end('ST_1', 'SG_a'), text('ST_2', 'SG_b', 'you', 'hey')],
      before,
    );
    expect(before).toEqual(snapshot);
  });
});

describe('who said it', () => {
  it('is you when the stream comes under your identity', () => {
    expect(speakerOf('trialist-1', { [ATTRIBUTE_TRACK_ID]: 'TR_other' }, ME)).toBe('you');
  });

  it('is you when it transcribes your microphone track, whoever sent it', () => {
    expect(speakerOf(AGENT, { [ATTRIBUTE_TRACK_ID]: 'TR_mic' }, ME)).toBe('you');
  });

  it('is Sarah otherwise', () => {
    expect(speakerOf(AGENT, { [ATTRIBUTE_TRACK_ID]: 'TR_agent_audio' }, ME)).toBe('sarah');
    expect(speakerOf(AGENT, undefined, ME)).toBe('sarah');
    expect(speakerOf(AGENT, { [ATTRIBUTE_TRACK_ID]: '' }, { identity: 'x', trackSids: [''] })).toBe('sarah');
  });
});

describe('reading a transcription stream', () => {
  it('uses the topic and attribute names of the installed @livekit/agents', async () => {
    // The worker publishes with these constants; read them from the framework so an upgrade that
    // renames one fails here rather than leaving the page's transcript silently empty.
    const entry = fileURLToPath(import.meta.resolve('@livekit/agents'));
    const source = await readFile(path.join(path.dirname(entry), 'constants.js'), 'utf8');
    const value = (name: string) => new RegExp(`const ${name} = "([^"]+)"`).exec(source)?.[1];
    expect({
      topic: value('TOPIC_TRANSCRIPTION'),
      segment: value('ATTRIBUTE_TRANSCRIPTION_SEGMENT_ID'),
      final: value('ATTRIBUTE_TRANSCRIPTION_FINAL'),
      track: value('ATTRIBUTE_TRANSCRIPTION_TRACK_ID'),
    }).toEqual({
      topic: TRANSCRIPTION_TOPIC,
      segment: ATTRIBUTE_SEGMENT_ID,
      final: ATTRIBUTE_FINAL,
      track: ATTRIBUTE_TRACK_ID,
    });
  });

  it("turns Sarah's delta stream into one line, final when it closes", async () => {
    const stream = reader('ST_1', { [ATTRIBUTE_FINAL]: 'false', [ATTRIBUTE_SEGMENT_ID]: 'SG_a' }, [
      'Sure, ',
      'pricing tables ',
      'live in the content library.',
    ]);
    const { state, events } = await read(stream, AGENT);
    expect(events.map((event) => event.type)).toEqual(['text', 'text', 'text', 'end']);
    expect(transcriptLines(state)).toEqual([
      {
        id: 'SG_a',
        speaker: 'sarah',
        text: 'Sure, pricing tables live in the content library.',
        final: true,
      },
    ]);
  });

  it('replays how the agent publishes one of your utterances: interim streams, then a final one', async () => {
    const attrs = (final: boolean) => ({
      [ATTRIBUTE_FINAL]: String(final),
      [ATTRIBUTE_SEGMENT_ID]: 'SG_u',
      [ATTRIBUTE_TRACK_ID]: 'TR_mic',
    });
    let state = EMPTY_TRANSCRIPT;
    ({ state } = await read(reader('ST_1', attrs(false), ['can I']), 'trialist-1', state));
    expect(transcriptLines(state)).toEqual([{ id: 'SG_u', speaker: 'you', text: 'can I', final: false }]);
    ({ state } = await read(reader('ST_2', attrs(false), ['can I talk to']), 'trialist-1', state));
    ({ state } = await read(reader('ST_3', attrs(true), ['Can I talk to a person?']), 'trialist-1', state));
    expect(transcriptLines(state)).toEqual([
      { id: 'SG_u', speaker: 'you', text: 'Can I talk to a person?', final: true },
    ]);
  });

  it('reads the final flag after the stream closes, so a trailer can set it', async () => {
    const stream = reader('ST_1', { [ATTRIBUTE_FINAL]: 'false', [ATTRIBUTE_SEGMENT_ID]: 'SG_u' }, ['hello'], {
      trailer: { [ATTRIBUTE_FINAL]: 'true' },
    });
    const { events, state } = await read(stream, 'trialist-1');
    expect(events.at(-1)).toEqual({ type: 'end', streamId: 'ST_1', segmentId: 'SG_u', final: true });
    expect(transcriptLines(state)[0]?.final).toBe(true);
  });

  it('keeps what arrived and still ends the stream when it breaks off', async () => {
    const stream = reader('ST_1', { [ATTRIBUTE_SEGMENT_ID]: 'SG_a' }, ['Let me ', 'check', ' that'], {
      failAfter: 2,
    });
    const { events, state } = await read(stream, AGENT);
    expect(events.at(-1)).toMatchObject({ type: 'end', final: false });
    expect(transcriptLines(state)).toEqual([
      { id: 'SG_a', speaker: 'sarah', text: 'Let me check', final: true },
    ]);
  });

  it('falls back to the stream id when a stream has no segment id', async () => {
    const { state } = await read(reader('ST_9', undefined, ['Hi']), AGENT);
    expect(transcriptLines(state)).toEqual([{ id: 'ST_9', speaker: 'sarah', text: 'Hi', final: true }]);
  });
});
