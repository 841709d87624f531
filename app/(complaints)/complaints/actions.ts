'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/role-action';
import {
  assignComplaintSchema,
  closeComplaintSchema,
  feedbackComplaintSchema,
  investigateComplaintSchema,
  progressComplaintSchema,
  recordComplaintSchema,
  reopenComplaintSchema,
  resolveComplaintSchema,
} from '@/lib/complaints/schemas';
import { policyFormSchema } from '@/lib/complaints/policy';
import { proposeChange } from '@/lib/config-changes/service';
import { assignHandler, closeComplaint, noteProgress, recordComplaint, recordFeedback, reopenComplaint, resolveComplaint, startInvestigation } from '@/lib/complaints/handling';

const touched = (id?: string) => {
  revalidatePath('/complaints');
  if (id) revalidatePath(`/complaints/${id}`);
};

/** Records a complaint (客户投诉登记): from a session, or on its own for a customer named by document number. */
export const recordComplaintAction = roleAction('complaint.record', recordComplaintSchema, async (v, user) => {
  const r = await recordComplaint(user, v);
  touched();
  return {
    data: r,
    entityType: 'complaint',
    entityId: r.id,
    details: { ref: r.ref, session: v.sessionId ?? null, channel: v.channel, category: v.category, severity: v.severity, handler: v.handlerId ?? null },
    message: 'complaints.recorded',
    messageValues: { ref: r.ref },
  };
});

/** A supervisor assigns the handler (受理): the complaint is acknowledged and the customer told, the first time. */
export const assignComplaintAction = roleAction('complaint.assign', assignComplaintSchema, async ({ complaintId, handlerId }, user) => {
  await assignHandler(complaintId, handlerId, user);
  touched(complaintId);
  return { data: undefined, entityType: 'complaint', entityId: complaintId, details: { handler: handlerId }, message: 'complaints.assigned' };
});

export const investigateComplaintAction = roleAction('complaint.investigate', investigateComplaintSchema, async ({ complaintId, note }, user) => {
  await startInvestigation(complaintId, user, note);
  touched(complaintId);
  return { data: undefined, entityType: 'complaint', entityId: complaintId, details: { step: 'investigate' }, message: 'complaints.investigating' };
});

export const progressComplaintAction = roleAction('complaint.progress', progressComplaintSchema, async ({ complaintId, note, tellCustomer }, user) => {
  await noteProgress(complaintId, user, note, tellCustomer === 'on');
  touched(complaintId);
  return { data: undefined, entityType: 'complaint', entityId: complaintId, details: { told: tellCustomer === 'on' }, message: tellCustomer === 'on' ? 'complaints.progressTold' : 'complaints.progressNoted' };
});

export const resolveComplaintAction = roleAction('complaint.resolve', resolveComplaintSchema, async ({ complaintId, upheld, ...v }, user) => {
  await resolveComplaint(complaintId, user, { ...v, upheld: upheld === 'yes' });
  touched(complaintId);
  return { data: undefined, entityType: 'complaint', entityId: complaintId, details: { upheld: upheld === 'yes', compensationYuan: v.compensationYuan ?? null, compensationAccount: v.compensationAccountId ?? null }, message: v.compensationYuan ? 'complaints.resolvedWithCompensation' : 'complaints.resolved' };
});

export const feedbackComplaintAction = roleAction('complaint.feedback', feedbackComplaintSchema, async ({ complaintId, ...v }, user) => {
  await recordFeedback(complaintId, user, v);
  touched(complaintId);
  return { data: undefined, entityType: 'complaint', entityId: complaintId, details: { satisfaction: v.satisfaction }, message: 'complaints.feedbackRecorded' };
});

export const closeComplaintAction = roleAction('complaint.close', closeComplaintSchema, async ({ complaintId }, user) => {
  await closeComplaint(complaintId, user);
  touched(complaintId);
  return { data: undefined, entityType: 'complaint', entityId: complaintId, details: { step: 'close' }, message: 'complaints.closed' };
});

/** A supervisor reopens a resolved or closed complaint, with the reason and a new resolve-by date. */
export const reopenComplaintAction = roleAction('complaint.reopen', reopenComplaintSchema, async ({ complaintId, reason, resolveBy }, user) => {
  await reopenComplaint(complaintId, user, { reason, resolveBy });
  touched(complaintId);
  return { data: undefined, entityType: 'complaint', entityId: complaintId, details: { resolveBy }, message: 'complaints.reopened' };
});

/**
 * A supervisor proposes a new complaint deadline policy: it takes effect (as the next version, for complaints recorded
 * from then on) only when another supervisor approves it (config.decide).
 */
export const complaintPolicyAction = roleAction('complaintPolicy.update', policyFormSchema, async ({ policy, note }, user) => {
  const change = await proposeChange('complaint_policy', '', { policy }, note, user);
  revalidatePath('/complaints/policy');
  return {
    data: { changeId: change.id },
    entityType: 'config_change',
    entityId: change.id,
    details: { kind: 'complaint_policy', baseVersion: change.base, policy, note },
    message: 'config.proposed.complaint_policy',
  };
});
