import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THRESHOLDS,
  decideTier,
  emptySignals,
  mergeSignals,
  nextMissingSignal,
} from '../../src/conversation/qualification.js';
import type { QualificationSignals, QualificationThresholds } from '../../src/conversation/qualification.js';

function signals(partial: Partial<QualificationSignals>): QualificationSignals {
  return { integrations: [], ...partial };
}

describe('DEFAULT_THRESHOLDS', () => {
  it('are 5 people, 100 documents a month, and salesforce/hubspot/api', () => {
    expect(DEFAULT_THRESHOLDS.minTeamSize).toBe(5);
    expect(DEFAULT_THRESHOLDS.minMonthlyVolume).toBe(100);
    expect([...DEFAULT_THRESHOLDS.salesIntegrations].sort()).toEqual(['api', 'hubspot', 'salesforce']);
  });
});

describe('decideTier (defaults)', () => {
  it('is self_serve with no signals', () => {
    expect(decideTier(emptySignals())).toEqual({ tier: 'self_serve', reasons: [] });
  });

  it('team of 4 is self_serve, team of 5 is sales_ready', () => {
    expect(decideTier(signals({ teamSize: 4 })).tier).toBe('self_serve');
    const five = decideTier(signals({ teamSize: 5 }));
    expect(five.tier).toBe('sales_ready');
    expect(five.reasons).toHaveLength(1);
    expect(five.reasons[0]).toContain('5');
  });

  it('99 documents a month is self_serve, 100 is sales_ready', () => {
    expect(decideTier(signals({ monthlyVolume: 99 })).tier).toBe('self_serve');
    const hundred = decideTier(signals({ monthlyVolume: 100 }));
    expect(hundred.tier).toBe('sales_ready');
    expect(hundred.reasons[0]).toContain('100');
  });

  it.each(['salesforce', 'hubspot', 'api'])('%s alone makes a trialist sales_ready', (integration) => {
    const decision = decideTier(signals({ integrations: [integration] }));
    expect(decision.tier).toBe('sales_ready');
    expect(decision.reasons.join(' ')).toContain(integration);
  });

  it('pipedrive alone stays self_serve', () => {
    expect(decideTier(signals({ integrations: ['pipedrive'] }))).toEqual({ tier: 'self_serve', reasons: [] });
  });

  it('small team, low volume and a non-sales integration stays self_serve', () => {
    expect(
      decideTier(signals({ teamSize: 4, monthlyVolume: 99, integrations: ['pipedrive', 'zapier'] })).tier,
    ).toBe('self_serve');
  });

  it('gives one reason per signal that crossed a threshold', () => {
    const decision = decideTier(
      signals({ teamSize: 12, monthlyVolume: 250, integrations: ['pipedrive', 'salesforce', 'hubspot'] }),
    );
    expect(decision.tier).toBe('sales_ready');
    expect(decision.reasons).toHaveLength(3);
    expect(decision.reasons.join(' | ')).toMatch(/12/);
    expect(decision.reasons.join(' | ')).toMatch(/250/);
    expect(decision.reasons.join(' | ')).toContain('salesforce');
    expect(decision.reasons.join(' | ')).not.toContain('pipedrive');
  });
});

describe('decideTier (custom thresholds)', () => {
  const custom: QualificationThresholds = {
    minTeamSize: 20,
    minMonthlyVolume: 500,
    salesIntegrations: ['pipedrive'],
  };

  it('uses the team size threshold from configuration', () => {
    expect(decideTier(signals({ teamSize: 19 }), custom).tier).toBe('self_serve');
    expect(decideTier(signals({ teamSize: 20 }), custom).tier).toBe('sales_ready');
    expect(decideTier(signals({ teamSize: 10 }), custom).tier).toBe('self_serve');
  });

  it('uses the volume threshold from configuration', () => {
    expect(decideTier(signals({ monthlyVolume: 499 }), custom).tier).toBe('self_serve');
    expect(decideTier(signals({ monthlyVolume: 500 }), custom).tier).toBe('sales_ready');
  });

  it('uses the integration list from configuration', () => {
    expect(decideTier(signals({ integrations: ['pipedrive'] }), custom).tier).toBe('sales_ready');
    expect(decideTier(signals({ integrations: ['salesforce', 'api'] }), custom).tier).toBe('self_serve');
  });
});

describe('mergeSignals', () => {
  it('lets new facts win over old ones', () => {
    const merged = mergeSignals(signals({ teamSize: 3, useCase: 'sales' }), { teamSize: 8, useCase: 'hr' });
    expect(merged.teamSize).toBe(8);
    expect(merged.useCase).toBe('hr');
  });

  it('does not erase a known fact with undefined', () => {
    const merged = mergeSignals(signals({ teamSize: 5, monthlyVolume: 40, industry: 'software' }), {
      teamSize: undefined,
      monthlyVolume: undefined,
      industry: undefined,
    });
    expect(merged).toEqual({ integrations: [], teamSize: 5, monthlyVolume: 40, industry: 'software' });
  });

  it('keeps facts that the update does not mention and adds new ones', () => {
    const merged = mergeSignals(signals({ teamSize: 5 }), { urgency: 'this_week' });
    expect(merged).toEqual({ integrations: [], teamSize: 5, urgency: 'this_week' });
  });

  it('accumulates integrations in lowercase without duplicates', () => {
    const first = mergeSignals(emptySignals(), { integrations: ['Salesforce', ' HubSpot '] });
    const second = mergeSignals(first, { integrations: ['salesforce', 'SALESFORCE', 'Zapier', '  '] });
    expect(second.integrations).toEqual(['salesforce', 'hubspot', 'zapier']);
  });

  it('keeps existing integrations when the update has none', () => {
    const merged = mergeSignals(signals({ integrations: ['api'] }), { teamSize: 2 });
    expect(merged.integrations).toEqual(['api']);
  });

  it('does not mutate its inputs', () => {
    const current = signals({ teamSize: 2, integrations: ['api'] });
    const update = { teamSize: 9, integrations: ['HubSpot'] };
    mergeSignals(current, update);
    expect(current).toEqual({ teamSize: 2, integrations: ['api'] });
    expect(update).toEqual({ teamSize: 9, integrations: ['HubSpot'] });
  });
});

describe('nextMissingSignal', () => {
  it('asks use case, then team size, then volume, then integrations, then nothing', () => {
    let s = emptySignals();
    expect(nextMissingSignal(s)).toBe('useCase');
    s = mergeSignals(s, { useCase: 'sales' });
    expect(nextMissingSignal(s)).toBe('teamSize');
    s = mergeSignals(s, { teamSize: 3 });
    expect(nextMissingSignal(s)).toBe('monthlyVolume');
    s = mergeSignals(s, { monthlyVolume: 20 });
    expect(nextMissingSignal(s)).toBe('integrations');
    s = mergeSignals(s, { integrations: ['pipedrive'] });
    expect(nextMissingSignal(s)).toBeUndefined();
  });

  it('asks for the earliest missing signal even when later ones are known', () => {
    expect(nextMissingSignal(signals({ teamSize: 3, monthlyVolume: 20, integrations: ['api'] }))).toBe(
      'useCase',
    );
    expect(nextMissingSignal(signals({ useCase: 'hr', monthlyVolume: 20, integrations: ['api'] }))).toBe(
      'teamSize',
    );
  });
});
