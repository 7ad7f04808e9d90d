import { z } from 'zod';
import { COPY, RoiInputError, calculateRoi } from '../../conversation/index.js';
import type { AgentServices } from '../services.js';
import { admit, defineTool, done, refuse } from './kit.js';

export const calculateRoiArgs = z.object({
  teamSize: z.number().int().min(1).max(1_000_000).optional(),
  documentsPerMonth: z.number().int().min(0).max(10_000_000).optional(),
  hoursPerDocument: z
    .number()
    .min(0.05)
    .max(40)
    .optional()
    .describe('hours spent per document today; default 1'),
  hourlyCost: z.number().min(1).max(10_000).optional(),
});
export type CalculateRoiArgs = z.infer<typeof calculateRoiArgs>;

export function calculateRoiTool(services: AgentServices) {
  return defineTool('calculate_roi', services, {
    description:
      'Estimate hours and money saved per year. Uses team size and monthly volume already shared unless given.',
    parameters: calculateRoiArgs,
    execute: async (input, context) => {
      admit(context, 'calculate_roi');
      const teamSize = input.teamSize ?? context.signals.teamSize;
      const documentsPerMonth = input.documentsPerMonth ?? context.signals.monthlyVolume;
      if (teamSize === undefined) refuse('calculate_roi', COPY.askTeamSize);
      if (documentsPerMonth === undefined) refuse('calculate_roi', COPY.askVolume);
      try {
        const hoursPerDocument = input.hoursPerDocument ?? 1;
        const result = calculateRoi({
          teamSize,
          documentsPerMonth,
          hoursPerDocument,
          hourlyCost: input.hourlyCost,
        });
        context.states.tryTransition('VALUE_DEMO', 'estimated ROI');
        return done('calculate_roi', { ...result, hoursPerDocument });
      } catch (error) {
        if (error instanceof RoiInputError) refuse('calculate_roi', COPY.roiNumbersOff);
        throw error;
      }
    },
  });
}
