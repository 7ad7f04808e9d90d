/**
 * Runs the Unleash fake on its own, to try Sarah's production knowledge path by hand:
 *
 *   npx tsx test/fakes/unleash_serve.ts            # http://127.0.0.1:4010, key unleash-test-key
 *   UNLEASH_API_KEY=unleash-test-key UNLEASH_BASE_URL=http://127.0.0.1:4010 UNLEASH_APP_ID=intercom npm start
 *
 * It serves the shipped corpus as Intercom articles. FAKE_UNLEASH_PORT, FAKE_UNLEASH_LATENCY_MS
 * (default 120), FAKE_UNLEASH_JITTER_MS (40) and FAKE_UNLEASH_MODE (normal, unauthorized, forbidden,
 * rate_limited, server_error, slow, malformed, flapping) change how it behaves.
 */
import path from 'node:path';
import { loadCorpus } from '../../src/services/knowledge/corpus.js';
import { FAKE_UNLEASH_KEY, documentsFromCorpus, startFakeUnleash, type FakeUnleashMode } from './unleash.js';

const numberFromEnv = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return process.env[name] && Number.isFinite(value) ? value : fallback;
};

const articles = await loadCorpus(path.resolve(import.meta.dirname, '../../knowledge'));
const fake = await startFakeUnleash({
  documents: documentsFromCorpus(articles),
  port: numberFromEnv('FAKE_UNLEASH_PORT', 4010),
});
fake.latencyMs = numberFromEnv('FAKE_UNLEASH_LATENCY_MS', 120);
fake.jitterMs = numberFromEnv('FAKE_UNLEASH_JITTER_MS', 40);
fake.setMode((process.env.FAKE_UNLEASH_MODE as FakeUnleashMode | undefined) ?? 'normal');
console.log(
  `fake Unleash (${fake.mode}) at ${fake.url}, key ${FAKE_UNLEASH_KEY}, ${articles.length} articles; Ctrl-C stops it`,
);
process.on('SIGINT', () => void fake.close().then(() => process.exit(0)));
