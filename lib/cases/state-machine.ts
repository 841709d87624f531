/**
 * The case state machine (业务工单状态机). Every business the counter takes, from a transfer to an account closure, is
 * one case that walks the same states, so the console, the approval queue, the audit trail and the database all speak
 * one language. The happy path:
 *
 *   draft → verifying → documents → ready → pending_approval → approved → executed → completed
 *
 * with side exits: rejected (驳回, a supervisor refused), returned (退回修改, sent back to the maker for correction),
 * cancelled (撤销) and expired (超时失效). Business with no required documents skips `documents`; business the approval
 * policy says needs no approval goes from `ready` straight to `approved` (the approval is the policy's, recorded as such).
 *
 * Pure: the table is the whole rule. It is exported so the database migration can mirror it (and refuse any other
 * update); the two must change together.
 */

/** Every state a case can be in, in the order of the happy path, side exits last. */
export const CASE_STATES = [
  'draft',
  'verifying',
  'documents',
  'ready',
  'pending_approval',
  'approved',
  'executed',
  'completed',
  'rejected',
  'returned',
  'cancelled',
  'expired',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/**
 * Final states: nothing happens to the case any more. `returned` is not final (the maker corrects and resubmits);
 * `approved` and `executed` are not final either, but nothing may cancel or expire them: money may already be moving.
 */
export const FINAL_STATES = ['completed', 'rejected', 'cancelled', 'expired'] as const satisfies readonly CaseState[];
export type FinalState = (typeof FINAL_STATES)[number];

/** What can happen to a case. Each event names the fact that moves it, not the state it ends in. */
export const CASE_EVENTS = [
  'start_verification',
  'verified',
  'skip_documents',
  'documents_complete',
  'submit',
  'auto_approve',
  'approve',
  'execute',
  'complete',
  'reject',
  'return',
  'resubmit',
  'reopen_documents',
  'cancel',
  'expire',
] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];

export type TransitionTable = Readonly<Record<CaseState, Readonly<Partial<Record<CaseEvent, CaseState>>>>>;

/**
 * The transitions, state → event → next state; anything not listed is refused.
 *
 * - `approve` is the LAST required approval. A first approval of a level-2 case (集体审议, two different supervisors)
 *   is recorded against the case but leaves it in `pending_approval`: it is not an event of this machine.
 * - `cancel` is the maker withdrawing (撤销) the case, allowed up to and including `pending_approval`; once approved,
 *   the case can only go forward (执行) — a supervisor's decision is not undone by the maker.
 * - `expire` ends a case nobody finished: abandoned before submission or left waiting for approval past the policy's
 *   `expireAfterMinutes`. An approved case does not expire; it is executed or stays visible as a stuck case.
 * - `reopen_documents` takes a case returned for its documents back to `documents`: the maker supplies or corrects
 *   them, and the case goes on when the checklist is complete again (a new approval round, as with `resubmit`).
 * - `resubmit` takes a returned case back to `ready`: the maker corrected it, and it is submitted again from there
 *   (the customer's verification of the session still stands; the approval starts over).
 */
export const TRANSITIONS: TransitionTable = {
  draft: { start_verification: 'verifying', cancel: 'cancelled', expire: 'expired' },
  verifying: { verified: 'documents', skip_documents: 'ready', cancel: 'cancelled', expire: 'expired' },
  documents: { documents_complete: 'ready', cancel: 'cancelled', expire: 'expired' },
  ready: { submit: 'pending_approval', auto_approve: 'approved', cancel: 'cancelled', expire: 'expired' },
  pending_approval: { approve: 'approved', reject: 'rejected', return: 'returned', cancel: 'cancelled', expire: 'expired' },
  approved: { execute: 'executed' },
  executed: { complete: 'completed' },
  completed: {},
  rejected: {},
  returned: { resubmit: 'ready', reopen_documents: 'documents', cancel: 'cancelled', expire: 'expired' },
  cancelled: {},
  expired: {},
};

/** The table as rows, in state then event order: what the migration inserts into its transition table. */
export const TRANSITION_ROWS: readonly { from: CaseState; event: CaseEvent; to: CaseState }[] = CASE_STATES.flatMap((from) =>
  CASE_EVENTS.flatMap((event) => {
    const to = TRANSITIONS[from][event];
    return to ? [{ from, event, to }] : [];
  }),
);

export type TransitionResult = { ok: true; to: CaseState } | { ok: false; reason: 'not_allowed' | 'final' };

/** Narrows a string read from the database or a form. */
export function isCaseState(value: unknown): value is CaseState {
  return typeof value === 'string' && (CASE_STATES as readonly string[]).includes(value);
}

/** Narrows a string read from a request. */
export function isCaseEvent(value: unknown): value is CaseEvent {
  return typeof value === 'string' && (CASE_EVENTS as readonly string[]).includes(value);
}

export function isFinal(state: CaseState): state is FinalState {
  return (FINAL_STATES as readonly CaseState[]).includes(state);
}

/**
 * The state `event` takes a case in `state` to. A final state refuses everything with 'final' (so the screen can say
 * "this case is closed" rather than "not allowed now").
 */
export function transition(state: CaseState, event: CaseEvent): TransitionResult {
  if (isFinal(state)) return { ok: false, reason: 'final' };
  const row = TRANSITIONS[state];
  // Own properties only: a value cast from outside must not reach Object.prototype ('constructor', 'toString'...).
  const to = row && Object.hasOwn(row, event) ? row[event] : undefined;
  return to ? { ok: true, to } : { ok: false, reason: 'not_allowed' };
}

/** The events a case in `state` accepts, in CASE_EVENTS order: the buttons the console may show. */
export function allowedEvents(state: CaseState): CaseEvent[] {
  return CASE_EVENTS.filter((event) => transition(state, event).ok);
}
