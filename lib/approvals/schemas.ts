import { z } from 'zod';

export const decideSchema = z
  .object({
    requestId: z.string().uuid('errors.invalid'),
    decision: z.enum(['approved', 'rejected'], { message: 'errors.invalid' }),
    reason: z.string().trim().max(500, 'errors.tooLong').optional().default(''),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'rejected' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'errors.reasonRequired' });
  });

export const clearLockSchema = z.object({
  lockId: z.string().uuid('errors.invalid'),
  note: z.string().trim().min(1, 'errors.clearNoteRequired').max(500, 'errors.tooLong'),
});

export const confirmFraudSchema = z.object({
  lockId: z.string().uuid('errors.invalid'),
  note: z.string().trim().min(1, 'errors.fraudNoteRequired').max(500, 'errors.tooLong'),
});

export const requestReleaseSchema = z.object({
  freezeId: z.string().uuid('errors.invalid'),
  reason: z.string().trim().min(1, 'errors.releaseReasonRequired').max(500, 'errors.tooLong'),
});

export const decideReleaseSchema = z.object({
  freezeId: z.string().uuid('errors.invalid'),
  decision: z.enum(['approved', 'rejected'], { message: 'errors.invalid' }),
});

export const revealSchema = z.object({
  customerId: z.string().uuid('errors.invalid'),
  field: z.enum(['idNumber', 'mobile', 'email'], { message: 'errors.invalid' }),
  reason: z.string().trim().min(4, 'errors.revealReasonRequired').max(200, 'errors.tooLong'),
});

/** A supervisor proposes a risk level for a customer (or lifts an override): a second supervisor decides. */
export const riskOverrideSchema = z.object({
  customerId: z.string().uuid('errors.invalid'),
  level: z.enum(['low', 'medium', 'high', 'none'], { message: 'errors.riskLevel' }),
  reason: z.string().trim().min(4, 'errors.overrideReasonRequired').max(500, 'errors.tooLong'),
});

/** The checker sees the full value of one side of an information change awaiting decision (a document number, date of birth, mobile). */
export const revealCaseValueSchema = z.object({
  caseId: z.string().uuid('errors.invalid'),
  side: z.enum(['old', 'new'], { message: 'errors.invalid' }),
  reason: z.string().trim().min(4, 'errors.revealReasonRequired').max(200, 'errors.tooLong'),
});
