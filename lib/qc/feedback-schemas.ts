import { z } from 'zod';

const uuid = z.string().uuid('errors.invalid');
const text = (min: number, message: string) => z.string().trim().min(min, message).max(1000, 'errors.tooLong');

export const acknowledgeSchema = z.object({ inspectionId: uuid });

/** The items disputed come as `d_<key>` checkboxes; the explanation is required. */
export const disputeSchema = z
  .object({ inspectionId: uuid, explanation: text(4, 'errors.qc.disputeExplanation') })
  .catchall(z.string().max(10, 'errors.invalid'))
  .transform(({ inspectionId, explanation, ...rest }) => ({
    inspectionId,
    explanation,
    items: Object.entries(rest)
      .filter(([k, v]) => k.startsWith('d_') && v === 'on')
      .map(([k]) => k.slice(2)),
  }));

/** A resolution with its reason; the re-rated items come as `r_<key>` (for a partial acceptance, only those accepted). */
export const disputeResolutionSchema = z
  .object({
    disputeId: uuid,
    resolution: z.enum(['accepted', 'partial', 'rejected'], { message: 'errors.qc.resolution' }),
    note: text(2, 'errors.qc.resolutionNote'),
  })
  .catchall(z.string().max(10, 'errors.invalid'))
  .transform(({ disputeId, resolution, note, ...rest }) => ({
    disputeId,
    resolution,
    note,
    values: Object.fromEntries(Object.entries(rest).filter(([k, v]) => k.startsWith('r_') && v !== '').map(([k, v]) => [k.slice(2), v as string])),
  }));

export const rectificationResponseSchema = z.object({ rectificationId: uuid, response: text(4, 'errors.qc.responseRequired') });

export const rectificationVerifySchema = z
  .object({
    rectificationId: uuid,
    outcome: z.enum(['verified', 'reopened', 'reinspect'], { message: 'errors.invalid' }),
    note: z.string().trim().max(1000, 'errors.tooLong').optional().default(''),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'reopened' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'errors.qc.reopenNote' });
  });
