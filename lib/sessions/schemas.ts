import { z } from 'zod';
import { messageWith } from '@/lib/actions/result';
import { idNumberProblem, normaliseIdNumber } from '@/lib/customers/id-number';
import { isMobileNumber } from '@/lib/customers/mobile';
import { isMinor } from '@/lib/customers/documents/age';
import { documentFacts, documentProblem, normaliseDocumentNumber } from '@/lib/customers/documents/validate';
import { DOCUMENT_TYPES, isDocumentType, type DocumentType } from '@/lib/customers/documents/types';
import { chinaDate, isRealIsoDate } from '@/lib/customers/documents/dates';
import { creditCodeProblem, normaliseCreditCode } from '@/lib/customers/documents/credit-code';
import { OCCUPATIONS, expiryState, impliedNationality, isNationality, mayBeLongTerm, type Nationality } from '@/lib/customers/profile';
import { GUARDIAN_RELATIONSHIPS, SATISFACTION_CHOICES, SESSION_OUTCOMES } from './constants';

export { GUARDIAN_RELATIONSHIPS, SATISFACTION_CHOICES, SESSION_OUTCOMES } from './constants';

const uuid = z.string().uuid('errors.invalid');
export const mobileField = z.string().trim().min(1, 'errors.required').refine(isMobileNumber, 'errors.mobile');
export const nameField = z.string().trim().min(1, 'errors.required').max(50, 'errors.tooLong');

export const startSessionSchema = z.object({ channel: z.enum(['phone', 'video', 'chat'], { message: 'errors.channel' }) });
export const sessionIdSchema = z.object({ sessionId: uuid });
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

/** The validator's problem with a document number as a field message (with the values it names, e.g. the check character). */
export function documentMessage(type: DocumentType, raw: string): string | null {
  const problem = documentProblem(type, raw);
  if (!problem) return null;
  return problem.values ? messageWith(`errors.document.${problem.code}`, problem.values) : `errors.document.${problem.code}`;
}

/** An unparsed entry as text, or undefined: refinements that run beside failed fields read entries through this. */
export const str = (x: unknown) => (typeof x === 'string' ? x : undefined);

/**
 * Second confirmation (二次确认): each second entry must equal its first. Full-width characters, spaces and letter case
 * do not count as a difference; only a pair whose both entries are text can mismatch (anything else is already refused
 * field by field).
 */
export function sameEntry(a: unknown, b: unknown): boolean {
  const squash = (x: string) => x.normalize('NFKC').replace(/\s/g, '').toUpperCase();
  return typeof a !== 'string' || typeof b !== 'string' || b === '' || squash(a) === squash(b);
}

export function checkSecondEntries<T extends Record<string, unknown>>(v: T, pairs: readonly (readonly [keyof T & string, keyof T & string])[], issue: (path: string, message: string) => void): void {
  for (const [field, confirm] of pairs) if (!sameEntry(v[field], v[confirm])) issue(confirm, 'errors.confirmMismatch');
}

/** The credit code's problem as a field message: "contains I, which is not allowed", "check character should be X". */
export function creditCodeMessage(raw: string): string | null {
  const problem = creditCodeProblem(raw);
  if (!problem) return null;
  return problem.values ? messageWith(`errors.creditCode.${problem.code}`, problem.values) : `errors.creditCode.${problem.code}`;
}

/**
 * The checks of an identity document entry (type, number, end date or long-term) shared by intake and a document
 * change; reports through `issue` on the entry's own fields, and returns the normalised number when it is valid.
 * Takes unparsed values: it runs even when other fields of the form failed.
 */
export function checkDocument(
  v: { documentType?: unknown; idNumber?: unknown; documentExpiry?: unknown; longTerm?: unknown },
  issue: (path: string, message: string) => void,
  paths: { number: string; expiry: string } = { number: 'idNumber', expiry: 'documentExpiry' },
): { type?: DocumentType | 'credit_code'; number?: string; problem: string | null } {
  const raw = str(v.documentType);
  const type = raw && (isDocumentType(raw) || raw === 'credit_code') ? (raw as DocumentType | 'credit_code') : undefined;
  const rawNumber = str(v.idNumber)?.trim();
  const problem = type && rawNumber ? (type === 'credit_code' ? creditCodeMessage(rawNumber) : documentMessage(type, rawNumber)) : 'unchecked';
  if (type && rawNumber && problem) issue(paths.number, problem);
  const number = type && rawNumber && !problem ? (type === 'credit_code' ? normaliseCreditCode(rawNumber) : normaliseDocumentNumber(type, rawNumber)) : undefined;
  const expiry = str(v.documentExpiry);
  // The document's end date: long-term only for a resident ID; an expired document is no proof of identity.
  if (type && v.longTerm && !mayBeLongTerm(type)) issue(paths.expiry, 'errors.longTermNotAllowed');
  else if (!v.longTerm && !expiry) issue(paths.expiry, 'errors.expiryRequired');
  else if (expiry && !v.longTerm && /^\d{4}-\d{2}-\d{2}$/.test(expiry)) {
    if (!realDate(expiry)) issue(paths.expiry, messageWith('errors.dateInvalid', { date: expiry }));
    else if (expiryState(expiry) === 'expired') issue(paths.expiry, messageWith('errors.documentExpired', { date: expiry }));
  }
  return { type, number, problem };
}

const isoDate = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.date')]).optional();
const realDate = (v: string | undefined) => !v || isRealIsoDate(v);

/**
 * Intake with second confirmation (二次确认): name, document number and mobile are entered twice; a mismatch is refused
 * at the second entry and nothing is saved. Each document type has its own number rules and end date; the date of
 * birth and gender come from a document that carries them and may not contradict it; a minor needs a guardian.
 */
export const createCustomerSchema = z
  .object({
    sessionId: uuid,
    name: nameField,
    nameConfirm: confirmField,
    documentType: z.enum(DOCUMENT_TYPES, { message: 'errors.documentType' }).default('resident_id'),
    idNumber: z.string().trim().min(1, 'errors.required').max(40, 'errors.tooLong'),
    idNumberConfirm: confirmField,
    documentExpiry: isoDate,
    longTerm: z.literal('on').optional(),
    mobile: mobileField,
    mobileConfirm: confirmField,
    email: emailField,
    language: languageField,
    nationality: z.string().trim().refine(isNationality, 'errors.nationality'),
    occupation: z.enum(OCCUPATIONS, { message: 'errors.occupation' }),
    address: z.string().trim().min(1, 'errors.required').max(200, 'errors.tooLong'),
    birthDate: isoDate,
    gender: z.enum(['', 'male', 'female'], { message: 'errors.invalid' }).optional(),
    // Required only for a minor (under 18 by the date of birth).
    guardianName: z.string().trim().max(50, 'errors.tooLong').optional(),
    guardianRelationship: z.enum(['', ...GUARDIAN_RELATIONSHIPS], { message: 'errors.invalid' }).optional(),
    guardianIdNumber: z.string().trim().max(18, 'errors.tooLong').optional(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    // Runs even when other fields already failed (see `when` below), so every entry is checked for its type first.
    // An individual's document: a credit code here is refused by the type's own enum, so it is not checked as one.
    const checked = checkDocument({ ...v, documentType: (v.documentType as string) === 'credit_code' ? undefined : v.documentType }, issue);
    const type = checked.type as DocumentType | undefined;
    const number = checked.number;
    const facts = type && number ? documentFacts(type, number) : {};
    const [birth, gender] = [str(v.birthDate), str(v.gender)];
    const allowed = type && number ? impliedNationality(type, number) : null;
    if (allowed && str(v.nationality) && isNationality(v.nationality) && !allowed.includes(v.nationality)) issue('nationality', 'errors.nationalityDocument');
    // Date of birth and gender: from the document where it carries them (a different entry is refused), else entered.
    const birthShaped = birth && /^\d{4}-\d{2}-\d{2}$/.test(birth);
    if (birthShaped && !realDate(birth)) issue('birthDate', messageWith('errors.dateInvalid', { date: birth }));
    else if (birthShaped && facts.birthDate && birth !== facts.birthDate) issue('birthDate', messageWith('errors.birthDateContradicts', { date: facts.birthDate }));
    else if (birthShaped && birth > chinaDate(new Date())) issue('birthDate', messageWith('errors.document.birthDateFuture', { date: birth }));
    else if (number && !facts.birthDate && !birth) issue('birthDate', 'errors.birthDateRequired');
    if (facts.gender && gender && gender !== facts.gender) issue('gender', 'errors.genderContradicts');
    else if (number && !facts.gender && !gender) issue('gender', 'errors.genderRequired');
    const birthDate = facts.birthDate ?? (birthShaped && realDate(birth) ? birth : undefined);
    if (birthDate && isMinor(birthDate)) {
      for (const field of ['guardianName', 'guardianRelationship', 'guardianIdNumber'] as const) {
        if (!v[field]) issue(field, 'errors.guardianRequired');
      }
      const gid = str(v.guardianIdNumber);
      if (gid) {
        const problem = idNumberProblem(gid);
        const guardianFacts = problem ? {} : documentFacts('resident_id', gid);
        if (problem) issue('guardianIdNumber', `errors.idNumber.${problem}`);
        else if (normaliseIdNumber(gid) === number) issue('guardianIdNumber', 'errors.guardianSelf');
        else if (guardianFacts.birthDate && isMinor(guardianFacts.birthDate)) issue('guardianIdNumber', 'errors.guardianMinor');
      }
    }
    checkSecondEntries(v, [['name', 'nameConfirm'], ['idNumber', 'idNumberConfirm'], ['mobile', 'mobileConfirm']], issue);
  }, { when: (payload) => typeof payload.value === 'object' && payload.value !== null })
  .transform(({ nameConfirm: _n, idNumberConfirm: _i, mobileConfirm: _m, longTerm, guardianName, guardianRelationship, guardianIdNumber, birthDate, gender, documentExpiry, ...rest }) => {
    const idNumber = normaliseDocumentNumber(rest.documentType, rest.idNumber);
    const facts = documentFacts(rest.documentType, idNumber);
    const born = facts.birthDate ?? birthDate!;
    return {
      ...rest,
      idNumber,
      nationality: rest.nationality as Nationality,
      documentExpiry: longTerm ? null : documentExpiry!,
      birthDate: born,
      gender: facts.gender ?? (gender as 'male' | 'female'),
      guardian:
        isMinor(born) && guardianName && guardianRelationship && guardianIdNumber
          ? { name: guardianName, relationship: guardianRelationship, idNumber: normaliseIdNumber(guardianIdNumber) }
          : undefined,
    };
  });
export const searchCustomersSchema = z
  .object({
    sessionId: uuid,
    query: z.string().trim().min(1, 'errors.required').max(50, 'errors.tooLong'),
    // The last result of the page before (keyset paging); both or neither.
    afterName: z.string().max(100, 'errors.tooLong').optional(),
    afterId: z.string().uuid('errors.invalid').optional(),
  })
  .transform(({ afterName, afterId, ...rest }) => ({ ...rest, after: afterName !== undefined && afterId ? { name: afterName, id: afterId } : undefined }));
export const attachCustomerSchema = z.object({ sessionId: uuid, customerId: uuid });
export const verifyBasicSchema = z.object({ sessionId: uuid, name: nameField, idNumber: z.string().trim().min(1, 'errors.required').max(18, 'errors.tooLong'), mobile: z.string().trim().min(1, 'errors.required').max(11, 'errors.tooLong') });
export const otpCheckSchema = z.object({ sessionId: uuid, code: z.string().trim().regex(/^\d{6}$/, 'errors.otpFormat') });
export const confirmSchema = z.object({ sessionId: uuid, confirmed: z.enum(['yes', 'no'], { message: 'errors.invalid' }).transform((v) => v === 'yes') });
export const changeMobileSchema = z.object({ sessionId: uuid, newMobile: mobileField, idempotencyKey: uuid });
export const transferSchema = z.object({
  sessionId: uuid,
  toStaffId: z.string().uuid('errors.transferTarget'),
  note: z.string().trim().min(1, 'errors.transferNoteRequired').max(500, 'errors.tooLong'),
});
export const noteSchema = z.object({ sessionId: uuid, note: z.string().trim().min(1, 'errors.noteRequired').max(1000, 'errors.tooLong') });
