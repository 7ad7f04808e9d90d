import { describe, expect, it } from 'vitest';
import { ROI_DEFAULTS, RoiInputError, calculateRoi } from '../../src/conversation/roi.js';

describe('calculateRoi worked examples', () => {
  it('computes savings with default cost and seat price', () => {
    // 40 docs * 2 h * 0.6 = 48 h/month; 48 * $45 = $2,160/month; 5 seats * $49 = $245/month.
    // per week: 48 / (52/12) = 11.077 -> 11.1; annual: 2,160 * 12 = 25,920; payback 245/2160 = 0.113 -> 0.1
    const result = calculateRoi({ teamSize: 5, documentsPerMonth: 40, hoursPerDocument: 2 });
    expect(result.hoursSavedPerWeek).toBe(11.1);
    expect(result.annualSavings).toBe(25_920);
    expect(result.paybackMonths).toBe(0.1);
  });

  it('uses a custom hourly cost and seat price', () => {
    // 20 * 1.5 * 0.6 = 18 h/month; 18 * $60 = $1,080; 10 * $30 = $300.
    // per week: 18 * 12 / 52 = 4.154 -> 4.2; annual 12,960; payback 300/1080 = 0.278 -> 0.3
    const result = calculateRoi({
      teamSize: 10,
      documentsPerMonth: 20,
      hoursPerDocument: 1.5,
      hourlyCost: 60,
      seatPricePerMonth: 30,
    });
    expect(result.hoursSavedPerWeek).toBe(4.2);
    expect(result.annualSavings).toBe(12_960);
    expect(result.paybackMonths).toBe(0.3);
  });

  it('gives a payback longer than a month when savings are small', () => {
    // 10 * 0.5 * 0.6 = 3 h/month; 3 * $30 = $90; 20 * $49 = $980.
    // per week: 3 * 12 / 52 = 0.692 -> 0.7; annual 1,080; payback 980/90 = 10.89 -> 10.9
    const result = calculateRoi({
      teamSize: 20,
      documentsPerMonth: 10,
      hoursPerDocument: 0.5,
      hourlyCost: 30,
    });
    expect(result.hoursSavedPerWeek).toBe(0.7);
    expect(result.annualSavings).toBe(1_080);
    expect(result.paybackMonths).toBe(10.9);
  });

  it('accepts hoursPerDocument of exactly 40', () => {
    // 1 * 40 * 0.6 = 24 h/month; * 45 = 1,080/month -> 12,960/year
    const result = calculateRoi({ teamSize: 1, documentsPerMonth: 1, hoursPerDocument: 40 });
    expect(result.annualSavings).toBe(12_960);
  });
});

describe('calculateRoi assumptions', () => {
  it('states the defaults it used', () => {
    expect(ROI_DEFAULTS.timeSavedShare).toBe(0.6);
    expect(ROI_DEFAULTS.hourlyCost).toBe(45);
    expect(ROI_DEFAULTS.seatPricePerMonth).toBe(49);

    const { assumptions } = calculateRoi({ teamSize: 5, documentsPerMonth: 40, hoursPerDocument: 2 });
    const text = assumptions.join('\n');
    expect(text).toContain('60%');
    expect(text).toContain('$45 an hour');
    expect(text).toMatch(/default/);
    expect(text).toContain('5 seats');
    expect(text).toContain('$49');
    expect(text).toMatch(/not a quote/);
    expect(text).toMatch(/estimate/);
  });

  it('states custom values and does not call them defaults', () => {
    const { assumptions } = calculateRoi({
      teamSize: 3,
      documentsPerMonth: 10,
      hoursPerDocument: 1,
      hourlyCost: 80,
      seatPricePerMonth: 25,
    });
    const text = assumptions.join('\n');
    expect(text).toContain('$80 an hour');
    expect(text).not.toContain('$45');
    expect(text).not.toMatch(/default/);
    expect(text).toContain('3 seats');
    expect(text).toContain('$25');
  });
});

describe('calculateRoi input checks', () => {
  it.each([0, -1, -0.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects teamSize %s', (teamSize) => {
    expect(() => calculateRoi({ teamSize, documentsPerMonth: 10, hoursPerDocument: 1 })).toThrow(
      RoiInputError,
    );
  });

  it('names the bad field in the message and is a RangeError', () => {
    let caught: unknown;
    try {
      calculateRoi({ teamSize: 0, documentsPerMonth: 10, hoursPerDocument: 1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RangeError);
    expect((caught as Error).message).toContain('teamSize');
  });

  it('rejects hoursPerDocument above 40, zero, negative or NaN', () => {
    for (const hoursPerDocument of [40.5, 41, 0, -2, Number.NaN]) {
      expect(() => calculateRoi({ teamSize: 2, documentsPerMonth: 10, hoursPerDocument })).toThrow(
        RoiInputError,
      );
    }
  });

  it('rejects negative or NaN documentsPerMonth', () => {
    expect(() => calculateRoi({ teamSize: 2, documentsPerMonth: -1, hoursPerDocument: 1 })).toThrow(
      RoiInputError,
    );
    expect(() => calculateRoi({ teamSize: 2, documentsPerMonth: Number.NaN, hoursPerDocument: 1 })).toThrow(
      RoiInputError,
    );
  });

  it('rejects a zero or negative hourly cost or seat price when given', () => {
    expect(() =>
      calculateRoi({ teamSize: 2, documentsPerMonth: 1, hoursPerDocument: 1, hourlyCost: 0 }),
    ).toThrow(RoiInputError);
    expect(() =>
      calculateRoi({ teamSize: 2, documentsPerMonth: 1, hoursPerDocument: 1, seatPricePerMonth: -5 }),
    ).toThrow(RoiInputError);
  });

  it('zero documents gives no savings and no payback', () => {
    const result = calculateRoi({ teamSize: 4, documentsPerMonth: 0, hoursPerDocument: 2 });
    expect(result.paybackMonths).toBeNull();
    expect(result.hoursSavedPerWeek).toBe(0);
    expect(result.annualSavings).toBe(0);
  });
});
