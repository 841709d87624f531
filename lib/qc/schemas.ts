import { z } from 'zod';
import { SCORECARD } from './scorecard';

const rating = z.enum(['yes', 'no'], { message: 'errors.rateItem' }).transform((v) => v === 'yes');

export const inspectionSchema = z.object({
  sessionId: z.string().uuid('errors.invalid'),
  comment: z.string().trim().max(1000, 'errors.tooLong').optional().default(''),
  ...Object.fromEntries(SCORECARD.items.map((item) => [item.key, rating])),
}) as unknown as z.ZodType<{ sessionId: string; comment: string } & Record<(typeof SCORECARD.items)[number]['key'], boolean>>;
