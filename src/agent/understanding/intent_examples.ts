/**
 * The example utterances the intent classifier learns from: examples/intents/<intent>.txt, one
 * utterance a line, `#` comments and blank lines ignored.
 *
 * Where they come from at run time:
 *   - tsx, vitest, scripts: read from disk next to this module (import.meta.url).
 *   - the dist/ bundle: scripts/build.mjs embeds the files' text through esbuild's `define`
 *     (__SARAH_INTENT_EXAMPLES__), because the production image ships dist/ without src/, and
 *     import.meta.url there points at a dist/ chunk. Embedding the raw text (not a trained
 *     model) keeps one parser and one training path, and dist/ can never disagree with src/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Example {
  text: string;
  intent: string;
}

/** File name (without .txt) → file text; set only in the dist/ bundle. */
declare const __SARAH_INTENT_EXAMPLES__: Record<string, string> | undefined;

export const EXAMPLES_DIR = fileURLToPath(new URL('./examples/intents/', import.meta.url));

/** The utterances of one file, in file order: trimmed, comments and blank lines dropped. */
export function parseExampleFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** File texts by intent, sorted by intent name so training never depends on directory order. */
function toExamples(files: Array<[intent: string, text: string]>): Example[] {
  return files
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([intent, text]) => parseExampleFile(text).map((line) => ({ text: line, intent })));
}

/** Every example in `dir` (one <intent>.txt per intent). */
export function loadExamples(dir: string): Example[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .map((name): [string, string] => [name.slice(0, -4), readFileSync(path.join(dir, name), 'utf8')]);
  return toExamples(files);
}

/** The shipped examples: embedded in the bundle, else read from src/. */
export function defaultExamples(): Example[] {
  if (typeof __SARAH_INTENT_EXAMPLES__ !== 'undefined')
    return toExamples(Object.entries(__SARAH_INTENT_EXAMPLES__));
  return loadExamples(EXAMPLES_DIR);
}
