import { z } from 'zod';
import { REFUSAL_REASONS } from './constants';
import { validateAmountFen } from './money';
import { BRANCHES } from '@/lib/cards/branches';
import { REJECTION_REASONS } from '@/lib/documents/constants';
import { isRealIsoDate } from '@/lib/customers/documents/dates';

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

export { REFUSAL_REASONS } from './constants';

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

export const caseRefSchema = z.object({ caseId: uuid });

/** A password reset for the session's customer; then, once approved, the prompt for the new password. */
export const passwordResetSchema = z.object({ sessionId: uuid, idempotencyKey: uuid });
export const passwordResetPromptSchema = z.object({ sessionId: uuid, caseId: uuid });

export const caseClaimSchema = z.object({ caseId: uuid, claim: z.enum(['claim', 'release'], { message: 'errors.invalid' }) });

const minutes = (max: number) =>
  z
    .string({ message: 'errors.minutes' })
    .trim()
    .regex(/^\d{1,6}$/, 'errors.minutes')
    .transform(Number)
    .pipe(z.number().int().min(1, 'errors.minutes').max(max, 'errors.minutes'));

/** A proposed change of the approval policy's knobs (the amount band in yuan, SLAs and expiry in minutes). */
export const policyProposalSchema = z.object({
  largeAmount: amountField,
  slaLevel1: minutes(24 * 60),
  slaLevel2: minutes(24 * 60),
  expireAfterMinutes: minutes(7 * 24 * 60),
  note: z.string().trim().min(2, 'errors.changeReasonRequired').max(200, 'errors.tooLong'),
});

export const policyDecisionSchema = z.object({
  proposalId: z.string().uuid('errors.invalid'),
  decision: z.enum(['approve', 'reject'], { message: 'errors.invalid' }),
});

const accountChoice = z.string().uuid('errors.chooseAccount');

/** Opening an account for the customer of the session. */
export const openAccountSchema = z.object({ sessionId: uuid, accountKind: z.enum(['current', 'savings'], { message: 'errors.chooseAccountKind' }), idempotencyKey: uuid });

/** A payout instruction: cash to collect at a branch. */
export const payoutSchema = z.object({
  sessionId: uuid,
  fromAccountId: accountChoice,
  amount: amountField,
  branch: z.enum(BRANCHES, { message: 'errors.chooseBranch' }),
  memo: z.string().trim().max(100, 'errors.tooLong').optional().transform((v) => v || undefined),
  idempotencyKey: uuid,
});

/** A new per-transaction limit for an account. */
/** A new per-transaction limit for an account; left empty, the account has no limit of its own. */
export const limitChangeSchema = z.object({ sessionId: uuid, accountId: accountChoice, limit: z.union([z.literal('').transform(() => null), amountField]), idempotencyKey: uuid });

/** Closing an account. */
export const accountClosureSchema = z.object({ sessionId: uuid, accountId: accountChoice, idempotencyKey: uuid });

/** A document's review: accepted, or rejected with a standard reason (a note required for "other"); its validity. */
export const documentReviewSchema = z
  .object({
    documentId: uuid,
    decision: z.enum(['accept', 'reject'], { message: 'errors.invalid' }),
    reasonCode: z.enum(['', ...REJECTION_REASONS], { message: 'errors.invalid' }).optional(),
    note: z.string().trim().max(200, 'errors.tooLong').optional().default(''),
    validFrom: z.string().trim().optional().default(''),
    validUntil: z.string().trim().optional().default(''),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'reject' && !v.reasonCode) ctx.addIssue({ code: 'custom', path: ['reasonCode'], message: 'errors.reasonCodeRequired' });
    if (v.reasonCode === 'other' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'errors.noteRequiredForOther' });
    for (const f of ['validFrom', 'validUntil'] as const) if (v[f] && !isRealIsoDate(v[f])) ctx.addIssue({ code: 'custom', path: [f], message: 'errors.date' });
    if (v.validFrom && v.validUntil && v.validFrom > v.validUntil) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'errors.validityOrder' });
  });
