import { inference, InferenceRunner, type ipc } from '@livekit/agents';

/**
 * The real `v1-mini` end-of-turn model, run in this process. In a LiveKit worker the model runs
 * in the framework's inference process; outside a job there is none, and the detector would
 * silently answer "turn over" to everything. This executor loads the same runner the worker
 * registers (the file the package ships next to its index) and runs it here.
 */
export async function localTurnDetector(): Promise<inference.TurnDetector> {
  executor ??= loadExecutor();
  return new inference.TurnDetector({ version: 'v1-mini', executor: await executor });
}

// Loading the model takes about a second; one per test process is enough.
let executor: Promise<ipc.InferenceExecutor> | undefined;

async function loadExecutor(): Promise<ipc.InferenceExecutor> {
  const runnerUrl = new URL('./inference/eot/runner.js', import.meta.resolve('@livekit/agents'));
  const { default: Runner } = (await import(runnerUrl.href)) as {
    default: new () => InferenceRunner<unknown, unknown>;
  };
  const runner = new Runner();
  await runner.initialize();
  return { doInference: (_method, data) => runner.run(data) };
}
