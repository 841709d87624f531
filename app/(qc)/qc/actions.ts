'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { roleAction } from '@/lib/actions/role-action';
import { DomainError } from '@/lib/actions/result';
import { inspectionFormSchema, saveInspection } from '@/lib/qc/inspection';
import { assignByHandSchema, planDrawSchema, planUpdateSchema } from '@/lib/qc/plan-schemas';
import { assignByHand, drawPlan, listPlans, periodContaining } from '@/lib/qc/plans';
import { changeNote } from '@/lib/config-changes/kinds';
import { proposeChange } from '@/lib/config-changes/service';
import { calibrationCloseSchema, calibrationRoundSchema, calibrationScoreSchema } from '@/lib/qc/calibration-schemas';
import { closeRound, createRound, scoreCalibration } from '@/lib/qc/calibration';

/**
 * Saves an inspection: a draft (the inspector may come back to it; nobody else may), or submitted with the scorecard
 * that applies to the session (or its draft's version) — final, the score computed on the server.
 */
export const submitInspectionAction = roleAction('inspection.submit', inspectionFormSchema, async ({ intent, ...form }, user) => {
  const submit = intent !== 'draft';
  const r = await saveInspection(user.id, form, submit);
  revalidatePath('/qc');
  revalidatePath(`/qc/sessions/${form.sessionId}`);
  return {
    data: { id: r.id, score: r.score },
    entityType: 'inspection',
    entityId: r.id,
    details: { session: form.sessionId, intent: submit ? 'submit' : 'draft', score: r.score, criticalFailure: r.criticalFailure },
    message: !submit ? 'qc.draftSaved' : r.criticalFailure ? 'qc.submittedCritical' : 'qc.submitted',
    messageValues: { score: r.score ?? 0 },
  };
});

/**
 * Proposes new rates and risk rules for a sampling plan, with why: they take effect (from its next draw) only when
 * another QC member or a supervisor approves them (config.decide).
 */
export const updatePlanAction = roleAction('qcPlan.update', planUpdateSchema.and(z.object({ note: changeNote })), async ({ planId, note, fundsOverYuan, failedVerification, rejectedApproval, shortHandleSeconds, longHandleSeconds, lowSatisfaction, ...v }, user) => {
  const risk = { failedVerification, rejectedApproval, fundsOverFen: fundsOverYuan === null ? null : fundsOverYuan * 100, shortHandleSeconds, longHandleSeconds, lowSatisfaction };
  const change = await proposeChange('qc_plan', planId, { ...v, risk }, note, user);
  revalidatePath('/qc/plans');
  return { data: { changeId: change.id }, entityType: 'qc_plan', entityId: planId, details: { change: change.id, ...v, risk, note }, message: 'config.proposed.qc_plan' };
});

/**
 * Draws a plan's period now (the current one so far, or the rest of an earlier one): the sample and its seed are
 * recorded, the sessions shared among the inspectors. A period that has not begun cannot be drawn.
 */
export const drawPlanAction = roleAction('qcPlan.draw', planDrawSchema, async ({ planId, period: day }, user) => {
  const plan = (await listPlans()).find((p) => p.id === planId);
  if (!plan) throw new DomainError('errors.notFound', 'failed');
  const now = new Date();
  const period = periodContaining(plan.period as 'week' | 'month', new Date(`${day}T00:00:00+08:00`));
  if (period.start > now) throw new DomainError('errors.qc.drawPeriod', 'failed', { period: ['errors.qc.drawPeriod'] });
  const r = await drawPlan(planId, period, user.id, now);
  revalidatePath('/qc');
  revalidatePath('/qc/plans');
  return { data: r, entityType: 'qc_draw', entityId: r.drawId, details: { plan: planId, ...r }, message: 'qcPlans.drawn', messageValues: { drawn: r.drawn, candidates: r.candidates } };
});

/** An inspector adds an ended session to their own list by hand, saying why. */
export const assignByHandAction = roleAction('qcAssignment.add', assignByHandSchema, async ({ sessionId, note }, user) => {
  const id = await assignByHand(sessionId, user.id, note);
  revalidatePath('/qc');
  return { data: { id }, entityType: 'qc_assignment', entityId: id, details: { session: sessionId, note }, message: 'qc.assigned' };
});

/** Opens a calibration round: sessions scored blind by the chosen inspectors (at least two) on the current scorecard. */
export const createCalibrationAction = roleAction('calibration.create', calibrationRoundSchema, async (v, user) => {
  const id = await createRound(user.id, v);
  revalidatePath('/qc/calibration');
  return { data: { id }, entityType: 'calibration_round', entityId: id, details: { sessions: v.sessionIds.length, members: v.memberIds.length }, message: 'calibration.created' };
});

/** A member scores one session of a round, blind; the score is computed on the server and never counts for the teller. */
export const scoreCalibrationAction = roleAction('calibration.score', calibrationScoreSchema, async ({ roundId, sessionId, ...fields }, user) => {
  const score = await scoreCalibration(roundId, user.id, sessionId, fields as Record<string, string>);
  revalidatePath(`/qc/calibration/${roundId}`);
  return { data: { score }, entityType: 'calibration_round', entityId: roundId, details: { session: sessionId, score }, message: 'calibration.scored', messageValues: { score } };
});

/** The round's creator closes it: no more scores, and the report is open to every inspector. */
export const closeCalibrationAction = roleAction('calibration.close', calibrationCloseSchema, async ({ roundId }, user) => {
  await closeRound(roundId, user.id);
  revalidatePath(`/qc/calibration/${roundId}`);
  revalidatePath('/qc/calibration');
  return { data: undefined, entityType: 'calibration_round', entityId: roundId, message: 'calibration.closed' };
});
