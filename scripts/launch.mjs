// `npm start`, `npm run chat`, `npm run agent`, `npm run migrate`: one Node process that
//   1. for `start`, builds the chat page (web/dist) when it is missing or older than web/;
//   2. builds the server (dist/) when it is missing or older than src/;
//   3. turns on Node's compile cache and source maps, and runs dist/main.js with the same arguments.
// `npm run dev` runs the TypeScript sources through tsx instead.
import module from 'node:module';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { COMPILE_CACHE, SERVER_MAIN, ensureServerBuilt, ensureWebBuilt } from './build.mjs';

try {
  if (process.argv[2] === 'start') ensureWebBuilt();
  await ensureServerBuilt();
} catch (error) {
  process.stderr.write(
    `Sarah could not be built: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}

// Set in the environment too, so processes Sarah starts (LiveKit job processes) share the cache.
process.env.NODE_COMPILE_CACHE ||= COMPILE_CACHE;
module.enableCompileCache?.(process.env.NODE_COMPILE_CACHE);
// Stack traces point into src/; maps of packages in node_modules are not read (that costs ~0.3 s at start).
module.setSourceMapsSupport?.(true, { nodeModules: false });

await import(pathToFileURL(SERVER_MAIN).href);
