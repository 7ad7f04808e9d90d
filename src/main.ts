import module from 'node:module';
import type { Logger } from 'pino';
import { ConfigError, formatParts, loadConfig, type AppConfig } from './config.js';
import { createLogger, installFrameworkLogger } from './observability/logger.js';

const USAGE = `Usage: sarah <command>
  start     serve the web chat (http://localhost:$PORT)
  chat      talk to Sarah in the terminal (--jsonl [--now ISO] [--tz ZONE] [--email ADDRESS])
  agent     run the LiveKit voice worker (needs LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET)
  migrate   create or update the database tables
  purge     delete transcripts, sent-email records and bookings past their retention
  privacy   export <email> | erase <email>: a person's data, for access and erasure requests`;

// Built (dist/), stack traces map back to src/. Packages' own maps are skipped: reading them all costs ~0.3 s.
module.setSourceMapsSupport(true, { nodeModules: false });

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      return 78; // EX_CONFIG
    }
    throw error;
  }
  // The console keeps stderr quiet unless asked, so a person sees only the chat.
  const logger = createLogger(command === 'chat' && !process.env.LOG_LEVEL ? 'warn' : config.env.LOG_LEVEL);
  installFrameworkLogger(logger);

  switch (command) {
    case 'start':
      return startServer(config, logger);
    case 'chat': {
      // Loaded per command: the console and the server bring LiveKit's framework, `migrate` does not.
      const { UsageError, parseConsoleArgs, runConsole } = await import('./console.js');
      try {
        await runConsole(config, logger, parseConsoleArgs(rest));
        return 0;
      } catch (error) {
        if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
          process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
          return 64; // EX_USAGE
        }
        throw error;
      }
    }
    case 'agent': {
      const { runWorker } = await import('./agent/worker.js');
      return runWorker(config, logger, rest);
    }
    case 'migrate': {
      const { createApp } = await import('./app.js');
      const app = await createApp(config, logger);
      await app.close();
      process.stderr.write(
        `Database is up to date (${config.env.DATABASE_URL ? 'PostgreSQL' : config.env.SQLITE_PATH}).\n`,
      );
      return 0;
    }
    case 'purge': {
      const [{ createApp }, { purgeWithPolicy }] = await Promise.all([
        import('./app.js'),
        import('./server/retention_schedule.js'),
      ]);
      const app = await createApp(config, logger);
      const deleted = await purgeWithPolicy(app);
      await app.close();
      process.stderr.write(`Retention purge: ${JSON.stringify(deleted)}\n`);
      return 0;
    }
    case 'privacy': {
      // `privacy export <email>` prints the person's data as JSON; `privacy erase <email>` deletes it.
      const [action, email] = rest;
      if ((action !== 'export' && action !== 'erase') || !email?.includes('@')) {
        process.stderr.write(`${USAGE}\n`);
        return 64;
      }
      const [{ createApp }, person] = await Promise.all([
        import('./app.js'),
        import('./privacy/person_data.js'),
      ]);
      const app = await createApp(config, logger);
      try {
        const db = app.store.database.db;
        if (action === 'export')
          process.stdout.write(`${JSON.stringify(await person.exportPersonData(db, email), null, 2)}\n`);
        else process.stderr.write(`Erased: ${JSON.stringify(await person.erasePersonData(db, email))}\n`);
      } finally {
        await app.close();
      }
      return 0;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      return command ? 64 : 0;
  }
}

async function startServer(config: AppConfig, logger: Logger): Promise<number> {
  const [{ startHttpServer }, { loadLlmPlugin }] = await Promise.all([
    import('./server/server.js'),
    import('./agent/llm_factory.js'),
  ]);
  await loadLlmPlugin(config);
  process.stdout.write(`Sarah (beta) is starting with these parts:\n${formatParts(config.parts)}\n`);
  await startHttpServer(config, logger);
  // The intent model trains in ~0.2 s on first use: do it now, not in the first trialist's turn.
  setImmediate(
    () =>
      void import('./agent/understanding/intent_classifier.js')
        .then((m) => m.defaultIntentModel())
        // A failure here shows again, with its cause, on the first turn that needs the model.
        .catch(() => undefined),
  );
  return -1; // keep running until a signal arrives
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      `Sarah could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    // A refusal that the operator must resolve (an empty database where one existed) says so: 78 is EX_CONFIG.
    const exitCode = (error as { exitCode?: unknown } | null)?.exitCode;
    process.exit(typeof exitCode === 'number' ? exitCode : 1);
  },
);
