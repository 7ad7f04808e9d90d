import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  EXAMPLES_DIR,
  IntentModel,
  classifyIntent,
  defaultIntentModel,
  featurize,
  loadExamples,
  normalize,
  similarity,
  tokens,
  trainIntentModel,
  type IntentResult,
} from '../../src/agent/understanding/intent_classifier.js';
import { DEFAULT_FEATURE_OPTIONS } from '../../src/agent/understanding/intent_features.js';

const FIXTURES = path.resolve('test/fixtures/intents');
const examples = loadExamples(FIXTURES);
const model = trainIntentModel(examples);

describe('intent featurizer', () => {
  it('lower-cases, drops apostrophes and turns other punctuation into spaces', () => {
    expect(normalize("  Don't CANCEL—it's booked?! ")).toBe('dont cancel its booked');
    expect(normalize('Café résumé')).toBe('cafe resume');
  });

  it('drops hesitation sounds but keeps ordinary words such as "like"', () => {
    expect(tokens('um, I would uh like a demo hmm')).toEqual(['i', 'would', 'like', 'a', 'demo']);
  });

  it('makes word, bigram and padded character n-gram features', () => {
    const names = [...featurize('HubSpot sync').keys()];
    expect(names).toEqual(
      expect.arrayContaining(['w:hubspot', 'b:hubspot sync', 'c: hu', 'c: hub', 'c:ubs', 'c:pot ']),
    );
    // Character n-grams stay inside a word: none spans the space between two words.
    expect(names.some((n) => n.startsWith('c:') && /\S \S/.test(n.slice(2)))).toBe(false);
  });

  it('lets split and joined spellings overlap through character n-grams', () => {
    const wordsOnly = { ...DEFAULT_FEATURE_OPTIONS, charWeight: 0 };
    const charsOnly = { ...DEFAULT_FEATURE_OPTIONS, wordWeight: 0, bigramWeight: 0 };
    const alike = (a: string, b: string, o = DEFAULT_FEATURE_OPTIONS) =>
      similarity(featurize(a, o), featurize(b, o));
    expect(alike('hub spot', 'hubspot', wordsOnly)).toBe(0);
    expect(alike('hub spot', 'hubspot', charsOnly)).toBeGreaterThan(0.5);
    expect(alike('sales force', 'salesforce', charsOnly)).toBeGreaterThan(0.5);
    expect(alike('hub spot', 'hubspot')).toBeGreaterThan(0.2);
    expect(alike('hub spot', 'pipedrive')).toBe(0);
    // A typo keeps most of the word.
    expect(alike('intergrate', 'integrate', charsOnly)).toBeGreaterThan(0.5);
  });

  it('gives equal weight to short and long utterances (unit-length feature groups)', () => {
    const o = DEFAULT_FEATURE_OPTIONS;
    const expected = Math.sqrt(o.wordWeight ** 2 + o.bigramWeight ** 2 + o.charWeight ** 2);
    for (const text of ['hi', 'can we please book a product demo for my whole team next tuesday']) {
      const norm = Math.sqrt([...featurize(text).values()].reduce((s, v) => s + v * v, 0));
      expect(norm).toBeCloseTo(expected, 9);
    }
    expect(featurize('?!, um').size).toBe(1); // only the question mark is left
  });

  it('marks where an utterance starts and ends, and whether it asks', () => {
    const names = [...featurize('Bye now?').keys()];
    expect(names).toEqual(expect.arrayContaining(['b:<s> bye', 'b:now </s>', 'w:?']));
    expect(featurize('bye now').has('w:?')).toBe(false);
  });
});

describe('loadExamples', () => {
  it('names intents after their files and skips comments and blank lines', () => {
    const intents = [...new Set(examples.map((e) => e.intent))];
    expect(intents).toEqual([
      'billing_issue',
      'farewell',
      'greeting',
      'meeting',
      'product_question',
      'thanks',
    ]);
    expect(examples.some((e) => e.text.startsWith('#') || e.text === '')).toBe(false);
    expect(examples.filter((e) => e.intent === 'greeting')).toHaveLength(12);
  });
});

describe('intent classifier', () => {
  it('trains deterministically: the same examples give the same model', () => {
    expect(trainIntentModel(examples).toJSON()).toEqual(model.toJSON());
    expect(trainIntentModel(loadExamples(FIXTURES)).toJSON()).toEqual(model.toJSON());
    // The seed matters, so the check above is not vacuous.
    expect(trainIntentModel(examples, { seed: 2 }).toJSON().weights).not.toEqual(model.toJSON().weights);
  });

  it.each([
    ['could we hop on a call with your sales people', 'meeting'],
    ['I want to book a demo next week', 'meeting'],
    ['does it integrate with hub spot', 'product_question'],
    ['does it work with sales force', 'product_question'],
    ['how do i add a signature field to a template', 'product_question'],
    ['you charged my card twice', 'billing_issue'],
    ['I need a refund', 'billing_issue'],
    ['thank you very much', 'thanks'],
    ['thanks so much for your help', 'thanks'],
    ['hello there sarah', 'greeting'],
    ['ok bye see you', 'farewell'],
  ])('held-out phrasing %j → %s', (text, intent) => {
    expect(model.classify(text).intent).toBe(intent);
  });

  it('returns a probability for every intent, most probable first, summing to 1', () => {
    for (const text of ['book a demo', 'asdf qwerty', '', 'thanks, bye!']) {
      const result: IntentResult = model.classify(text);
      expect(result.ranking.map((r) => r.intent).sort()).toEqual([...model.intents]);
      expect(result.ranking[0]).toEqual({ intent: result.intent, p: result.confidence });
      expect(result.confidence).toBeGreaterThanOrEqual(0);
      expect(result.confidence).toBeLessThanOrEqual(1);
      for (let i = 1; i < result.ranking.length; i++)
        expect(result.ranking[i]!.p).toBeLessThanOrEqual(result.ranking[i - 1]!.p);
      expect(result.ranking.reduce((sum, r) => sum + r.p, 0)).toBeCloseTo(1, 12);
    }
  });

  it('is confident on a clear example and unsure on gibberish', () => {
    expect(model.classify('thank you so much').confidence).toBeGreaterThan(0.6);
    expect(model.classify('zxqv plorb').confidence).toBeLessThan(0.5);
  });

  it('gives identical predictions after a JSON round trip', () => {
    const copy = IntentModel.fromJSON(JSON.parse(JSON.stringify(model)));
    for (const text of ['does pandadoc integrate with hubspot', 'bye', 'refund please', 'what is this']) {
      expect(copy.classify(text)).toEqual(model.classify(text));
    }
  });

  it('refuses a model whose weights do not fit its vocabulary', () => {
    const json = model.toJSON();
    expect(() => IntentModel.fromJSON({ ...json, weights: json.weights.slice(1) })).toThrow(/weights/);
  });
});

// The real examples are written alongside this code; these checks run once they exist.
describe.skipIf(!existsSync(EXAMPLES_DIR))('default model on the shipped examples', () => {
  it('has examples in every intent file and learns them', () => {
    const files = readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.txt'));
    const shipped = loadExamples(EXAMPLES_DIR);
    const model = defaultIntentModel();
    expect(model.intents).toEqual(files.map((name) => name.slice(0, -4)).sort());
    const learnt = shipped.filter((e) => model.classify(e.text).intent === e.intent).length;
    expect(learnt / shipped.length).toBeGreaterThan(0.95);
    expect(model.intents).toContain(classifyIntent('hello').intent);
  });
});

describe('default model in a bundle', () => {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'intent-bundle-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('uses the examples embedded by scripts/build.mjs, not files beside the bundle', async () => {
    const esbuild = await import('esbuild');
    const build = (await import(pathToFileURL(path.resolve('scripts/build.mjs')).href)) as {
      intentExamplesDefine: (dir?: string) => Record<string, string>;
    };
    // The same bundling options as scripts/build.mjs, into a folder with no examples beside it.
    await esbuild.build({
      entryPoints: { classifier: 'src/agent/understanding/intent_classifier.ts' },
      outdir,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node24',
      packages: 'external',
      define: build.intentExamplesDefine(FIXTURES),
      logLevel: 'silent',
    });
    const bundled = (await import(pathToFileURL(path.join(outdir, 'classifier.js')).href)) as {
      classifyIntent: (text: string) => IntentResult;
      defaultIntentModel: () => IntentModel;
    };
    expect(bundled.defaultIntentModel().intents).toEqual(model.intents);
    expect(bundled.classifyIntent('does it integrate with hub spot')).toEqual(
      model.classify('does it integrate with hub spot'),
    );
  });
});
