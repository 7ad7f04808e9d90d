/** Qualification signals discovered during the conversation, and the tier they add up to. */
export const USE_CASES = ['sales', 'hr', 'legal', 'procurement', 'other'] as const;
export type UseCase = (typeof USE_CASES)[number];

export const URGENCIES = ['this_week', 'this_month', 'this_quarter', 'exploring'] as const;
export type Urgency = (typeof URGENCIES)[number];

export type Tier = 'sales_ready' | 'self_serve';

export interface QualificationSignals {
  teamSize?: number;
  monthlyVolume?: number;
  useCase?: UseCase;
  integrations: string[];
  industry?: string;
  urgency?: Urgency;
}

export interface QualificationThresholds {
  /** Team size at or above which a trialist is worth a sales conversation. */
  minTeamSize: number;
  /** Documents per month at or above which a trialist is worth a sales conversation. */
  minMonthlyVolume: number;
  /** Integrations that, on their own, need a sales-assisted setup. */
  salesIntegrations: readonly string[];
}

export const DEFAULT_THRESHOLDS: QualificationThresholds = {
  minTeamSize: 5,
  minMonthlyVolume: 100,
  salesIntegrations: ['salesforce', 'hubspot', 'api'],
};

export function emptySignals(): QualificationSignals {
  return { integrations: [] };
}

/** New facts win over old ones; integrations accumulate without duplicates. */
export function mergeSignals(
  current: QualificationSignals,
  update: Partial<QualificationSignals>,
): QualificationSignals {
  const merged: QualificationSignals = { ...current, integrations: [...current.integrations] };
  for (const [key, value] of Object.entries(update) as Array<[keyof QualificationSignals, unknown]>) {
    if (value === undefined || value === null || key === 'integrations') continue;
    (merged as unknown as Record<string, unknown>)[key] = value;
  }
  for (const integration of update.integrations ?? []) {
    const name = integration.trim().toLowerCase();
    if (name && !merged.integrations.includes(name)) merged.integrations.push(name);
  }
  return merged;
}

export interface TierDecision {
  tier: Tier;
  reasons: string[];
}

export function decideTier(
  signals: QualificationSignals,
  thresholds: QualificationThresholds = DEFAULT_THRESHOLDS,
): TierDecision {
  const reasons: string[] = [];
  if (signals.teamSize !== undefined && signals.teamSize >= thresholds.minTeamSize) {
    reasons.push(`team of ${signals.teamSize} (at least ${thresholds.minTeamSize})`);
  }
  if (signals.monthlyVolume !== undefined && signals.monthlyVolume >= thresholds.minMonthlyVolume) {
    reasons.push(`${signals.monthlyVolume} documents a month (at least ${thresholds.minMonthlyVolume})`);
  }
  const salesIntegrations = signals.integrations.filter((i) => thresholds.salesIntegrations.includes(i));
  if (salesIntegrations.length > 0) reasons.push(`needs ${salesIntegrations.join(', ')}`);
  return { tier: reasons.length > 0 ? 'sales_ready' : 'self_serve', reasons };
}

/** Which signal to ask about next, so discovery feels like a conversation and not a form. */
export function nextMissingSignal(signals: QualificationSignals): keyof QualificationSignals | undefined {
  if (signals.useCase === undefined) return 'useCase';
  if (signals.teamSize === undefined) return 'teamSize';
  if (signals.monthlyVolume === undefined) return 'monthlyVolume';
  if (signals.integrations.length === 0) return 'integrations';
  return undefined;
}
