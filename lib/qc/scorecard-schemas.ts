import { z } from 'zod';
import { BUSINESS_TYPES, CHANNELS } from '@/lib/cases/approval-policy';
import { templateDefinitionSchema } from './template';

const list = <T extends string>(values: readonly T[]) =>
  z
    .string()
    .optional()
    .default('')
    .transform((v) => (v ? v.split(',').map((x) => x.trim()).filter(Boolean) : []))
    .pipe(z.array(z.enum(values as [T, ...T[]], { message: 'errors.invalid' })));

/**
 * A proposed scorecard version from the builder: an existing template's next version (templateId), or a new template
 * (name, and where it applies: channels and case types, comma-separated; none means everywhere). The definition comes
 * as JSON; its problems are reported at their place in it (`definition.sections.0.items.1.weight`).
 */
export const scorecardProposalSchema = z
  .object({
    templateId: z.union([z.literal(''), z.string().uuid('errors.invalid')]).optional().default(''),
    name: z.string().trim().max(60, 'errors.tooLong').optional().default(''),
    channels: list(CHANNELS),
    businesses: list(BUSINESS_TYPES),
    definition: z
      .string()
      .min(1, 'errors.required')
      .transform((v, ctx) => {
        try {
          return JSON.parse(v) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'errors.invalid' });
          return z.NEVER;
        }
      })
      .pipe(templateDefinitionSchema),
    note: z.string().trim().min(2, 'errors.qc.noteRequired').max(500, 'errors.tooLong'),
  })
  .superRefine((v, ctx) => {
    if (!v.templateId && !v.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'errors.qc.templateNameRequired' });
  });

export const scorecardDecisionSchema = z
  .object({
    scorecardProposalId: z.string().uuid('errors.invalid'),
    decision: z.enum(['approve', 'reject'], { message: 'errors.invalid' }),
    note: z.string().trim().max(500, 'errors.tooLong').optional().default(''),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'reject' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'errors.qc.rejectionNote' });
  });
