import { z } from 'zod';
import { idNumberProblem } from '@/lib/customers/id-number';
import { isMobileNumber } from '@/lib/customers/mobile';

const uuid = z.string().uuid('errors.invalid');
export const idNumberField = z
  .string()
  .trim()
  .min(1, 'errors.required')
  .superRefine((value, ctx) => {
    const problem = idNumberProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `errors.idNumber.${problem}` });
  });
export const mobileField = z.string().trim().min(1, 'errors.required').refine(isMobileNumber, 'errors.mobile');
export const nameField = z.string().trim().min(1, 'errors.required').max(50, 'errors.tooLong');

export const startSessionSchema = z.object({ channel: z.enum(['phone', 'video', 'chat'], { message: 'errors.channel' }) });
export const sessionIdSchema = z.object({ sessionId: uuid });
export const SESSION_OUTCOMES = ['resolved', 'transferred', 'dropped', 'abandoned'] as const;
export const SATISFACTION_CHOICES = ['5', '4', '3', '2', '1', 'declined'] as const;
export const endSessionSchema = z.object({
  sessionId: uuid,
  outcome: z.enum(SESSION_OUTCOMES, { message: 'errors.outcome' }),
  satisfaction: z.enum(SATISFACTION_CHOICES, { message: 'errors.satisfaction' }).transform((v) => (v === 'declined' ? null : Number(v))),
});
export const emailField = z
  .string()
  .trim()
  .max(254, 'errors.tooLong')
  .transform((v) => v.toLowerCase())
  .pipe(z.union([z.literal(''), z.email('errors.email')]))
  .optional()
  .transform((v) => v || undefined);
export const languageField = z.enum(['zh-CN', 'en'], { message: 'errors.invalid' }).default('zh-CN');
export const createCustomerSchema = z.object({ sessionId: uuid, name: nameField, idNumber: idNumberField, mobile: mobileField, email: emailField, language: languageField });
export const searchCustomersSchema = z.object({ sessionId: uuid, query: z.string().trim().min(1, 'errors.required').max(50, 'errors.tooLong') });
export const attachCustomerSchema = z.object({ sessionId: uuid, customerId: uuid });
export const verifyBasicSchema = z.object({ sessionId: uuid, name: nameField, idNumber: z.string().trim().min(1, 'errors.required').max(18, 'errors.tooLong'), mobile: z.string().trim().min(1, 'errors.required').max(11, 'errors.tooLong') });
export const otpCheckSchema = z.object({ sessionId: uuid, code: z.string().trim().regex(/^\d{6}$/, 'errors.otpFormat') });
export const confirmSchema = z.object({ sessionId: uuid, confirmed: z.enum(['yes', 'no'], { message: 'errors.invalid' }).transform((v) => v === 'yes') });
export const changeMobileSchema = z.object({ sessionId: uuid, newMobile: mobileField });
export const transferSchema = z.object({
  sessionId: uuid,
  toStaffId: z.string().uuid('errors.transferTarget'),
  note: z.string().trim().min(1, 'errors.transferNoteRequired').max(500, 'errors.tooLong'),
});
export const noteSchema = z.object({ sessionId: uuid, note: z.string().trim().min(1, 'errors.noteRequired').max(1000, 'errors.tooLong') });
