'use server';

import { revalidatePath } from 'next/cache';
import { changeStaffRole, clearStaffMfa, createStaff, LastAdminError, setStaffActive, setStaffPassword } from '@/db/queries/staff';
import { violatesUnique } from '@/db/errors';
import { roleAction } from '@/lib/actions/role-action';
import { DomainError } from '@/lib/actions/result';
import { hashPassword } from '@/lib/auth/password';
import { resetMfaSchema } from '@/lib/auth/mfa-schemas';
import { changeRoleSchema, createStaffSchema, resetPasswordSchema, retrySchema, setActiveSchema } from '@/lib/staff/schemas';
import { requeueFailedMessage } from '@/db/queries/outbox';
import { publishLadderPolicy } from '@/db/queries/ladder-policy';
import { db } from '@/db';
import { ladderPolicyFormSchema } from '@/lib/sessions/ladder';

function found<T>(row: T | undefined): T {
  if (!row) throw new DomainError('errors.notFound', 'failed');
  return row;
}

async function guardLastAdmin<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof LastAdminError) throw new DomainError('errors.lastAdmin', 'denied');
    throw err;
  }
}

export const createStaffAction = roleAction('staff.create', createStaffSchema, async ({ password, ...values }) => {
  const member = await createStaff({ ...values, passwordHash: await hashPassword(password) }).catch((err) => {
    // The unique index decides whether the username is taken, also when two admins create it at once.
    if (violatesUnique(err, 'staff_username_unique')) throw new DomainError('errors.usernameTaken', 'failed', { username: ['errors.usernameTaken'] });
    throw err;
  });
  revalidatePath('/admin');
  return { data: { id: member.id }, entityType: 'staff', entityId: member.id, details: { role: member.role }, message: 'admin.created' };
});

export const changeRoleAction = roleAction('staff.changeRole', changeRoleSchema, async ({ staffId, role }, user) => {
  if (staffId === user.id) throw new DomainError('errors.notOnSelf', 'denied');
  const member = found(await guardLastAdmin(() => changeStaffRole(staffId, role)));
  revalidatePath('/admin');
  return { data: undefined, entityType: 'staff', entityId: member.id, details: { role }, message: 'admin.roleChanged' };
});

export const resetPasswordAction = roleAction('staff.resetPassword', resetPasswordSchema, async ({ staffId, password }) => {
  const member = found(await setStaffPassword(staffId, await hashPassword(password)));
  revalidatePath('/admin');
  return { data: undefined, entityType: 'staff', entityId: member.id, message: 'admin.passwordReset' };
});

/** A member lost their authenticator (and their recovery codes): cleared, signed out; they set up a new one at sign-in. */
export const resetMfaAction = roleAction('staff.resetMfa', resetMfaSchema, async ({ staffId }, user) => {
  if (staffId === user.id) throw new DomainError('errors.notOnSelf', 'denied');
  const member = found(await clearStaffMfa(staffId));
  revalidatePath('/admin');
  return { data: undefined, entityType: 'staff', entityId: member.id, message: 'admin.mfaReset' };
});

export const setActiveAction = roleAction('staff.setActive', setActiveSchema, async ({ staffId, active }, user) => {
  if (staffId === user.id) throw new DomainError('errors.notOnSelf', 'denied');
  const member = found(await guardLastAdmin(() => setStaffActive(staffId, active)));
  revalidatePath('/admin');
  return { data: undefined, entityType: 'staff', entityId: member.id, details: { active }, message: active ? 'admin.enabled' : 'admin.disabled' };
});

export const retryDeliveryAction = roleAction('outbox.retry', retrySchema, async ({ messageId }) => {
  if (!(await requeueFailedMessage(messageId))) throw new DomainError('errors.notRetryable', 'failed');
  revalidatePath('/admin/deliveries');
  return { data: undefined, entityType: 'outbox_message', entityId: messageId, message: 'deliveries.requeued' };
});

export const publishLadderPolicyAction = roleAction('ladderPolicy.publish', ladderPolicyFormSchema, async ({ basedOn, note, rules }, user) => {
  const version = await publishLadderPolicy(db, { basedOn, rules, note, by: user.id });
  revalidatePath('/admin/ladder');
  return { data: { version }, entityType: 'ladder_policy', entityId: String(version), details: { basedOn, rules, note }, message: 'ladder.published', messageValues: { version } };
});
