import { SCENARIO_FLAGS, checkScenario, loadScenarios, runConsole, scenarioFile } from './scenarios.js';

/** `npm run scenarios`: runs every shared scenario through `npm run chat -- --jsonl` and reports. */
const file = process.argv[2] ?? scenarioFile();
const scenarios = loadScenarios(file);
let failed = 0;
for (const scenario of scenarios) {
  const failures = checkScenario(scenario, await runConsole(scenario.turns, SCENARIO_FLAGS));
  if (failures.length > 0) failed += 1;
  process.stdout.write(
    `${failures.length === 0 ? 'PASS' : 'FAIL'}  ${scenario.name}\n${failures.map((f) => `      ${f}\n`).join('')}`,
  );
}
process.stdout.write(`\n${scenarios.length - failed} passed, ${failed} failed (${file})\n`);
process.exit(failed > 0 ? 1 : 0);
