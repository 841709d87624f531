import { describe, expect, it } from 'vitest';
import {
  CASE_EVENTS,
  CASE_STATES,
  FINAL_STATES,
  TRANSITIONS,
  TRANSITION_ROWS,
  allowedEvents,
  isCaseEvent,
  isCaseState,
  isFinal,
  transition,
  type CaseEvent,
  type CaseState,
} from './state-machine';

/**
 * Every allowed (state, event) pair, written out by hand rather than read from TRANSITIONS, so a change to the table
 * has to be made twice, on purpose. Every other pair of the 12 × 14 matrix must be refused.
 */
const ALLOWED: [CaseState, CaseEvent, CaseState][] = [
  ['draft', 'start_verification', 'verifying'],
  ['draft', 'cancel', 'cancelled'],
  ['draft', 'expire', 'expired'],
  ['verifying', 'verified', 'documents'],
  ['verifying', 'skip_documents', 'ready'],
  ['verifying', 'cancel', 'cancelled'],
  ['verifying', 'expire', 'expired'],
  ['documents', 'documents_complete', 'ready'],
  ['documents', 'cancel', 'cancelled'],
  ['documents', 'expire', 'expired'],
  ['ready', 'submit', 'pending_approval'],
  ['ready', 'auto_approve', 'approved'],
  ['ready', 'cancel', 'cancelled'],
  ['ready', 'expire', 'expired'],
  ['pending_approval', 'approve', 'approved'],
  ['pending_approval', 'reject', 'rejected'],
  ['pending_approval', 'return', 'returned'],
  ['pending_approval', 'cancel', 'cancelled'],
  ['pending_approval', 'expire', 'expired'],
  ['approved', 'execute', 'executed'],
  ['executed', 'complete', 'completed'],
  ['returned', 'resubmit', 'ready'],
  ['returned', 'reopen_documents', 'documents'],
  ['returned', 'cancel', 'cancelled'],
  ['returned', 'expire', 'expired'],
];
const expected = new Map(ALLOWED.map(([from, event, to]) => [`${from}:${event}`, to]));

const matrix = CASE_STATES.flatMap((state) => CASE_EVENTS.map((event) => [state, event] as const));

describe('case state machine: the full matrix', () => {
  it('covers 12 states × 15 events, no duplicates in the expected list', () => {
    expect(CASE_STATES).toHaveLength(12);
    expect(CASE_EVENTS).toHaveLength(15);
    expect(new Set(CASE_STATES).size).toBe(CASE_STATES.length);
    expect(new Set(CASE_EVENTS).size).toBe(CASE_EVENTS.length);
    expect(matrix).toHaveLength(180);
    expect(expected.size).toBe(ALLOWED.length);
  });

  it.each(matrix)('%s + %s: allowed or refused exactly as listed', (state, event) => {
    const to = expected.get(`${state}:${event}`);
    const result = transition(state, event);
    if (to) expect(result).toEqual({ ok: true, to });
    else expect(result).toEqual({ ok: false, reason: isFinal(state) ? 'final' : 'not_allowed' });
  });

  it('the table itself has exactly the listed transitions (TRANSITION_ROWS, for the migration, agrees)', () => {
    const fromTable = CASE_STATES.flatMap((from) => Object.entries(TRANSITIONS[from]).map(([event, to]) => [from, event, to]));
    expect(fromTable.sort()).toEqual([...ALLOWED].sort());
    expect(TRANSITION_ROWS.map((r) => [r.from, r.event, r.to]).sort()).toEqual([...ALLOWED].sort());
    expect(TRANSITION_ROWS).toHaveLength(ALLOWED.length);
  });

  it('every target is a known state and every event is used somewhere', () => {
    for (const row of TRANSITION_ROWS) expect(CASE_STATES).toContain(row.to);
    expect(new Set(TRANSITION_ROWS.map((r) => r.event))).toEqual(new Set(CASE_EVENTS));
  });

  it.each(CASE_STATES)('allowedEvents(%s) lists exactly the allowed events, in CASE_EVENTS order', (state) => {
    const listed = CASE_EVENTS.filter((e) => expected.has(`${state}:${e}`));
    expect(allowedEvents(state)).toEqual(listed);
  });
});

describe('final states', () => {
  it('are completed, rejected, cancelled and expired', () => {
    expect([...FINAL_STATES].sort()).toEqual(['cancelled', 'completed', 'expired', 'rejected']);
    expect(CASE_STATES.filter(isFinal).sort()).toEqual(['cancelled', 'completed', 'expired', 'rejected']);
  });

  it.each(FINAL_STATES)('%s allows nothing and says so with "final"', (state) => {
    expect(allowedEvents(state)).toEqual([]);
    expect(Object.keys(TRANSITIONS[state])).toEqual([]);
    for (const event of CASE_EVENTS) expect(transition(state, event)).toEqual({ ok: false, reason: 'final' });
  });

  it('every non-final state has a way out (no case gets stuck by the table)', () => {
    for (const state of CASE_STATES.filter((s) => !isFinal(s))) expect(allowedEvents(state).length).toBeGreaterThan(0);
  });

  it('every state is reachable from draft', () => {
    const seen = new Set<CaseState>(['draft']);
    const queue: CaseState[] = ['draft'];
    while (queue.length) {
      const from = queue.shift() as CaseState;
      for (const event of allowedEvents(from)) {
        const r = transition(from, event);
        if (r.ok && !seen.has(r.to)) {
          seen.add(r.to);
          queue.push(r.to);
        }
      }
    }
    expect([...seen].sort()).toEqual([...CASE_STATES].sort());
  });
});

/** Applies events in order, failing loudly on the first refusal. */
function walk(start: CaseState, events: CaseEvent[]): CaseState[] {
  const visited: CaseState[] = [start];
  let state = start;
  for (const event of events) {
    const r = transition(state, event);
    if (!r.ok) throw new Error(`${state} + ${event}: ${r.reason}`);
    state = r.to;
    visited.push(state);
  }
  return visited;
}

describe('paths through the machine', () => {
  it('the happy path, end to end', () => {
    expect(walk('draft', ['start_verification', 'verified', 'documents_complete', 'submit', 'approve', 'execute', 'complete'])).toEqual([
      'draft',
      'verifying',
      'documents',
      'ready',
      'pending_approval',
      'approved',
      'executed',
      'completed',
    ]);
  });

  it('no documents and no approval needed (e.g. a card loss): skip_documents then auto_approve', () => {
    expect(walk('draft', ['start_verification', 'skip_documents', 'auto_approve', 'execute', 'complete']).at(-1)).toBe('completed');
  });

  it('returned for correction, resubmitted, then approved', () => {
    const path = walk('ready', ['submit', 'return', 'resubmit', 'submit', 'approve']);
    expect(path).toEqual(['ready', 'pending_approval', 'returned', 'ready', 'pending_approval', 'approved']);
  });

  it('the maker may withdraw a pending case, but never an approved or executed one', () => {
    expect(transition('pending_approval', 'cancel')).toEqual({ ok: true, to: 'cancelled' });
    expect(transition('approved', 'cancel')).toEqual({ ok: false, reason: 'not_allowed' });
    expect(transition('executed', 'cancel')).toEqual({ ok: false, reason: 'not_allowed' });
  });

  it('approved and executed cases do not expire (money may be moving)', () => {
    expect(transition('approved', 'expire')).toEqual({ ok: false, reason: 'not_allowed' });
    expect(transition('executed', 'expire')).toEqual({ ok: false, reason: 'not_allowed' });
  });

  it('approval only happens from pending_approval; auto-approval only from ready', () => {
    expect(CASE_STATES.filter((s) => transition(s, 'approve').ok)).toEqual(['pending_approval']);
    expect(CASE_STATES.filter((s) => transition(s, 'auto_approve').ok)).toEqual(['ready']);
  });

  it('a returned case goes back to ready, not to verification', () => {
    expect(transition('returned', 'resubmit')).toEqual({ ok: true, to: 'ready' });
    expect(transition('returned', 'start_verification')).toEqual({ ok: false, reason: 'not_allowed' });
    expect(transition('returned', 'submit')).toEqual({ ok: false, reason: 'not_allowed' });
  });

  it('executing twice is refused', () => {
    expect(() => walk('approved', ['execute', 'execute'])).toThrow('executed + execute: not_allowed');
  });
});

describe('guards for values from outside', () => {
  it('isCaseState / isCaseEvent', () => {
    expect(CASE_STATES.every(isCaseState)).toBe(true);
    expect(CASE_EVENTS.every(isCaseEvent)).toBe(true);
    for (const bad of ['', 'DRAFT', 'constructor', 'toString', null, undefined, 1, {}]) {
      expect(isCaseState(bad)).toBe(false);
      expect(isCaseEvent(bad)).toBe(false);
    }
  });

  it('a prototype key cast as an event is refused, not followed', () => {
    expect(transition('draft', 'constructor' as CaseEvent)).toEqual({ ok: false, reason: 'not_allowed' });
    expect(transition('draft', '__proto__' as CaseEvent)).toEqual({ ok: false, reason: 'not_allowed' });
  });
});
