import { z } from 'zod';
import { messageWith } from '@/lib/actions/result';
import { chinaDate, isRealIsoDate } from './documents/dates';
import { DOCUMENT_TYPES } from './documents/types';
import { OCCUPATIONS } from './profile';
import { checkDocument, checkSecondEntries, emailField, nameField, sameEntry } from '@/lib/sessions/schemas';

const uuid = z.string().uuid('errors.invalid');
const reason = z.string().trim().min(2, 'errors.changeReasonRequired').max(200, 'errors.tooLong');

// Each identity change carries the key its form made when it opened: a double click or a retry submits one case.

/** A change of name (dual control): entered twice, with the customer's reason (e.g. 更名 with the household register). */
export const nameChangeSchema = z
  .object({ sessionId: uuid, newName: nameField, newNameConfirm: z.string().trim().min(1, 'errors.confirmRequired'), reason, idempotencyKey: uuid })
  .refine((v) => sameEntry(v.newName, v.newNameConfirm), { path: ['newNameConfirm'], message: 'errors.confirmMismatch' })
  .transform(({ newNameConfirm: _c, ...rest }) => rest);

/** A new identity document (dual control), checked as at intake; a renewed document clears an expiry block once approved. */
export const documentChangeSchema = z
  .object({
    sessionId: uuid,
    // An enterprise's document is its credit code (a renewed licence keeps it and changes the end date).
    documentType: z.enum([...DOCUMENT_TYPES, 'credit_code'], { message: 'errors.documentType' }),
    newIdNumber: z.string().trim().min(1, 'errors.required').max(40, 'errors.tooLong'),
    newIdNumberConfirm: z.string().trim().min(1, 'errors.confirmRequired'),
    documentExpiry: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.date')]).optional(),
    longTerm: z.literal('on').optional(),
    reason,
    idempotencyKey: uuid,
  })
  .superRefine(
    (v, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      checkDocument({ documentType: v.documentType, idNumber: v.newIdNumber, documentExpiry: v.documentExpiry, longTerm: v.longTerm }, issue, { number: 'newIdNumber', expiry: 'documentExpiry' });
      checkSecondEntries(v, [['newIdNumber', 'newIdNumberConfirm']], issue);
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )
  .transform((v) => ({ sessionId: v.sessionId, idempotencyKey: v.idempotencyKey, reason: v.reason, document: { type: v.documentType, number: v.newIdNumber, expiry: v.longTerm ? null : v.documentExpiry! } }));

/** A corrected date of birth (dual control): only for a document whose number does not carry it. */
export const birthDateChangeSchema = z.object({
  sessionId: uuid,
  newBirthDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.date')
    .superRefine((value, ctx) => {
      if (!isRealIsoDate(value)) ctx.addIssue({ code: 'custom', message: messageWith('errors.dateInvalid', { date: value }) });
      else if (value > chinaDate(new Date())) ctx.addIssue({ code: 'custom', message: messageWith('errors.document.birthDateFuture', { date: value }) });
    }),
  reason,
  idempotencyKey: uuid,
});

/**
 * Contact details (address, e-mail, occupation) need a review step only: the teller reads the new values back to the
 * customer and ticks that they were confirmed; the change applies at once, with its history and a notice. Empty
 * fields stay as they are.
 */
export const contactUpdateSchema = z.object({
  sessionId: uuid,
  address: z.string().trim().max(200, 'errors.tooLong').optional().transform((v) => v || undefined),
  email: emailField,
  occupation: z.enum(['', ...OCCUPATIONS], { message: 'errors.occupation' }).optional().transform((v) => v || undefined),
  reviewed: z.literal('on', { message: 'errors.reviewRequired' }),
});
