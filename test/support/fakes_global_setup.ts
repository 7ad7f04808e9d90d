import { Redis } from 'ioredis';
import { startProductionFakes, type ProductionFakes } from './production_fakes.js';

let fakes: ProductionFakes | undefined;

/**
 * `npm run test:fakes`: starts every production fake before the test workers exist, so the
 * variables set here reach them and the console processes they spawn. `testApp` reads them back
 * (SARAH_TEST_PARTS=fakes).
 */
export async function setup(): Promise<void> {
  fakes = await startProductionFakes();
  // A fresh knowledge cache, so this run's searches really reach the Unleash fake.
  const redis = new Redis(fakes.env.REDIS_URL!);
  const cached = await redis.keys('sarah:knowledge:*');
  if (cached.length > 0) await redis.del(...cached);
  redis.disconnect();
  Object.assign(process.env, fakes.env, { SARAH_TEST_PARTS: 'fakes' });
  process.stderr.write(`production fakes: ${Object.keys(fakes.env).join(', ')}\n`);
}

export async function teardown(): Promise<void> {
  if (fakes)
    process.stderr.write(
      `production fakes served: ${fakes.unleash.requests.length} searches, ${fakes.google.count('insert')} calendar inserts, ${fakes.amplitude.ingested.length} analytics events, ${fakes.mails} emails, ${fakes.webhook.processed.length} webhook notices\n`,
    );
  await fakes?.close();
}
