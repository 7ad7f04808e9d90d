/**
 * Voice-to-voice latency through the voice test harness (test/voice/support): real speech audio
 * in real time, the real VAD and `v1-mini` turn detector, Sarah's real session core and offline
 * brain, and simulated providers with fixed latencies:
 *
 *   STT final    150 ms after the VAD hands over the utterance  (BENCH_STT_MS)
 *   LLM          first token 200 ms after each model call       (BENCH_LLM_MS)
 *   TTS          first audio 100 ms after each sentence         (BENCH_TTS_MS)
 *
 * For each spoken question it times, with performance.now():
 *   endpointing  end of the user's speech → turn committed (VAD silence, STT, turn detector)
 *   response     turn committed → first audio of the reply (goal: p95 < 550 ms)
 *   voice-to-voice  end of speech → first audio (both of the above)
 *   overhead     response minus the simulated provider time inside it (goal: < 50 ms)
 *
 * Prints numbers and writes bench/results/voice-latency.json; no pass/fail.
 * Run: npm run bench:voice   (BENCH_TURNS=12 by default; BENCH_TURN_DETECTION=vad for silence alone)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { initializeLogger, llm, type APIConnectOptions } from '@livekit/agents';
import { OfflineBrain } from '../src/agent/brain/offline_llm.js';
import { testApp } from '../test/support/app.js';
import { startTestCall } from '../test/voice/support/call.js';

const STT_MS = Number(process.env.BENCH_STT_MS ?? 150);
const LLM_MS = Number(process.env.BENCH_LLM_MS ?? 200);
const TTS_MS = Number(process.env.BENCH_TTS_MS ?? 100);
const TURNS = Number(process.env.BENCH_TURNS ?? 12);
/** `model` (default): the `v1-mini` end-of-turn model, as in production; `vad`: silence alone. */
const TURN_DETECTION = process.env.BENCH_TURN_DETECTION === 'vad' ? 'vad' : 'model';

const QUESTIONS = [
  'How do I add a signature field to a document?',
  'Can I create a template from an existing proposal?',
  'Does PandaDoc work with HubSpot?',
  'How do I invite my teammates to the trial?',
  'Can I collect payments inside a document?',
  'How do I set a signing order for two signers?',
];

type ChatArgs = Parameters<llm.LLM['chat']>[0];

/** A model call that answers like the inner one, after a provider's first-token delay. */
class FirstTokenDelay extends llm.LLM {
  calls = 0;
  constructor(
    private readonly inner: llm.LLM,
    private readonly delayMs: number,
  ) {
    super();
  }
  label(): string {
    return 'bench.first-token-delay';
  }
  chat(args: ChatArgs): llm.LLMStream {
    this.calls += 1;
    return new DelayedStream(this, this.inner.chat(args), this.delayMs, args);
  }
}

class DelayedStream extends llm.LLMStream {
  constructor(
    owner: llm.LLM,
    private readonly inner: llm.LLMStream,
    private readonly delayMs: number,
    args: ChatArgs,
  ) {
    const connOptions: APIConnectOptions = args.connOptions ?? {
      maxRetry: 0,
      retryIntervalMs: 0,
      timeoutMs: 10_000,
    };
    super(owner, { chatCtx: args.chatCtx, toolCtx: args.toolCtx, connOptions });
  }
  protected async run(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    for await (const chunk of this.inner) this.queue.put(chunk);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const app = await testApp();
initializeLogger({ pretty: false, level: 'silent' });
const samples: Array<{
  endpointing: number;
  response: number;
  voiceToVoice: number;
  overhead: number;
  modelCalls: number;
}> = [];

for (let turn = 0; turn < TURNS; turn++) {
  let model: FirstTokenDelay | undefined;
  const call = await startTestCall(app, {
    sttDelayMs: STT_MS,
    turnDetection: TURN_DETECTION,
    ttsDelayMs: TTS_MS,
    languageModel: (context) => (model = new FirstTokenDelay(new OfflineBrain(context), LLM_MS)),
  });
  try {
    await call.untilQuiet();
    const callsBefore = model!.calls;
    const question = QUESTIONS[turn % QUESTIONS.length]!;
    const spoken = await call.say(`Yes that's fine, ${question.charAt(0).toLowerCase()}${question.slice(1)}`);
    await call.nextLine(() => true, spoken.endedAt, 15_000);
    const committed = call.lines.find((l) => l.who === 'user' && l.at >= spoken.startedAt)?.at;
    const firstAudio = call.speaker.played.find((p) => p.startedAt > spoken.endedAt)?.startedAt;
    if (committed === undefined || firstAudio === undefined) throw new Error('turn not observed');
    const modelCalls = model!.calls - callsBefore;
    const response = firstAudio - committed;
    samples.push({
      endpointing: committed - spoken.endedAt,
      response,
      voiceToVoice: firstAudio - spoken.endedAt,
      overhead: response - modelCalls * LLM_MS - TTS_MS,
      modelCalls,
    });
    process.stderr.write(`turn ${turn + 1}/${TURNS}: response ${response.toFixed(0)} ms\n`);
  } finally {
    await call.close();
  }
}
await app.close();

const summary = Object.fromEntries(
  (['endpointing', 'response', 'voiceToVoice', 'overhead'] as const).map((key) => {
    const values = samples.map((s) => s[key]);
    return [key, { p50: Math.round(percentile(values, 50)), p95: Math.round(percentile(values, 95)) }];
  }),
);
const result = {
  when: new Date().toISOString(),
  providers: { sttMs: STT_MS, llmFirstTokenMs: LLM_MS, ttsFirstAudioMs: TTS_MS },
  turnDetection: TURN_DETECTION,
  turns: samples.length,
  modelCallsPerTurn: samples.map((s) => s.modelCalls),
  ...summary,
  goals: { responseP95Ms: 550, overheadMs: 50 },
};
mkdirSync('bench/results', { recursive: true });
const out = `bench/results/voice-latency${TURN_DETECTION === 'vad' ? '-vad' : ''}.json`;
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(
  [
    `voice latency over ${samples.length} spoken turns (STT ${STT_MS} ms, LLM first token ${LLM_MS} ms, TTS ${TTS_MS} ms, turn detection: ${TURN_DETECTION})`,
    `  endpointing     p50 ${summary.endpointing!.p50} ms   p95 ${summary.endpointing!.p95} ms   (end of speech → turn committed)`,
    `  response        p50 ${summary.response!.p50} ms   p95 ${summary.response!.p95} ms   (turn committed → first audio; goal p95 < 550)`,
    `  voice-to-voice  p50 ${summary.voiceToVoice!.p50} ms   p95 ${summary.voiceToVoice!.p95} ms   (end of speech → first audio)`,
    `  Sarah overhead  p50 ${summary.overhead!.p50} ms   p95 ${summary.overhead!.p95} ms   (response minus provider time; goal < 50)`,
    `wrote ${out}`,
  ].join('\n'),
);
process.exit(0);
