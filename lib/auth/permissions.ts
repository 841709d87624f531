import type { Role } from './roles';

/**
 * The one permission map. Role layouts and pages check `screens`; every server action names its entry in `actions`
 * and the action wrapper refuses every role not listed. The authorization tests are generated from this table.
 */
export const screens = {
  '/teller': ['teller'],
  '/supervisor': ['supervisor'],
  // The live board and its data and event routes.
  '/supervisor/live': ['supervisor'],
  '/supervisor/policy': ['supervisor'],
  '/qc': ['qc'],
  // Scorecard templates: QC members write them; a second QC member or a supervisor publishes a version.
  '/scorecards': ['qc', 'supervisor'],
  // Disputes to resolve and rectifications to verify or chase (反馈与整改).
  '/quality': ['qc', 'supervisor'],
  // The customer screen (360° view): a teller for the customer of their open contact, a supervisor for any customer.
  '/customers': ['teller', 'supervisor'],
  // The published document checklist (资料清单公示).
  '/checklists': ['teller', 'supervisor', 'qc'],
  // Customer complaints (客户投诉): tellers see those they recorded or handle, supervisors all (object checks in lib).
  '/complaints': ['teller', 'supervisor'],
  '/complaints/policy': ['supervisor'],
  '/admin': ['admin'],
  // The working calendar (holidays and make-up working days) every working-day deadline counts by.
  '/admin/calendar': ['admin'],
  '/admin/deliveries': ['admin'],
  '/admin/ladder': ['admin'],
  '/admin/retention': ['admin'],
  // The demo customer's phone (the SMS sink); absent in production.
  '/demo/phone': ['teller', 'supervisor', 'qc', 'admin'],
  // The operations board (运营看板): live tiles, charts over a period, and each tile's list with its exports.
  '/supervisor/board': ['supervisor'],
  // Monthly appraisal (绩效考核): a teller their own months, a supervisor their team's (object checks in lib/appraisal).
  '/appraisal': ['teller', 'supervisor'],
  // The knowledge base (知识库): everyone serving or supervising customers reads it; supervisors and QC write (lib/kb).
  '/kb': ['teller', 'supervisor', 'qc'],
  // A staff member's own notices (站内通知), for every role.
  '/notices': ['teller', 'supervisor', 'qc', 'admin'],
  // One's own sign-in security: the authenticator (two-factor) and recovery codes.
  '/account/security': ['teller', 'supervisor', 'qc', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export const actions = {
  'session.start': ['teller'],
  // A contact's handler: a teller, or a supervisor it was escalated to (who notes, hands back or ends it).
  'session.end': ['teller', 'supervisor'],
  'session.transfer': ['teller', 'supervisor'],
  'session.note': ['teller', 'supervisor'],
  'customer.search': ['teller'],
  'customer.create': ['teller'],
  'customer.createEnterprise': ['teller'],
  'customer.attach': ['teller'],
  // The full value of a masked personal field, with a stated reason (audited: who, whose, which field, why).
  'customer.reveal': ['supervisor'],
  // A supervisor proposes a customer's risk level; another supervisor decides it (changeRequest.decide).
  'customer.riskOverride': ['supervisor'],
  'verification.basic': ['teller'],
  'verification.passwordPrompt': ['teller'],
  'verification.otpSend': ['teller'],
  'verification.otpCheck': ['teller'],
  'verification.confirm': ['teller'],
  'changeRequest.create': ['teller'],
  // Information changes (信息变更): identity fields go to dual control; contact details need a review step only.
  'changeRequest.name': ['teller'],
  'changeRequest.document': ['teller'],
  'changeRequest.birthDate': ['teller'],
  'customer.updateContact': ['teller'],
  // A route handler (POST /api/sessions/:id/recordings), through the same wrapper as the actions.
  'recording.upload': ['teller'],
  'changeRequest.decide': ['supervisor'],
  // Business cases (业务工单): a teller submits from a session, supervisors decide under the approval policy.
  'case.transfer': ['teller'],
  'case.decide': ['supervisor'],
  // "I'm on it": visible to the other supervisors, who may still decide.
  'case.claim': ['supervisor'],
  // Cards: a teller applies, reports a loss or freezes, asks to unfreeze and starts activation in a session; card
  // operations (the supervisors of the remote counter) record production, dispatch and delivery.
  // The maker resubmits a case returned for correction, or withdraws one not yet approved.
  'case.resubmit': ['teller'],
  'case.cancel': ['teller'],
  'case.reopenDocuments': ['teller'],
  // Documents (资料): the case's teller uploads (a route handler through the same wrapper) and reviews them.
  'document.upload': ['teller'],
  'document.review': ['teller'],
  'case.passwordReset': ['teller'],
  'password.resetPrompt': ['teller'],
  'case.openAccount': ['teller'],
  'case.payout': ['teller'],
  'case.limitChange': ['teller'],
  'case.accountClosure': ['teller'],
  'case.openCard': ['teller'],
  'case.cardBlock': ['teller'],
  'case.cardUnfreeze': ['teller'],
  'card.activationPrompt': ['teller'],
  'card.produce': ['supervisor'],
  'card.dispatch': ['supervisor'],
  'card.deliver': ['supervisor'],
  // The approval policy under four-eyes: a supervisor proposes, a different supervisor approves.
  'approvalPolicy.propose': ['supervisor'],
  'approvalPolicy.decide': ['supervisor'],
  // The checker sees the full requested value (with a reason, audited) before deciding.
  'case.reveal': ['supervisor'],
  'verificationLock.clear': ['supervisor'],
  'customerFreeze.confirmFraud': ['supervisor'],
  'customerFreeze.requestRelease': ['supervisor'],
  'customerFreeze.decideRelease': ['supervisor'],
  'inspection.submit': ['qc'],
  'qcPlan.update': ['qc'],
  'qcPlan.draw': ['qc'],
  'qcAssignment.add': ['qc'],
  'inspection.acknowledge': ['teller'],
  'inspection.dispute': ['teller'],
  'dispute.resolve': ['qc', 'supervisor'],
  'rectification.respond': ['teller'],
  'rectification.verify': ['qc'],
  'calibration.create': ['qc'],
  'calibration.score': ['qc'],
  'calibration.close': ['qc'],
  'scorecard.propose': ['qc'],
  'scorecard.decide': ['qc', 'supervisor'],
  // The demo customer's phone keys a password into the simulated IVR (demo mode only, like its screen).
  'demo.keypad': ['teller', 'supervisor', 'qc', 'admin'],
  'ladderPolicy.publish': ['admin'],
  // Operations, not business: an administrator puts a failed customer message back in the queue.
  'outbox.retry': ['admin'],
  // Deleting a customer's documents after their retention period: one admin proposes, another approves.
  'document.purgePropose': ['admin'],
  'document.purgeDecide': ['admin'],
  'staff.create': ['admin'],
  'staff.changeRole': ['admin'],
  'staff.resetPassword': ['admin'],
  'staff.setActive': ['admin'],
  // Appraisal: a supervisor closes a finished month the job has not closed (the job's function), recalculates a teller
  // of their team with a reason (a new version), and proposes the weights (a new version once approved, see config.decide).
  'appraisal.close': ['supervisor'],
  'appraisal.recalculate': ['supervisor'],
  'appraisal.weights': ['supervisor'],
  // Complaints: tellers and supervisors record them; a supervisor assigns the handler (受理) and reopens; the handler
  // (or any supervisor) investigates, tells progress, resolves, records the customer's feedback and closes.
  'complaint.record': ['teller', 'supervisor'],
  'complaint.assign': ['supervisor'],
  'complaint.investigate': ['teller', 'supervisor'],
  'complaint.progress': ['teller', 'supervisor'],
  'complaint.resolve': ['teller', 'supervisor'],
  'complaint.feedback': ['teller', 'supervisor'],
  'complaint.close': ['teller', 'supervisor'],
  'complaint.reopen': ['supervisor'],
  // The complaint deadline policy (per category and severity, in working days): a supervisor proposes a new version.
  'complaintPolicy.update': ['supervisor'],
  // The working calendar: an administrator proposes setting or removing holidays and make-up working days.
  'calendar.set': ['admin'],
  'calendar.remove': ['admin'],
  // Configuration under four-eyes: the complaint deadlines, the calendar, the appraisal weights and the sampling plans
  // take effect when a second person of the role that proposes them approves (per kind, never the proposer: lib/config-changes).
  'config.decide': ['supervisor', 'admin', 'qc'],
  // Knowledge base: a supervisor or QC member writes a version, another of them (never the author) publishes it;
  // every reader marks a version helpful or outdated (which tells its author).
  'kb.propose': ['supervisor', 'qc'],
  'kb.decide': ['supervisor', 'qc'],
  'kb.feedback': ['teller', 'supervisor', 'qc'],
  // Anyone marks their own notices read (only their own: the query filters by the reader).
  'notice.markRead': ['teller', 'supervisor', 'qc', 'admin'],
  // One's own authenticator: set up (a QR code, then the first code and recovery codes), turn off where the role
  // allows, and prove it is still you (step-up) before an approval or a reveal.
  'account.mfaBegin': ['teller', 'supervisor', 'qc', 'admin'],
  'account.mfaConfirm': ['teller', 'supervisor', 'qc', 'admin'],
  'account.mfaDisable': ['teller', 'supervisor', 'qc', 'admin'],
  'account.recoveryCodes': ['teller', 'supervisor', 'qc', 'admin'],
  'account.stepUp': ['teller', 'supervisor', 'qc', 'admin'],
  // An administrator clears a member's lost authenticator; they set up a new one at their next sign-in.
  'staff.resetMfa': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

/**
 * Actions that need the person to have proved who they are within the last 5 minutes (ASVS 7.5.3): deciding a
 * dual-control case, revealing personal data, changing one's own second factor. The wrapper asks for a step-up.
 */
export const stepUpActions: readonly ActionName[] = [
  'case.decide',
  'changeRequest.decide',
  'customerFreeze.decideRelease',
  'customer.reveal',
  'case.reveal',
  'account.mfaBegin',
  'account.mfaDisable',
  'account.recoveryCodes',
];

/** What a supervisor or admin who has not set up their authenticator yet may do: set it up. */
export const enrolmentActions: readonly ActionName[] = ['account.mfaBegin', 'account.mfaConfirm', 'account.stepUp'];

/**
 * Data routes that are not screens: who may fetch them at all. Which objects each may fetch is decided in the data
 * access layer (a teller only their own sessions' recordings, QC only ended sessions).
 */
export const dataRoutes = {
  // The approval queue's data and its live events.
  '/api/cases/queue': ['supervisor'],
  // A teller's own session: its cases' changes, live (decided, executed), without polling the console.
  '/api/sessions/cases': ['teller'],
  '/api/recordings': ['teller', 'supervisor', 'qc'],
  // A case's documents: the teller who made the case, supervisors, QC once the session has ended (object checks in the route).
  '/api/documents': ['teller', 'supervisor', 'qc'],
  // The quality report of a month as CSV (the same figures as the quality page; every export audited).
  '/api/quality/report': ['qc', 'supervisor'],
  // The operations board's tiles and their live events, and its lists as CSV/XLSX (every export audited, row-limited).
  '/api/board/tiles': ['supervisor'],
  '/api/board/export': ['supervisor'],
  // The session console's knowledge search (published articles only).
  '/api/kb/search': ['teller', 'supervisor', 'qc'],
  // The article editor's preview: Markdown rendered by the server's sanitizer, nothing stored.
  '/api/kb/preview': ['supervisor', 'qc'],
} as const satisfies Record<string, readonly Role[]>;

export type ScreenPath = keyof typeof screens;
export type DataRoutePath = keyof typeof dataRoutes;
export type ActionName = keyof typeof actions;

export function mayUseScreen(role: Role, screen: ScreenPath): boolean {
  return (screens[screen] as readonly Role[]).includes(role);
}

export function mayUseDataRoute(role: Role, route: DataRoutePath): boolean {
  return (dataRoutes[route] as readonly Role[]).includes(role);
}

export function mayUseAction(role: Role, action: ActionName): boolean {
  return (actions[action] as readonly Role[]).includes(role);
}
