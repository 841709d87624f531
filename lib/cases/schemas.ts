import { z } from 'zod';
import { validateAmountFen } from './approval-policy';

const uuid = z.string().uuid('errors.invalid');

/** An amount typed in yuan ("80000", "80,000.00"): whole fen, positive, not absurd; otherwise a precise field message. */
export const amountField = z.string().transform((value, ctx) => {
  const r = validateAmountFen(value);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: `errors.amount.${r.code}` });
    return z.NEVER;
  }
  return r.fen;
});

export const transferSchema = z.object({
  sessionId: uuid,
  fromAccountId: z.string().uuid('errors.chooseAccount'),
  toAccountNumber: z
    .string()
    .transform((v) => v.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{10,30}$/, 'errors.accountNumber')),
  payeeName: z.string().trim().max(50, 'errors.tooLong').optional().transform((v) => v || undefined),
  amount: amountField,
  memo: z.string().trim().max(100, 'errors.tooLong').optional().transform((v) => v || undefined),
  // Made by the form when it opens: a double click, a retry or a second tab submit the same case once.
  idempotencyKey: uuid,
});

export const REFUSAL_REASONS = ['insufficient_documents', 'verification_doubt', 'suspicious', 'policy', 'customer_withdrew', 'other'] as const;

export const caseDecisionSchema = z
  .object({
    caseId: uuid,
    decision: z.enum(['approve', 'reject', 'return'], { message: 'errors.invalid' }),
    reasonCode: z.enum(['', ...REFUSAL_REASONS], { message: 'errors.invalid' }).optional(),
    opinion: z.string().trim().max(500, 'errors.tooLong').optional().default(''),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'approve') return;
    if (!v.reasonCode) ctx.addIssue({ code: 'custom', path: ['reasonCode'], message: 'errors.reasonCodeRequired' });
    if (!v.opinion) ctx.addIssue({ code: 'custom', path: ['opinion'], message: 'errors.opinionRequired' });
  });
