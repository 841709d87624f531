import { z } from 'zod';
import { BRANCHES, type Branch } from './branches';
import { checkCardNumber } from './lifecycle';

export { BRANCHES, type Branch } from './branches';

const uuid = z.string().uuid('errors.invalid');

/** Applying for a debit card on one of the customer's accounts, delivered by mail to their address or to a branch. */
export const openCardSchema = z
  .object({
    sessionId: uuid,
    accountId: z.string().uuid('errors.chooseAccount'),
    delivery: z.enum(['mail', 'branch'], { message: 'errors.chooseDelivery' }),
    branch: z.enum(['', ...BRANCHES], { message: 'errors.chooseBranch' }).optional().transform((v) => (v ? (v as Branch) : undefined)),
    idempotencyKey: uuid,
  })
  .superRefine((v, ctx) => {
    if (v.delivery === 'branch' && !v.branch) ctx.addIssue({ code: 'custom', path: ['branch'], message: 'errors.chooseBranch' });
  })
  .transform((v) => ({ ...v, branch: v.delivery === 'branch' ? v.branch : undefined }));

const digitsOnly = (v: string) => v.replace(/[\s-]/g, '');

/** The card bureau's production record for one card, checked against the application. */
export const produceCardSchema = z.object({
  cardId: uuid,
  cardNumber: z
    .string()
    .transform(digitsOnly)
    .superRefine((v, ctx) => {
      const r = checkCardNumber(v);
      if (r !== 'ok') ctx.addIssue({ code: 'custom', message: `errors.cardNumber.${r}` });
    }),
  embossedName: z.string().trim().min(1, 'errors.required').max(60, 'errors.tooLong'),
  accountNumber: z.string().transform(digitsOnly).pipe(z.string().regex(/^\d{17}$/, 'errors.accountNumber')),
});

/** Dispatch: by mail with the courier's tracking number, or to the branch named in the application. */
export const dispatchCardSchema = z.object({
  cardId: uuid,
  trackingNumber: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.string().regex(/^[A-Z0-9]{8,30}$/, 'errors.trackingNumber').optional()),
});

/** Delivery: a mailed card confirmed received; a card collected at a branch by the holder, with the signed receipt. */
export const deliverCardSchema = z.object({
  cardId: uuid,
  collectorName: z.string().trim().max(50, 'errors.tooLong').optional().transform((v) => v || undefined),
  collectorIdNumber: z.string().trim().toUpperCase().max(30, 'errors.tooLong').optional().transform((v) => v || undefined),
  signatureRef: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.string().regex(/^[A-Z0-9-]{6,30}$/, 'errors.signatureRef').optional()),
});

export const cardInSessionSchema = z.object({ sessionId: uuid, cardId: z.string().uuid('errors.chooseCard') });

/** A card reported lost (挂失), frozen (临时冻结) or closed (销卡) at the customer's request: at once, no approval. */
export const cardBlockSchema = cardInSessionSchema.extend({ kind: z.enum(['lost', 'freeze', 'close'], { message: 'errors.invalid' }), idempotencyKey: uuid });

/** Unfreezing a frozen card: a case for a supervisor. */
export const cardUnfreezeSchema = cardInSessionSchema.extend({ idempotencyKey: uuid });
