import { metrics } from '../../observability/metrics.js';

/** Why a booking or an email was refused by an abuse rule; the label on `sarah_abuse_refusals_total`. */
export type AbuseRefusal =
  | 'disposable_email'
  | 'email_has_booking'
  | 'domain_daily'
  | 'client_daily'
  | 'resource_not_own_address'
  | 'booking_not_own_address'
  | 'resource_client_daily'
  | 'resource_address_daily';

/** Counts one refusal, so a scripted attack shows on the dashboard as it happens. */
export function countRefusal(kind: AbuseRefusal): void {
  metrics.abuseRefusals.inc({ kind });
}
