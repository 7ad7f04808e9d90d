// The server build: src/ bundled by esbuild into dist/ (ESM, source maps, npm packages kept as
// imports so native and lazily loaded packages resolve from node_modules as usual).
//
//   node scripts/build.mjs            build dist/ now (`npm run build:server`)
//   node scripts/build.mjs --prepare  the `prepare` step of npm ci / npm install: build dist/, or
//                                     skip quietly where there is nothing to build it with (a
//                                     production install without esbuild, or no src/ yet)
//
// Plain JavaScript on purpose: scripts/launch.mjs imports it on every start before anything is
// built, without tsx. esbuild and vite are loaded only when something has to be built.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
export const SERVER_MAIN = path.join(DIST, 'main.js');
/** Node's compile cache for the built server (NODE_COMPILE_CACHE wins when set). */
export const COMPILE_CACHE = path.join(ROOT, 'node_modules/.cache/sarah-compile');

/** Output name (without .js) → source. voice_worker is an entry of its own: LiveKit job processes import it by path. */
const ENTRIES = { main: 'src/main.ts', voice_worker: 'src/voice_worker.ts' };
/** When dist/ was built, and from which files: written last, so a half-written build reads as stale. */
const STAMP = path.join(DIST, 'build.json');
const SERVER_SOURCES = ['src', 'tsconfig.json', 'scripts/build.mjs'];

/** Example utterances of the intent classifier: embedded in the bundle, as dist/ ships without src/. */
const INTENT_EXAMPLES = path.join(ROOT, 'src/agent/understanding/examples/intents');

/**
 * esbuild `define` that embeds the intent example files (name → text) in the bundle; read by
 * src/agent/understanding/intent_examples.ts, which reads the files from disk when not bundled.
 */
export function intentExamplesDefine(dir = INTENT_EXAMPLES) {
  const names = existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.txt'))
        .sort()
    : [];
  const texts = Object.fromEntries(
    names.map((name) => [name.slice(0, -'.txt'.length), readFileSync(path.join(dir, name), 'utf8')]),
  );
  return { __SARAH_INTENT_EXAMPLES__: JSON.stringify(texts) };
}

const WEB_INDEX = path.join(ROOT, 'web/dist/index.html');
const WEB_SOURCES = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts'];

/** Newest modification time (ms) under the given paths, relative to the repository; missing paths count 0. */
function newestMtime(paths) {
  let newest = 0;
  const visit = (full) => {
    let stats;
    try {
      stats = statSync(full);
    } catch {
      return;
    }
    if (stats.isDirectory()) for (const name of readdirSync(full)) visit(path.join(full, name));
    else newest = Math.max(newest, stats.mtimeMs);
  };
  for (const p of paths) visit(path.join(ROOT, p));
  return newest;
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Why dist/ must be (re)built, or undefined when it is up to date with src/. */
export function serverStaleReason() {
  const stamp = readStamp();
  if (!stamp || !existsSync(SERVER_MAIN)) return 'dist/ is missing';
  if (Object.keys(ENTRIES).some((name) => !existsSync(path.join(DIST, `${name}.js`))))
    return 'dist/ is incomplete';
  if (newestMtime(SERVER_SOURCES) > stamp.startedAt) return 'src/ changed since the last build';
  return undefined;
}

async function loadEsbuild() {
  try {
    return await import('esbuild');
  } catch {
    return undefined;
  }
}

/** Bundles src/ into dist/ and removes outputs of earlier builds that this one no longer writes. */
export async function buildServer({ esbuild } = {}) {
  esbuild ??= await loadEsbuild();
  if (!esbuild)
    throw new Error('esbuild is not installed: run `npm ci` (with dev dependencies) to build dist/');
  const startedAt = Date.now();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: 'dist',
    // Chunks sit next to main.js: code that resolves files from import.meta.url sees the same folder.
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    keepNames: true,
    define: intentExamplesDefine(),
    metafile: true,
    logLevel: 'warning',
  });
  const written = new Set(Object.keys(result.metafile.outputs).map((file) => path.join(ROOT, file)));
  const removeStale = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) removeStale(full);
      else if (/\.js(\.map)?$/.test(entry.name) && !written.has(full)) rmSync(full, { force: true });
    }
  };
  removeStale(DIST);
  mkdirSync(DIST, { recursive: true });
  writeFileSync(
    STAMP,
    `${JSON.stringify({ startedAt, esbuild: esbuild.version, entries: ENTRIES }, null, 2)}\n`,
  );
  return { files: written.size, ms: Date.now() - startedAt };
}

/** Builds dist/ when it is missing or older than src/. Without esbuild, an existing dist/ is used as is. */
export async function ensureServerBuilt() {
  const reason = serverStaleReason();
  if (!reason) return;
  const esbuild = await loadEsbuild();
  if (!esbuild && existsSync(SERVER_MAIN)) {
    process.stderr.write(`Warning: ${reason}, but esbuild is not installed; running dist/ as it is.\n`);
    return;
  }
  process.stderr.write(`Building the server (${reason})...\n`);
  await buildServer({ esbuild });
}

/** Builds the chat page (web/dist) when it is missing or older than its sources, so a checkout never serves a stale page. */
export function ensureWebBuilt() {
  const built = existsSync(WEB_INDEX) ? statSync(WEB_INDEX).mtimeMs : 0;
  if (built && built >= newestMtime(WEB_SOURCES)) return;
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  if (!existsSync(vite)) {
    process.stderr.write(
      `Warning: web/dist is ${built ? 'older than web/' : 'missing'} and vite is not installed to build it.\n`,
    );
    return;
  }
  process.stderr.write('Building the web page...\n');
  execFileSync(process.execPath, [vite, 'build', 'web', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

async function cli(args) {
  if (args.includes('--prepare')) {
    if (!existsSync(path.join(ROOT, 'src/main.ts'))) return; // e.g. a Docker layer with package files only
    const esbuild = await loadEsbuild();
    if (!esbuild) return; // a production install: it runs a dist/ built elsewhere
    await buildServer({ esbuild });
    return;
  }
  const { files, ms } = await buildServer();
  process.stdout.write(`dist/: ${files} files in ${ms} ms\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await cli(process.argv.slice(2));
}
