import { fileURLToPath } from 'node:url';
import { ServerOptions, cli } from '@livekit/agents';
import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';

/**
 * Starts the LiveKit Agents worker (`npm run agent -- start|dev`). Without LiveKit credentials it
 * explains what to set instead of failing deep inside the framework.
 */
export function runWorker(config: AppConfig, logger: Logger, args: string[]): number {
  if (!config.livekit) {
    process.stderr.write(
      'The voice worker needs LiveKit: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET (see .env.example).\n' +
        'Without them, use the web chat (npm start) or the terminal (npm run chat).\n',
    );
    return 78;
  }
  if (!config.env.OPENAI_API_KEY && !config.env.DEEPGRAM_API_KEY) {
    process.stderr.write('The voice worker needs speech-to-text: set DEEPGRAM_API_KEY or OPENAI_API_KEY.\n');
    return 78;
  }
  logger.info({ agentName: config.env.LIVEKIT_AGENT_NAME }, 'starting LiveKit worker');
  // The framework's CLI reads its command (start, dev, connect) from process.argv.
  process.argv = [process.argv[0]!, process.argv[1]!, ...(args.length > 0 ? args : ['start'])];
  cli.runApp(
    new ServerOptions({
      // From the sources (tsx) this file is src/agent/worker.ts; built, it is a chunk next to dist/main.js.
      agent: fileURLToPath(
        new URL(
          import.meta.url.endsWith('.ts') ? '../voice_worker.ts' : './voice_worker.js',
          import.meta.url,
        ),
      ),
      agentName: config.env.LIVEKIT_AGENT_NAME,
      wsURL: config.livekit.url,
      apiKey: config.livekit.apiKey,
      apiSecret: config.livekit.apiSecret,
      // Set explicitly: left undefined, these are treated as unlimited.
      loadThreshold: 0.7,
      numIdleProcesses: 1,
      // SIGTERM drains: no new calls, and those in progress run to their end. A call never
      // outlasts MAX_CALL_MINUTES plus its wrap-up minute, so the drain needs no longer than that.
      drainTimeout: drainTimeoutMs(config),
    }),
  );
  return -1;
}

/** The longest a draining worker waits for calls in progress (milliseconds). */
export function drainTimeoutMs(config: AppConfig): number {
  return (config.env.MAX_CALL_MINUTES + 2) * 60_000;
}
