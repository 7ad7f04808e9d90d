import { defineAgent, voice, type JobContext } from '@livekit/agents';
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { COPY } from '../conversation/index.js';
import { createLogger, installFrameworkLogger } from '../observability/logger.js';
import type { SessionContext } from './context.js';
import { createLlm, loadLlmPlugin } from './llm_factory.js';
import { followAssistantReplies } from './session/assistant_reply.js';
import { trimHistory } from './session/history.js';
import { observeUserTurn } from './session/observe_user.js';
import { SarahAgent } from './sarah_agent.js';
import { closeSession, createSessionContext, recordSessionStart } from './session_setup.js';
import { createStt, createTts, createTurnHandling } from './voice_providers.js';

let app: Promise<App> | undefined;

/** One LiveKit job = one voice call. Each job process keeps one app (store, knowledge) for its calls. */
export default defineAgent({
  entry: async (job: JobContext) => {
    const config = loadConfig();
    const logger = createLogger(config.env.LOG_LEVEL);
    installFrameworkLogger(logger);
    app ??= createApp(config, logger);
    const { services } = await app;
    await job.connect();

    const participant = await job.waitForParticipant();
    const userTimeZone = participant.attributes?.['user.timezone'] || config.env.DEFAULT_TIME_ZONE;
    const context = createSessionContext({
      config,
      services,
      sessionId: job.room.name ?? crypto.randomUUID(),
      channel: 'voice',
      userTimeZone,
      now: () => new Date(),
    });
    await recordSessionStart(services, context);

    const { vad, turnDetection } = createTurnHandling();
    const [stt, tts] = await Promise.all([createStt(config), createTts(config), loadLlmPlugin(config)]);
    const session = new voice.AgentSession<SessionContext>({
      vad,
      stt,
      llm: createLlm(config, () => context),
      tts,
      userData: context,
      turnHandling: { turnDetection, interruption: { mode: 'vad' } },
      connOptions: { llmConnOptions: { maxRetry: 0 } },
    });
    session.on(voice.AgentSessionEventTypes.UserInputTranscribed, (event) => {
      if (event.isFinal) observeUserTurn(context, event.transcript, services.recorder);
    });
    followAssistantReplies(session, context, services.recorder);
    const agent = new SarahAgent(services, context);
    session.on(voice.AgentSessionEventTypes.ConversationItemAdded, () => void trimHistory(agent, session));
    session.on(voice.AgentSessionEventTypes.Close, () => void closeSession(services, context, 'call_ended'));
    await session.start({ agent, room: job.room });
    session.say(COPY.greeting);
  },
});
