import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';
import { passwordProblem } from '@/lib/auth/password-policy';

/** A password an administrator sets: the policy in lib/auth/password-policy.ts (12+ characters, not a common one). */
export const passwordField = z.string({ error: 'errors.required' }).superRefine((p, ctx) => {
  const problem = passwordProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const staffId = z.string().uuid('errors.invalid');
const role = z.enum(ROLES, { message: 'errors.role' });

export const createStaffSchema = z
  .object({
    username: z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9._-]{2,31}$/, 'errors.username'),
    displayName: z.string().trim().min(1, 'errors.required').max(50, 'errors.tooLong'),
    role,
    password: passwordField,
  })
  .superRefine((v, ctx) => {
    if (passwordProblem(v.password, v.username) === 'errors.passwordHasUsername') ctx.addIssue({ code: 'custom', path: ['password'], message: 'errors.passwordHasUsername' });
  });
export const changeRoleSchema = z.object({ staffId, role });
export const resetPasswordSchema = z.object({ staffId, password: passwordField });
export const setActiveSchema = z.object({ staffId, active: z.enum(['true', 'false'], { message: 'errors.invalid' }).transform((v) => v === 'true') });
export const retrySchema = z.object({ messageId: z.string().uuid('errors.invalid') });
