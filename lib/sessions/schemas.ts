import { z } from 'zod';
import { messageWith } from '@/lib/actions/result';
import { idCheckCharacter, idNumberProblem, normaliseIdNumber } from '@/lib/customers/id-number';
import { isMobileNumber } from '@/lib/customers/mobile';
import { isMinor } from '@/lib/customers/documents/age';
import { documentFacts } from '@/lib/customers/documents/validate';

export const GUARDIAN_RELATIONSHIPS = ['parent', 'legal_guardian', 'other_relative'] as const;

const uuid = z.string().uuid('errors.invalid');
export const idNumberField = z
  .string()
  .trim()
  .min(1, 'errors.required')
  .superRefine((value, ctx) => {
    const problem = idNumberProblem(value);
    if (!problem) return;
    const id = normaliseIdNumber(value);
    // Say exactly what is wrong: the check character it should have, the date of birth as written.
    const message =
      problem === 'checkDigit'
        ? messageWith('errors.idNumber.checkDigit', { expected: idCheckCharacter(id.slice(0, 17)) })
        : problem === 'birthDate'
          ? messageWith('errors.idNumber.birthDate', { date: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` })
          : `errors.idNumber.${problem}`;
    ctx.addIssue({ code: 'custom', message });
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
const confirmField = z.string().trim().min(1, 'errors.confirmRequired');
/**
 * Intake with second confirmation (二次确认): name, identity number and mobile are entered twice; a mismatch is refused
 * at the second entry and nothing is saved.
 */
export const createCustomerSchema = z
  .object({
    sessionId: uuid,
    name: nameField,
    nameConfirm: confirmField,
    idNumber: idNumberField,
    idNumberConfirm: confirmField,
    mobile: mobileField,
    mobileConfirm: confirmField,
    email: emailField,
    language: languageField,
    // Required only for a minor (under 18 by the date of birth in the identity number).
    guardianName: z.string().trim().max(50, 'errors.tooLong').optional(),
    guardianRelationship: z.enum(['', ...GUARDIAN_RELATIONSHIPS], { message: 'errors.invalid' }).optional(),
    guardianIdNumber: z.string().trim().max(18, 'errors.tooLong').optional(),
  })
  .superRefine((v, ctx) => {
    if (typeof v.idNumber === 'string' && !idNumberProblem(v.idNumber)) {
      const facts = documentFacts('resident_id', v.idNumber);
      if (facts.birthDate && isMinor(facts.birthDate)) {
        for (const field of ['guardianName', 'guardianRelationship', 'guardianIdNumber'] as const) {
          if (!v[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'errors.guardianRequired' });
        }
        const gid = v.guardianIdNumber;
        if (gid) {
          const problem = idNumberProblem(gid);
          const guardianFacts = problem ? {} : documentFacts('resident_id', gid);
          if (problem) ctx.addIssue({ code: 'custom', path: ['guardianIdNumber'], message: `errors.idNumber.${problem}` });
          else if (normaliseIdNumber(gid) === normaliseIdNumber(v.idNumber)) ctx.addIssue({ code: 'custom', path: ['guardianIdNumber'], message: 'errors.guardianSelf' });
          else if (guardianFacts.birthDate && isMinor(guardianFacts.birthDate)) ctx.addIssue({ code: 'custom', path: ['guardianIdNumber'], message: 'errors.guardianMinor' });
        }
      }
    }
    const norm = (x: unknown) => (typeof x === 'string' ? x.replace(/\s/g, '').toUpperCase() : null);
    for (const [field, confirm] of [['name', 'nameConfirm'], ['idNumber', 'idNumberConfirm'], ['mobile', 'mobileConfirm']] as const) {
      // Only a pair whose both entries are text can mismatch; anything else is already refused field by field.
      const [a, b] = [norm(v[field]), norm(v[confirm])];
      if (a !== null && b !== null && b !== '' && a !== b) ctx.addIssue({ code: 'custom', path: [confirm], message: 'errors.confirmMismatch' });
    }
  })
  .transform(({ nameConfirm: _n, idNumberConfirm: _i, mobileConfirm: _m, guardianName, guardianRelationship, guardianIdNumber, ...rest }) => {
    const facts = documentFacts('resident_id', rest.idNumber);
    const minor = !!facts.birthDate && isMinor(facts.birthDate);
    // The date of birth and gender come from the document, never from a separate entry that could contradict it.
    return {
      ...rest,
      birthDate: facts.birthDate,
      gender: facts.gender,
      guardian: minor && guardianName && guardianRelationship && guardianIdNumber ? { name: guardianName, relationship: guardianRelationship, idNumber: normaliseIdNumber(guardianIdNumber) } : undefined,
    };
  });
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
