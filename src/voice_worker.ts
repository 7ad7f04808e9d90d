import { defineAgent, type JobContext, type JobProcess } from '@livekit/agents';
import { SarahConversation } from './agent/conversation.js';
import { callAudio } from './agent/voice/call_audio.js';
import { callerKeyFrom } from './agent/voice/caller_key.js';
import { sessionForRoom } from './agent/voice/room_name.js';
import { createApp, type App } from './app.js';
import { loadConfig } from './config.js';
import { createLogger, installFrameworkLogger } from './observability/logger.js';

/**
 * The voice door: one LiveKit job is one call. The job process builds its app (store, knowledge)
 * once while it waits for work; each call is then the same SarahConversation every other door
 * opens, with the room's audio added.
 */
export default defineAgent({
  prewarm: async (proc: JobProcess) => {
    const config = loadConfig();
    const logger = createLogger(config.env.LOG_LEVEL);
    installFrameworkLogger(logger);
    proc.userData.app = await createApp(config, logger);
  },
  entry: async (job: JobContext) => {
    const { config, services } = job.proc.userData.app as App;
    await job.connect();
    const participant = await job.waitForParticipant();
    const conversation = SarahConversation.create({
      config,
      services,
      channel: 'voice',
      clientKey: callerKeyFrom(job.job.metadata),
      sessionId: sessionForRoom(job.room.name ?? crypto.randomUUID()),
      userTimeZone: participant.attributes?.['user.timezone'] || config.env.DEFAULT_TIME_ZONE,
      audio: await callAudio(config, job.room),
    });
    // A worker told to stop (SIGTERM drains it) still records how each call ended.
    job.addShutdownCallback(async () => {
      await conversation.end('shutdown');
    });
    await conversation.begin();
  },
});
