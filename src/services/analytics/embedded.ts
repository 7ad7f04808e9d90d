import type { Logger } from 'pino';
import { metrics } from '../../observability/metrics.js';
import type { Analytics, AnalyticsProperties } from './types.js';

/** Without an analytics account, events become a Prometheus counter and a debug log line. */
export class EmbeddedAnalytics implements Analytics {
  constructor(private readonly logger?: Logger) {}

  track(sessionId: string, event: string, properties: AnalyticsProperties = {}): void {
    metrics.analyticsEvents.inc({ event });
    this.logger?.debug({ sessionId, event, properties }, 'analytics event');
  }

  async flush(): Promise<void> {}
}
