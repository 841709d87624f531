import * as adminActions from '@/app/(admin)/admin/actions';
import * as demoActions from '@/app/(demo)/demo/actions';
import * as qcActions from '@/app/(qc)/qc/actions';
import * as scorecardActions from '@/app/(scorecards)/scorecards/actions';
import * as qualityActions from '@/app/(quality)/quality/actions';
import * as tellerQualityActions from '@/app/(teller)/teller/quality-actions';
import * as supervisorActions from '@/app/(supervisor)/supervisor/actions';
import * as supervisorPolicyActions from '@/app/(supervisor)/supervisor/policy-actions';
import * as tellerActions from '@/app/(teller)/teller/actions';
import * as tellerCaseActions from '@/app/(teller)/teller/case-actions';
import * as supervisorCardActions from '@/app/(supervisor)/supervisor/card-actions';
import * as adminRetentionActions from '@/app/(admin)/admin/retention-actions';
import * as adminCalendarActions from '@/app/(admin)/admin/calendar/actions';
import * as complaintActions from '@/app/(complaints)/complaints/actions';
import * as appraisalActions from '@/app/(appraisal)/appraisal/actions';
import * as configActions from '@/app/(config)/config/actions';
import * as kbActions from '@/app/(kb)/kb/actions';
import * as noticeActions from '@/app/(notices)/notices/actions';
import * as accountActions from '@/app/(account)/account/security/actions';
import * as recordingUploadRoute from '@/app/api/sessions/[sessionId]/recordings/route';
import * as documentUploadRoute from '@/app/api/cases/[caseId]/documents/route';
import type { RoleAction, RoleRoute } from '@/lib/actions/role-action';
import { expect } from 'vitest';
import type { ActionName } from '@/lib/auth/permissions';
import { actAs, auditSince, businessChecksums, maxAuditSeq } from './helpers';

export type AnyAction = RoleAction<unknown>;

export const ACTION_MODULES = { tellerActions, tellerCaseActions, supervisorActions, supervisorPolicyActions, supervisorCardActions, qcActions, scorecardActions, qualityActions, tellerQualityActions, complaintActions, appraisalActions, configActions, kbActions, noticeActions, accountActions, adminActions, adminRetentionActions, adminCalendarActions, demoActions };
// Route handlers that write through the same wrapper (file uploads).
export const ROUTE_MODULES = { recordingUploadRoute, documentUploadRoute };
export const ROUTE_ACTIONS: string[] = [recordingUploadRoute.POST.actionName, documentUploadRoute.POST.actionName];

/**
 * A wrapped route called like an action: the payload's route params go in the URL, the rest in a multipart body, and
 * the JSON answer comes back as the ActionResult it is.
 */
function routeAsAction(route: RoleRoute): AnyAction {
  const call = async (_prev: unknown, payload: FormData | Record<string, unknown>) => {
    const entries: [string, unknown][] = payload instanceof FormData ? [...payload.entries()] : typeof payload === 'object' && payload ? Object.entries(payload) : [];
    const params: Record<string, string> = {};
    const form = new FormData();
    for (const [k, v] of entries) {
      if (route.routeParams.includes(k)) params[k] = String(v);
      else form.append(k, v instanceof Blob ? v : String(v));
    }
    const res = await route(new Request('http://localhost/api/route', { method: 'POST', body: form, headers: { 'x-forwarded-for': '203.0.113.7' } }), { params: Promise.resolve(params) });
    return res.json();
  };
  return Object.assign(call, { actionName: route.actionName }) as AnyAction;
}

/** Exported functions of the action modules that did not go through roleAction: each would be an unguarded endpoint. */
export function unwrappedExports(): string[] {
  return Object.entries({ ...ACTION_MODULES, ...ROUTE_MODULES }).flatMap(([mod, exports]) =>
    Object.entries(exports)
      .filter(([, value]) => typeof value === 'function' && typeof (value as Partial<AnyAction>).actionName !== 'string')
      .map(([exportName]) => `${mod}.${exportName}`),
  );
}

/** Every server action the role route groups export, found by the `actionName` the wrapper stamps on it. */
export function collectActions(): Map<string, AnyAction> {
  const found = new Map<string, AnyAction>();
  for (const exports of Object.values(ROUTE_MODULES)) {
    for (const value of Object.values(exports)) {
      const name = (value as Partial<RoleRoute>)?.actionName;
      if (typeof value === 'function' && typeof name === 'string') found.set(name, routeAsAction(value as RoleRoute));
    }
  }
  for (const exports of Object.values(ACTION_MODULES)) {
    for (const [exportName, value] of Object.entries(exports)) {
      const name = (value as Partial<AnyAction>)?.actionName;
      if (typeof value !== 'function' || typeof name !== 'string') continue;
      if (found.has(name)) throw new Error(`two exports use the action name ${name} (${exportName})`);
      found.set(name, value as AnyAction);
    }
  }
  return found;
}

export function action(name: ActionName): AnyAction {
  const found = collectActions().get(name);
  if (!found) throw new Error(`no action named ${name}`);
  return found;
}

/** Calls an action as a signed-in test user. */
export function runAs(user: { sid: string }, name: ActionName, payload: Record<string, unknown>) {
  actAs(user.sid);
  return action(name)(null, payload);
}

/** Refused with `message` (and its field messages), audited with its outcome and reason, and nothing written. */
export async function expectRefusedAs(
  user: { id: string; sid: string },
  name: ActionName,
  payload: Record<string, unknown>,
  message: string,
  fieldErrors: Record<string, string[]> = {},
  outcome: 'failed' | 'denied' = 'failed',
) {
  const before = await businessChecksums();
  const seq = await maxAuditSeq();
  expect(await runAs(user, name, payload)).toEqual({ ok: false, message, fieldErrors });
  expect(await businessChecksums()).toEqual(before);
  const reason = message === 'errors.checkFields' ? 'invalid_input' : message === 'errors.forbidden' ? 'role' : message;
  expect(await auditSince(seq)).toMatchObject([{ action: name, outcome, actor_id: user.id, details: { reason } }]);
}
