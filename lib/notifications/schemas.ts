import { z } from 'zod';

/** A reader marks their notices read: all of them, or the one named. */
export const noticeReadSchema = z
  .object({
    scope: z.enum(['all', 'one'], { message: 'errors.invalid' }),
    noticeId: z.union([z.literal(''), z.string().uuid('errors.invalid')]).optional().default(''),
  })
  .superRefine((v, ctx) => {
    if (v.scope === 'one' && !v.noticeId) ctx.addIssue({ code: 'custom', path: ['noticeId'], message: 'errors.required' });
  });
