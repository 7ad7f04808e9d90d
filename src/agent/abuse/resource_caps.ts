import type { RateLimiter } from '../../services/shared/rate_limiter.js';
import { isReservedAddress } from './email_domains.js';
import type { AbuseRefusal } from './refusals.js';

/**
 * Daily caps on guides and articles Sarah emails, on top of the per-chat limit (usage 'emails'):
 * per client address, so opening chat after chat does not reset it, and per recipient, so no one
 * can have one inbox flooded by claiming it as their own in many chats.
 */
export interface ResourceCaps {
  /** Takes one unit of each cap, or none when any is used up; returns why it refused. */
  take(request: ResourceRequest): Promise<AbuseRefusal | undefined>;
  /** Gives them back when the email could not be queued after all. */
  give(request: ResourceRequest): Promise<void>;
}

export interface ResourceRequest {
  to: string;
  clientKey?: string;
}

export function createResourceCaps(parts: { perClient: RateLimiter; perAddress: RateLimiter }): ResourceCaps {
  // A reserved name (example.com, *.test) reaches no inbox, so there is no one to flood.
  const countsRecipient = (to: string) => !isReservedAddress(to);
  return {
    async take({ to, clientKey }) {
      const recipient = countsRecipient(to);
      if (recipient && !(await parts.perAddress.take(to)).allowed) return 'resource_address_daily';
      if (clientKey && !(await parts.perClient.take(clientKey)).allowed) {
        if (recipient) await parts.perAddress.give(to);
        return 'resource_client_daily';
      }
      return undefined;
    },
    async give({ to, clientKey }) {
      if (countsRecipient(to)) await parts.perAddress.give(to);
      if (clientKey) await parts.perClient.give(clientKey);
    },
  };
}
