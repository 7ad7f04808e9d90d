/** A transparent, assumption-stating estimate of time and money saved with document automation. */
export interface RoiInput {
  teamSize: number;
  documentsPerMonth: number;
  /** Hours a person spends on one document today (drafting, chasing signatures, filing). */
  hoursPerDocument: number;
  /** Loaded hourly cost of that person's time, in US dollars. */
  hourlyCost?: number;
  /** Monthly price per seat used for payback; a stated assumption, not a quote. */
  seatPricePerMonth?: number;
}

export interface RoiResult {
  hoursSavedPerWeek: number;
  annualSavings: number;
  paybackMonths: number | null;
  assumptions: string[];
}

export const ROI_DEFAULTS = {
  timeSavedShare: 0.6,
  hourlyCost: 45,
  seatPricePerMonth: 49,
  weeksPerMonth: 52 / 12,
} as const;

export class RoiInputError extends RangeError {}

function requirePositive(name: string, value: number | undefined, allowZero = false): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new RoiInputError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number`);
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function calculateRoi(input: RoiInput): RoiResult {
  requirePositive('teamSize', input.teamSize);
  requirePositive('documentsPerMonth', input.documentsPerMonth, true);
  requirePositive('hoursPerDocument', input.hoursPerDocument);
  requirePositive('hourlyCost', input.hourlyCost);
  requirePositive('seatPricePerMonth', input.seatPricePerMonth);
  if (input.hoursPerDocument > 40) throw new RoiInputError('hoursPerDocument must be at most 40');

  const hourlyCost = input.hourlyCost ?? ROI_DEFAULTS.hourlyCost;
  const seatPrice = input.seatPricePerMonth ?? ROI_DEFAULTS.seatPricePerMonth;
  const hoursSavedPerMonth = input.documentsPerMonth * input.hoursPerDocument * ROI_DEFAULTS.timeSavedShare;
  const monthlySavings = hoursSavedPerMonth * hourlyCost;
  const monthlyCost = input.teamSize * seatPrice;
  const paybackMonths = monthlySavings > 0 ? monthlyCost / monthlySavings : null;

  return {
    hoursSavedPerWeek: round(hoursSavedPerMonth / ROI_DEFAULTS.weeksPerMonth, 1),
    annualSavings: Math.round(monthlySavings * 12),
    paybackMonths: paybackMonths === null ? null : round(paybackMonths, 1),
    assumptions: [
      `automation saves about ${ROI_DEFAULTS.timeSavedShare * 100}% of the time spent per document`,
      `time is valued at $${hourlyCost} an hour${input.hourlyCost === undefined ? ' (a default you can change)' : ''}`,
      `${input.teamSize} seats at an illustrative $${seatPrice} a seat per month, not a quote`,
      'this is an estimate, not a guarantee',
    ],
  };
}
