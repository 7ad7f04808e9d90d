// `npm start` on a fresh clone: build the chat page once if it has not been built yet.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('web/dist/index.html')) {
  process.stderr.write('Building the web page (first start only)...\n');
  execFileSync('npx', ['--no-install', 'vite', 'build', 'web', '--logLevel', 'warn'], { stdio: 'inherit' });
}
