/**
 * The trained intent model: a softmax over linear scores of the utterance's features. Trained by
 * intent_training.ts; serialisable to JSON and back with identical predictions.
 */
import { featurize, type FeatureOptions } from './intent_features.js';

export interface IntentResult {
  intent: string;
  /** Probability of `intent`, the top of `ranking`. */
  confidence: number;
  /** Every intent, most probable first; the probabilities sum to 1. */
  ranking: Array<{ intent: string; p: number }>;
}

export interface IntentModelJSON {
  version: 1;
  intents: string[];
  features: FeatureOptions;
  vocabulary: string[];
  /** vocabulary.length × intents.length, row-major by feature. */
  weights: number[];
  bias: number[];
}

export class IntentModel {
  private readonly lookup: Map<string, number>;

  constructor(
    readonly intents: readonly string[],
    private readonly featureOptions: FeatureOptions,
    private readonly vocabulary: readonly string[],
    private readonly weights: Float64Array,
    private readonly bias: Float64Array,
  ) {
    this.lookup = new Map(vocabulary.map((name, i) => [name, i]));
  }

  classify(text: string): IntentResult {
    const probabilities = this.probabilities(text);
    const ranking = this.intents
      .map((intent, k) => ({ intent, p: probabilities[k] ?? 0 }))
      .sort((a, b) => b.p - a.p);
    const top = ranking[0] ?? { intent: '', p: 0 };
    return { intent: top.intent, confidence: top.p, ranking };
  }

  /** Softmax probabilities in `intents` order. */
  probabilities(text: string): Float64Array {
    const scores = Float64Array.from(this.bias);
    for (const [name, x] of featurize(text, this.featureOptions)) {
      const j = this.lookup.get(name);
      if (j !== undefined) addRow(scores, this.weights, j, x);
    }
    return softmax(scores);
  }

  toJSON(): IntentModelJSON {
    return {
      version: 1,
      intents: [...this.intents],
      features: this.featureOptions,
      vocabulary: [...this.vocabulary],
      weights: Array.from(this.weights),
      bias: Array.from(this.bias),
    };
  }

  static fromJSON(json: IntentModelJSON): IntentModel {
    if (json.version !== 1) throw new Error(`intent model: unknown version ${String(json.version)}`);
    if (json.weights.length !== json.vocabulary.length * json.intents.length)
      throw new Error('intent model: weights do not match vocabulary × intents');
    return new IntentModel(
      json.intents,
      json.features,
      json.vocabulary,
      Float64Array.from(json.weights),
      Float64Array.from(json.bias),
    );
  }
}

/** scores += x · weights[j, ·] */
export function addRow(scores: Float64Array, weights: Float64Array, j: number, x: number): void {
  const k = scores.length;
  for (let c = 0, at = j * k; c < k; c++, at++) scores[c]! += x * weights[at]!;
}

/** In place; subtracting the max keeps exp() from overflowing. */
export function softmax(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (let c = 0; c < scores.length; c++) sum += scores[c] = Math.exp(scores[c]! - max);
  for (let c = 0; c < scores.length; c++) scores[c]! /= sum;
  return scores;
}
