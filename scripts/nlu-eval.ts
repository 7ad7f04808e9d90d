// Evaluates the intent classifier on its own examples (src/agent/understanding/examples/intents).
//
//   npm run nlu:eval                         held-back split + 5-fold cross-validation
//   npm run nlu:eval -- --errors             also list every held-back utterance it got wrong
//   npm run nlu:eval -- --json               also write test-results/nlu-eval.json
//   npm run nlu:eval -- --dir <folder>       other example files (e.g. test/fixtures/intents)
//
// The split is deterministic: every 5th utterance of each file (the 5th, 10th, ...; comments and
// blank lines not counted) is held back and the model trains on the rest; fold f of the
// cross-validation holds back utterances f, f+5, f+10, ... of each file.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {
  EXAMPLES_DIR,
  loadExamples,
  normalize,
  trainIntentModel,
  type Example,
} from '../src/agent/understanding/intent_classifier.js';

const FOLDS = 5;
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const dirAt = args.indexOf('--dir');
const dir = path.resolve(dirAt >= 0 ? (args[dirAt + 1] ?? '') : EXAMPLES_DIR);

/** Each example with its line number within its intent, so folds take every 5th line per intent. */
function numbered(examples: Example[]): Array<Example & { line: number }> {
  const seen = new Map<string, number>();
  return examples.map((e) => {
    const line = seen.get(e.intent) ?? 0;
    seen.set(e.intent, line + 1);
    return { ...e, line };
  });
}

interface Evaluation {
  accuracy: number;
  macroF1: number;
  perIntent: Array<{ intent: string; precision: number; recall: number; f1: number; support: number }>;
  confusions: Array<{ actual: string; predicted: string; count: number }>;
  errors: Array<{ text: string; actual: string; predicted: string; confidence: number }>;
}

function evaluate(train: Example[], test: Example[]): Evaluation {
  const model = trainIntentModel(train);
  const predictions = test.map((e) => model.classify(e.text));

  const pairs = new Map<string, number>();
  const errors: Evaluation['errors'] = [];
  test.forEach((e, i) => {
    const p = predictions[i];
    if (!p || p.intent === e.intent) return;
    const key = `${e.intent}\t${p.intent}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
    errors.push({ text: e.text, actual: e.intent, predicted: p.intent, confidence: p.confidence });
  });
  const perIntent = model.intents.map((intent) => {
    const support = test.filter((e) => e.intent === intent).length;
    const predicted = predictions.filter((p) => p.intent === intent).length;
    const correct = test.filter((e, i) => e.intent === intent && predictions[i]?.intent === intent).length;
    const precision = predicted ? correct / predicted : 0;
    const recall = support ? correct / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { intent, precision, recall, f1, support };
  });
  const scored = perIntent.filter((r) => r.support > 0);
  return {
    accuracy: 1 - errors.length / Math.max(1, test.length),
    macroF1: scored.reduce((sum, r) => sum + r.f1, 0) / Math.max(1, scored.length),
    perIntent,
    confusions: [...pairs]
      .map(([key, count]) => {
        const [actual = '', predicted = ''] = key.split('\t');
        return { actual, predicted, count };
      })
      .sort((a, b) => b.count - a.count || a.actual.localeCompare(b.actual)),
    errors,
  };
}

/**
 * Utterances that are the same after normalising: under two intents the model cannot get both
 * right; repeated within an intent they can sit on both sides of the split and flatter the score.
 */
function duplicates(examples: Example[]): { conflicts: string[]; repeats: number } {
  const intentsOf = new Map<string, string[]>();
  for (const e of examples) {
    const key = normalize(e.text);
    intentsOf.set(key, [...(intentsOf.get(key) ?? []), e.intent]);
  }
  const conflicts: string[] = [];
  let repeats = 0;
  for (const [text, intents] of intentsOf) {
    const distinct = new Set(intents);
    repeats += intents.length - distinct.size;
    if (distinct.size > 1) conflicts.push(`"${text}": ${[...distinct].join(', ')}`);
  }
  return { conflicts, repeats };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const fixed = (x: number) => x.toFixed(3);

function main(): void {
  if (!existsSync(dir)) {
    console.log(`No examples at ${path.relative(process.cwd(), dir)}: nothing to evaluate.`);
    return;
  }
  const examples = numbered(loadExamples(dir));
  const intents = new Set(examples.map((e) => e.intent));
  if (intents.size < 2) {
    console.log(`${intents.size} intent(s) in ${path.relative(process.cwd(), dir)}: need at least two.`);
    return;
  }
  console.log(
    `${examples.length} examples, ${intents.size} intents, from ${path.relative(process.cwd(), dir)}\n`,
  );

  // First, as the app does it: a cold process training on every example, then classifying.
  let started = performance.now();
  const full = trainIntentModel(examples);
  const trainMs = performance.now() - started;
  started = performance.now();
  for (const e of examples) full.classify(e.text);
  const classifyMs = (performance.now() - started) / examples.length;

  const held = evaluate(
    examples.filter((e) => e.line % FOLDS !== FOLDS - 1),
    examples.filter((e) => e.line % FOLDS === FOLDS - 1),
  );
  const width = Math.max(6, ...[...intents].map((i) => i.length));
  console.log(`${'intent'.padEnd(width)}  precision  recall     f1  support`);
  for (const r of held.perIntent)
    console.log(
      `${r.intent.padEnd(width)}  ${fixed(r.precision).padStart(9)}  ${fixed(r.recall).padStart(6)}  ${fixed(r.f1).padStart(5)}  ${String(r.support).padStart(7)}`,
    );
  const support = held.perIntent.reduce((sum, r) => sum + r.support, 0);
  console.log(
    `\nheld-back (every ${FOLDS}th utterance, ${support} utterances): accuracy ${pct(held.accuracy)}, macro-F1 ${fixed(held.macroF1)}`,
  );

  console.log('\ntop confusions (actual → predicted):');
  if (held.confusions.length === 0) console.log('  none');
  for (const c of held.confusions.slice(0, 15)) console.log(`  ${c.actual} → ${c.predicted}: ${c.count}`);
  if (flag('--errors')) {
    console.log('\nerrors:');
    for (const e of held.errors)
      console.log(`  [${e.actual} → ${e.predicted} ${e.confidence.toFixed(2)}] ${e.text}`);
  }

  const folds = Array.from({ length: FOLDS }, (_, f) =>
    evaluate(
      examples.filter((e) => e.line % FOLDS !== f),
      examples.filter((e) => e.line % FOLDS === f),
    ),
  );
  const accuracies = folds.map((f) => f.accuracy);
  const mean = accuracies.reduce((a, b) => a + b, 0) / FOLDS;
  const sd = Math.sqrt(accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / FOLDS);
  console.log(
    `\n${FOLDS}-fold cross-validation accuracy: ${pct(mean)} ± ${pct(sd)} (${accuracies.map(pct).join(', ')})`,
  );

  console.log(
    `training on all ${examples.length} (cold, as on first use): ${trainMs.toFixed(0)} ms; classify: ${(1000 * classifyMs).toFixed(0)} µs/utterance`,
  );

  const { conflicts, repeats } = duplicates(examples);
  if (repeats) console.log(`${repeats} utterance(s) repeated within an intent (after normalising)`);
  if (conflicts.length) {
    console.log(`\nsame utterance under two intents (${conflicts.length}):`);
    for (const c of conflicts.slice(0, 20)) console.log(`  ${c}`);
  }

  if (flag('--json')) {
    const out = path.resolve('test-results/nlu-eval.json');
    mkdirSync(path.dirname(out), { recursive: true });
    const report = {
      dir: path.relative(process.cwd(), dir),
      examples: examples.length,
      heldBack: held,
      crossValidation: { folds: FOLDS, accuracies, mean, sd },
      trainMs,
      classifyMs,
      conflicts,
      repeats,
    };
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
  }
}

main();
