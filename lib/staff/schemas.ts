import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';

export const passwordField = z
  .string()
  .min(8, 'errors.passwordShort')
  .max(128, 'errors.tooLong')
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), 'errors.passwordWeak');
const staffId = z.string().uuid('errors.invalid');
const role = z.enum(ROLES, { message: 'errors.role' });

export const createStaffSchema = z.object({
  username: z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9._-]{2,31}$/, 'errors.username'),
  displayName: z.string().trim().min(1, 'errors.required').max(50, 'errors.tooLong'),
  role,
  password: passwordField,
});
export const changeRoleSchema = z.object({ staffId, role });
export const resetPasswordSchema = z.object({ staffId, password: passwordField });
export const setActiveSchema = z.object({ staffId, active: z.enum(['true', 'false'], { message: 'errors.invalid' }).transform((v) => v === 'true') });
export const retrySchema = z.object({ messageId: z.string().uuid('errors.invalid') });
