import { z } from 'zod';

export const noInputSchema = z.object({});

export const totpCodeSchema = z.object({
  code: z
    .string({ error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .regex(/^\d{6}$/, 'errors.totpCode'),
});

/** A step-up: the authenticator's code (or a recovery code), or the password for someone without an authenticator. */
export const stepUpSchema = z.object({
  secret: z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(256, 'errors.tooLong'),
});

export const resetMfaSchema = z.object({ staffId: z.uuid('errors.invalid') });
