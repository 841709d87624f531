import { z } from 'zod';

export const signInSchema = z.object({
  username: z.string().trim().toLowerCase().min(1, 'errors.required').max(64, 'errors.tooLong'),
  password: z.string().min(1, 'errors.required').max(256, 'errors.tooLong'),
});
