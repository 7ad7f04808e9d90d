import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import type { Scenario } from '../scenarios.js';
import { generateBooking } from './booking.js';
import { Rng } from './common.js';
import { generateEmotional } from './emotional.js';
import { generateGreetings } from './greetings.js';
import { generateHandoff } from './handoff.js';
import { generateInjection } from './injection.js';
import { generateAnswerable, generateUnanswerable } from './knowledge.js';
import { generateNegation } from './negation.js';
import { generateOffers } from './offers.js';
import { generateUnqualified } from './unqualified.js';

/**
 * `npm run corpus`: writes test/scenarios/corpus.json, the evaluation corpus. Deterministic: each
 * category has its own seeded RNG, so editing one category does not reshuffle the others.
 */
const GENERATORS: Array<[string, (rng: Rng) => Scenario[]]> = [
  ['booking', generateBooking],
  ['unqualified_insists', generateUnqualified],
  ['unanswerable', generateUnanswerable],
  ['answerable', generateAnswerable],
  ['emotional', generateEmotional],
  ['greetings_identity', generateGreetings],
  ['handoff', generateHandoff],
  ['negation_context', generateNegation],
  ['offers_state', generateOffers],
  ['injection', generateInjection],
];

const MIN_PER_CATEGORY = 20;

export function generateCorpus(): Scenario[] {
  const all: Scenario[] = [];
  for (const [category, generate] of GENERATORS) {
    const scenarios = generate(new Rng(`sarah-corpus-v1:${category}`));
    if (scenarios.length < MIN_PER_CATEGORY)
      throw new Error(`${category}: only ${scenarios.length} scenarios (need ${MIN_PER_CATEGORY})`);
    for (const s of scenarios) {
      if (s.category !== category) throw new Error(`${s.name}: category ${s.category}, expected ${category}`);
    }
    all.push(...scenarios);
  }
  validate(all);
  return all;
}

function validate(scenarios: Scenario[]): void {
  const names = new Set<string>();
  for (const s of scenarios) {
    if (names.has(s.name)) throw new Error(`duplicate scenario name: ${s.name}`);
    names.add(s.name);
    if (s.turns.some((t) => !t.trim())) throw new Error(`${s.name}: empty turn`);
    const { expect } = s;
    const patterns = [
      ...(expect.first_agent_matches ?? []),
      ...(expect.agent_says ?? []),
      ...(expect.agent_never_says ?? []),
      ...(expect.last_agent_matches ?? []),
    ];
    for (const p of patterns) new RegExp(p, 'i'); // throws on a bad pattern
    const both = (expect.tools_called ?? []).filter((t) => expect.tools_not_called?.includes(t));
    if (both.length > 0) throw new Error(`${s.name}: ${both.join(', ')} both required and forbidden`);
  }
}

const out = path.resolve('test/scenarios/corpus.json');
const corpus = generateCorpus();
mkdirSync(path.dirname(out), { recursive: true });
// Formatted as `npm run lint` expects, so a regenerated corpus passes `prettier --check`.
const options = (await prettier.resolveConfig(out)) ?? {};
writeFileSync(out, await prettier.format(JSON.stringify(corpus), { ...options, filepath: out }));
const counts = new Map<string, number>();
for (const s of corpus) counts.set(s.category ?? '', (counts.get(s.category ?? '') ?? 0) + 1);
process.stdout.write(
  `${corpus.length} scenarios written to ${path.relative(process.cwd(), out)}\n${[...counts]
    .map(([c, n]) => `  ${c.padEnd(22)} ${n}`)
    .join('\n')}\n`,
);
