import { z } from 'zod';
import { BUSINESS_TYPES, type Business } from '@/lib/cases/approval-policy';
import { chinaDate, isRealIsoDate } from '@/lib/customers/documents/dates';

/** What an article is about: a product, a procedure, a question tellers are asked, or a required-document list. */
export const KB_KINDS = ['product', 'procedure', 'faq', 'documents'] as const;
export type KbKind = (typeof KB_KINDS)[number];

/** How far ahead a review date may be: knowledge is looked at again at least every two years. */
const MAX_REVIEW_DAYS = 2 * 366;

const uuid = z.string().uuid('errors.invalid');
const version = z.coerce.number({ message: 'errors.invalid' }).int('errors.invalid').min(1, 'errors.invalid').max(2_147_483_647, 'errors.invalid');

/** A Beijing date after today and within MAX_REVIEW_DAYS: the day the article's owner looks at it again. */
const reviewDate = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const today = chinaDate(new Date());
    const latest = chinaDate(new Date(Date.now() + MAX_REVIEW_DAYS * 86_400_000));
    const message = !v ? 'errors.required' : !isRealIsoDate(v) ? 'errors.date' : v <= today ? 'errors.kb.reviewPast' : v > latest ? 'errors.kb.reviewTooFar' : null;
    if (message) ctx.addIssue({ code: 'custom', message });
  });

/** The editor's business-type checkboxes, one per type (`bt_open_card`), so the form works as plain HTML. */
const businessTypeFields = Object.fromEntries(BUSINESS_TYPES.map((b) => [`bt_${b}`, z.enum(['on'], { message: 'errors.invalid' }).optional()])) as Record<
  `bt_${Business}`,
  z.ZodOptional<z.ZodEnum<{ on: 'on' }>>
>;

/**
 * A proposed article version: of a new article (its kind named), or the next version of an existing one, written on
 * the version published when the editor opened (`baseVersion`, empty while none is) — so a change published meanwhile
 * is not silently overwritten. The text is Markdown; it is sanitized when shown, never trusted.
 */
export const kbProposalSchema = z
  .object({
    articleId: z.union([z.literal(''), uuid]).optional().default(''),
    baseVersion: z.union([z.literal(''), version]).optional().default(''),
    kind: z.union([z.literal(''), z.enum(KB_KINDS)], { message: 'errors.invalid' }).optional().default(''),
    title: z.string().trim().min(1, 'errors.required').max(120, 'errors.tooLong'),
    body: z.string().trim().min(1, 'errors.required').max(50_000, 'errors.tooLong'),
    reviewBy: reviewDate,
    ...businessTypeFields,
  })
  .superRefine((v, ctx) => {
    if (!v.articleId && !v.kind) ctx.addIssue({ code: 'custom', path: ['kind'], message: 'errors.kb.kindRequired' });
  })
  .transform(({ articleId, baseVersion, kind, title, body, reviewBy, ...checks }) => ({
    articleId: articleId || null,
    baseVersion: baseVersion === '' ? null : baseVersion,
    kind: kind || null,
    title,
    body,
    reviewBy,
    businessTypes: BUSINESS_TYPES.filter((b) => checks[`bt_${b}`] === 'on'),
  }));
export type KbProposal = z.output<typeof kbProposalSchema>;

/** A second writer publishes a pending version or rejects it, saying why. */
export const kbDecisionSchema = z
  .object({
    articleId: uuid,
    version,
    decision: z.enum(['approve', 'reject'], { message: 'errors.invalid' }),
    note: z.string().trim().max(500, 'errors.tooLong').optional().default(''),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'reject' && v.note.length < 2) ctx.addIssue({ code: 'custom', path: ['note'], message: 'errors.kb.rejectionNote' });
  });

/** A reader's mark on the version they read: helpful, or outdated with what is wrong (its author is told). */
export const kbFeedbackSchema = z
  .object({
    articleId: uuid,
    version,
    kind: z.enum(['helpful', 'outdated'], { message: 'errors.invalid' }),
    note: z.string().trim().max(1000, 'errors.tooLong').optional().default(''),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'outdated' && v.note.length < 2) ctx.addIssue({ code: 'custom', path: ['note'], message: 'errors.kb.outdatedNote' });
  });
