/**
 * Trains the intent model: multinomial logistic regression (softmax) with L2, by SGD over the
 * examples in a seeded shuffle, so the same examples always give the same model, bit for bit.
 */
import { DEFAULT_FEATURE_OPTIONS, featurize, type FeatureOptions } from './intent_features.js';
import type { Example } from './intent_examples.js';
import { IntentModel, addRow, softmax } from './intent_model.js';

export interface TrainOptions {
  /** L2 penalty on the weights (not the biases). */
  l2: number;
  epochs: number;
  learningRate: number;
  seed: number;
  /** Weight examples so each intent counts the same whatever its number of examples. */
  balanced: boolean;
  features: FeatureOptions;
}

/**
 * Picked by 5-fold cross-validation on the examples; more epochs, other rates and penalties in
 * the nearby range were within noise (±0.5 point), so the cheapest to train won.
 */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  l2: 1e-4,
  epochs: 6,
  learningRate: 1,
  seed: 1,
  balanced: true,
  features: DEFAULT_FEATURE_OPTIONS,
};

/** A sparse example: feature indices and their values. */
interface Sparse {
  index: Int32Array;
  value: Float64Array;
}

/** mulberry32: a tiny seeded PRNG, so the shuffles (and the model) are reproducible. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Every example as a sparse row over the vocabulary of all features seen in training, numbered
 * in first-seen order so the model never depends on anything but the examples. Features seen
 * once are kept: dropping them cost about 1 point of accuracy (they match typos and rare names).
 */
function vectorize(texts: readonly string[], options: FeatureOptions) {
  const id = new Map<string, number>();
  const vocabulary: string[] = [];
  // Featurized one at a time so each feature map dies young (cheap to collect).
  const rows = texts.map((text): Sparse => {
    const features = featurize(text, options);
    const row = { index: new Int32Array(features.size), value: new Float64Array(features.size) };
    let n = 0;
    for (const [name, x] of features) {
      let j = id.get(name);
      if (j === undefined) id.set(name, (j = vocabulary.push(name) - 1));
      row.index[n] = j;
      row.value[n++] = x;
    }
    return row;
  });
  return { vocabulary, rows };
}

/** Smaller gradients are not applied (see SoftmaxSgd.learn). */
const MIN_GRADIENT = 1e-2;

/**
 * SGD on the softmax loss with L2, one example per `learn` call. The weights are kept as
 * scale · V so the L2 shrink of every weight at every step is one multiply. A small method
 * (not one long loop) because V8 optimises it within the first epoch, which halves cold training.
 */
class SoftmaxSgd {
  private readonly V: Float64Array;
  readonly bias: Float64Array;
  private scale = 1;
  private readonly p: Float64Array;
  private readonly touched: Int32Array;

  constructor(
    features: number,
    private readonly K: number,
    private readonly l2: number,
  ) {
    this.V = new Float64Array(features * K);
    this.bias = new Float64Array(K);
    this.p = new Float64Array(K);
    this.touched = new Int32Array(K);
  }

  learn(row: Sparse, label: number, weight: number, rate: number): void {
    const { V, K, p, touched, bias } = this;
    p.set(bias);
    for (let n = 0; n < row.index.length; n++) addRow(p, V, row.index[n]!, this.scale * row.value[n]!);
    softmax(p);
    this.scale *= 1 - rate * this.l2;
    // Only intents with a gradient worth applying (|g| ≥ MIN_GRADIENT): once an example is
    // learnt most are ~0, and skipping them halves the time without changing accuracy.
    let active = 0;
    for (let c = 0; c < K; c++) {
      const g = weight * (p[c]! - (c === label ? 1 : 0));
      bias[c]! -= rate * g;
      if (Math.abs(g) < MIN_GRADIENT) continue;
      touched[active] = c;
      p[active++] = g;
    }
    // V[j, c] -= rate · x · g / scale, so that scale · V takes the plain SGD step.
    for (let n = 0; n < row.index.length; n++) {
      const factor = (-rate * row.value[n]!) / this.scale;
      const at = row.index[n]! * K;
      for (let a = 0; a < active; a++) V[at + touched[a]!]! += factor * p[a]!;
    }
    if (this.scale < 1e-9) {
      // Fold the scale back in before the divisions above lose precision.
      for (let at = 0; at < V.length; at++) V[at]! *= this.scale;
      this.scale = 1;
    }
  }

  weights(): Float64Array {
    const weights = new Float64Array(this.V.length);
    for (let at = 0; at < weights.length; at++) weights[at] = this.V[at]! * this.scale;
    return weights;
  }
}

export function trainIntentModel(
  examples: readonly Example[],
  options: Partial<TrainOptions> = {},
): IntentModel {
  const o: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const intents = [...new Set(examples.map((e) => e.intent))].sort();
  if (intents.length < 2) throw new Error('intent model: need examples of at least two intents');
  const classOf = new Map(intents.map((intent, k) => [intent, k]));
  const { vocabulary, rows } = vectorize(
    examples.map((e) => e.text),
    o.features,
  );
  const labels = examples.map((e) => classOf.get(e.intent) ?? 0);
  const perClass = intents.map((_, k) => labels.filter((l) => l === k).length);
  const exampleWeight = labels.map((l) =>
    o.balanced ? examples.length / (intents.length * (perClass[l] ?? 1)) : 1,
  );

  const sgd = new SoftmaxSgd(vocabulary.length, intents.length, o.l2);
  const random = seededRandom(o.seed);
  const order = examples.map((_, i) => i);
  let step = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const swap = order[i]!;
      order[i] = order[j]!;
      order[j] = swap;
    }
    for (const i of order) {
      // Decaying rate, as for SGD on a strongly convex (L2) objective.
      const rate = o.learningRate / (1 + o.learningRate * o.l2 * step++);
      sgd.learn(rows[i]!, labels[i]!, exampleWeight[i]!, rate);
    }
  }
  return new IntentModel(intents, o.features, vocabulary, sgd.weights(), sgd.bias);
}
