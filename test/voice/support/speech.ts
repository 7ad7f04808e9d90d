import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AudioFrame, AudioResampler } from '@livekit/rtc-node';

export const SAMPLE_RATE = 16_000;
/** 20 ms of mono audio, the frame size a LiveKit room delivers. */
export const FRAME_SAMPLES = SAMPLE_RATE / 50;

const CACHE = path.join(os.tmpdir(), 'sarah-voice-speech');
const run = promisify(execFile);

/**
 * Real synthetic speech for the voice tests: espeak-ng (Debian package, installed by .ci/run)
 * reads the words into a WAV file, resampled here to 16 kHz mono PCM. Cached per text.
 */
export async function spokenAudio(text: string): Promise<Int16Array> {
  await mkdir(CACHE, { recursive: true });
  const file = path.join(CACHE, `${createHash('sha1').update(text).digest('hex')}.wav`);
  const exists = await stat(file).then(
    () => true,
    () => false,
  );
  if (!exists) await run('espeak-ng', ['-v', 'en-us', '-s', '165', '-w', file, text]);
  const { samples, sampleRate } = readWav(await readFile(file));
  return trimSilence(resample(samples, sampleRate));
}

export function silence(ms: number): Int16Array {
  return new Int16Array(Math.round((SAMPLE_RATE * ms) / 1000));
}

/** espeak-ng pads its output with silence; the tests time from the first to the last spoken sample. */
function trimSilence(pcm: Int16Array, threshold = 200): Int16Array {
  let start = 0;
  let end = pcm.length;
  while (start < end && Math.abs(pcm[start]!) < threshold) start += 1;
  while (end > start && Math.abs(pcm[end - 1]!) < threshold) end -= 1;
  return pcm.subarray(start, end);
}

/** The PCM inside a 16-bit mono WAV file (espeak-ng writes exactly that). */
function readWav(bytes: Buffer): { samples: Int16Array; sampleRate: number } {
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error('not a WAV file');
  let offset = 12;
  let sampleRate = 0;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') sampleRate = bytes.readUInt32LE(body + 4);
    if (id === 'data') {
      // espeak-ng streams its output and may leave the data size unset; the rest of the file is audio.
      const end = size > 0 && body + size <= bytes.length ? body + size : bytes.length;
      const copy = Buffer.from(bytes.subarray(body, end - ((end - body) % 2)));
      return { samples: new Int16Array(copy.buffer, copy.byteOffset, copy.byteLength / 2), sampleRate };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV file without audio data');
}

function resample(samples: Int16Array, fromRate: number): Int16Array {
  if (fromRate === SAMPLE_RATE) return samples;
  const resampler = new AudioResampler(fromRate, SAMPLE_RATE, 1);
  try {
    const out = [
      ...resampler.push(new AudioFrame(samples, fromRate, 1, samples.length)),
      ...resampler.flush(),
    ];
    const total = out.reduce((n, f) => n + f.samplesPerChannel, 0);
    const pcm = new Int16Array(total);
    let at = 0;
    for (const frame of out) {
      pcm.set(frame.data.subarray(0, frame.samplesPerChannel), at);
      at += frame.samplesPerChannel;
    }
    return pcm;
  } finally {
    resampler.close();
  }
}
