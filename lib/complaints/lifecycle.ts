/**
 * The complaint lifecycle (客户投诉处理流程). Every complaint, whatever its channel, walks the same steps, so the
 * console, the supervisor's queue, the deadlines and the database speak one language:
 *
 *   accepted (受理) → investigating (调查) → resolved (处理) → feedback (反馈) → closed (办结)
 *
 * `feedback` means the customer's view of the handling is on record (satisfied, not satisfied, or not reachable: the
 * outcome is data, not a state), so no complaint is closed without the customer having been told. A complaint the
 * customer is not satisfied with, or that comes back after closing, is reopened into `investigating`: the same
 * complaint, its history kept, rather than a new one.
 *
 * Pure: the table is the whole rule. It is exported so the database migration can mirror it (a trigger refusing any
 * other update of the status); the two must change together.
 */

/** Every state of a complaint, in the order of the lifecycle. */
export const COMPLAINT_STATES = ['accepted', 'investigating', 'resolved', 'feedback', 'closed'] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

/** Where every complaint starts: recording one is accepting it (受理). */
export const INITIAL_COMPLAINT_STATE: ComplaintState = 'accepted';

/** What can happen to a complaint. Each event names the fact that moves it, not the state it ends in. */
export const COMPLAINT_EVENTS = ['investigate', 'resolve', 'record_feedback', 'close', 'reopen'] as const;
export type ComplaintEvent = (typeof COMPLAINT_EVENTS)[number];

/** How the complaint reached the bank; `regulator` is a referral (监管转办), which a policy may give shorter deadlines. */
export const COMPLAINT_CHANNELS = ['phone', 'online', 'email', 'letter', 'regulator'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export const COMPLAINT_CATEGORIES = ['service_attitude', 'wrong_operation', 'delay', 'fees', 'information_security', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const COMPLAINT_SEVERITIES = ['low', 'medium', 'high'] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];

export type ComplaintTransitionTable = Readonly<Record<ComplaintState, Readonly<Partial<Record<ComplaintEvent, ComplaintState>>>>>;

/**
 * The transitions, state → event → next state; anything not listed is refused.
 *
 * - The forward path has no shortcuts: a complaint is investigated before it is resolved, and closed only once the
 *   customer's feedback is recorded.
 * - `reopen` goes back to `investigating` from `resolved` (the handling proved wrong before the customer was asked),
 *   `feedback` (the customer is not satisfied) and `closed` (the complaint comes back, or a review finds it mishandled).
 *   Nothing is final, then; `closed` is where the work ends, not where the record is frozen.
 */
export const COMPLAINT_TRANSITIONS: ComplaintTransitionTable = {
  accepted: { investigate: 'investigating' },
  investigating: { resolve: 'resolved' },
  resolved: { record_feedback: 'feedback', reopen: 'investigating' },
  feedback: { close: 'closed', reopen: 'investigating' },
  closed: { reopen: 'investigating' },
};

/** Narrows a string read from the database or a form. */
export function isComplaintState(value: unknown): value is ComplaintState {
  return typeof value === 'string' && (COMPLAINT_STATES as readonly string[]).includes(value);
}

/** Narrows a string read from a request. */
export function isComplaintEvent(value: unknown): value is ComplaintEvent {
  return typeof value === 'string' && (COMPLAINT_EVENTS as readonly string[]).includes(value);
}

/** The state `event` takes a complaint in `state` to, or null if the table refuses it. */
export function nextComplaintState(state: ComplaintState, event: ComplaintEvent): ComplaintState | null {
  // Own properties only: a value cast from outside must not reach Object.prototype ('constructor', 'toString'...).
  const row = Object.hasOwn(COMPLAINT_TRANSITIONS, state) ? COMPLAINT_TRANSITIONS[state] : undefined;
  return (row && Object.hasOwn(row, event) ? row[event] : undefined) ?? null;
}

/** The events a complaint in `state` accepts, in COMPLAINT_EVENTS order: the buttons the console may show. */
export function allowedComplaintEvents(state: ComplaintState): ComplaintEvent[] {
  return COMPLAINT_EVENTS.filter((event) => nextComplaintState(state, event) !== null);
}

/**
 * Every allowed (from, to) status change, once each, in state order: what the database trigger accepts on an update
 * of the status (it sees states, not events).
 */
export function complaintTransitionPairs(): { from: ComplaintState; to: ComplaintState }[] {
  return COMPLAINT_STATES.flatMap((from) =>
    COMPLAINT_STATES.filter((to) => COMPLAINT_EVENTS.some((event) => COMPLAINT_TRANSITIONS[from][event] === to)).map((to) => ({ from, to })),
  );
}
