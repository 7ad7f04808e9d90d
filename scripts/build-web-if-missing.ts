// `npm start`: build the chat page when it is missing or older than its sources, so a checkout
// never serves a stale bundle after a change under web/.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const built = 'web/dist/index.html';
const sources = Math.max(newestSource('web/src'), statSync('web/index.html').mtimeMs);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  process.stderr.write('Building the web page...\n');
  execFileSync('npx', ['--no-install', 'vite', 'build', 'web', '--logLevel', 'warn'], { stdio: 'inherit' });
}
