import { z } from 'zod';

export const signInSchema = z.object({
  username: z.string().trim().toLowerCase().min(1, 'errors.required').max(64, 'errors.tooLong'),
  password: z.string().min(1, 'errors.required').max(256, 'errors.tooLong'),
  // The authenticator's 6 digits or a recovery code; absent until the server asks for it.
  code: z
    .string()
    .trim()
    .max(32, 'errors.tooLong')
    .optional()
    .transform((v) => v || undefined),
});
