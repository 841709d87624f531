import { z } from 'zod';
import { MONTH } from '@/lib/qc/reports';
import { checkWeightsSum, weightFields } from './score';

/** The forms of the appraisal screens: zod schemas whose messages are catalogue keys, one per field. */

const month = z.string().trim().regex(MONTH, 'errors.appraisal.month');

/** A supervisor closes a finished month that the job has not closed yet. */
export const closeMonthSchema = z.object({ month });

/** A supervisor recalculates a teller's closed month, saying why (kept with the new version and in the audit trail). */
export const recalculateSchema = z.object({
  staffId: z.string().uuid('errors.invalid'),
  month,
  reason: z.string().trim().min(4, 'errors.appraisal.reasonRequired').max(500, 'errors.tooLong'),
});

/** New weights with a note on why; they apply from the next computation. */
export const weightsChangeSchema = z
  .object({ ...weightFields, note: z.string().trim().min(2, 'errors.appraisal.noteRequired').max(300, 'errors.tooLong') })
  .superRefine(checkWeightsSum);
