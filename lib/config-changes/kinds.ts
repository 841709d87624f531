import { z } from 'zod';
import type { Role } from '@/lib/auth/roles';

/**
 * Configuration under four-eyes (配置变更须经他人复核): what may change only when a second person of the same
 * standing approves it. The proposer never decides their own change.
 */
export const CONFIG_KINDS = ['complaint_policy', 'calendar', 'appraisal_weights', 'qc_plan'] as const;
export type ConfigKind = (typeof CONFIG_KINDS)[number];

/**
 * Who may propose and who may decide each kind (the same roles): supervisors set the complaint deadlines and the
 * appraisal weights, administrators the working calendar; a sampling plan is QC's, and a supervisor may check it too.
 */
export const CONFIG_ROLES: Record<ConfigKind, readonly Role[]> = {
  complaint_policy: ['supervisor'],
  calendar: ['admin'],
  appraisal_weights: ['supervisor'],
  qc_plan: ['qc', 'supervisor'],
};

export function mayConfigure(kind: ConfigKind, role: Role): boolean {
  return CONFIG_ROLES[kind].includes(role);
}

/** A change's short reference (its id's first eight characters), for staff to name it and for forms' names. */
export function changeRef(id: string): string {
  return id.slice(0, 8).toUpperCase();
}

/** Why a configuration changes: said by whoever proposes it, kept with the change. */
export const changeNote = z.string({ message: 'errors.config.note' }).trim().min(2, 'errors.config.note').max(500, 'errors.tooLong');

/** A configuration change decided: approved (it takes effect at once) or rejected, which needs the reason. */
export const configDecisionSchema = z
  .object({
    changeId: z.string().uuid('errors.invalid'),
    decision: z.enum(['approve', 'reject'], { message: 'errors.invalid' }),
    note: z.string().trim().max(500, 'errors.tooLong').optional().default(''),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'reject' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'errors.config.rejectionNote' });
  });

/** Where each kind of change is decided (the page that lists its pending changes). */
export const CONFIG_PAGES: Record<ConfigKind, string> = {
  complaint_policy: '/complaints/policy',
  calendar: '/admin/calendar',
  appraisal_weights: '/appraisal',
  qc_plan: '/quality',
};
