import { describe, expect, it } from 'vitest';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_EVENTS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATES,
  COMPLAINT_TRANSITIONS,
  INITIAL_COMPLAINT_STATE,
  allowedComplaintEvents,
  complaintTransitionPairs,
  isComplaintEvent,
  isComplaintState,
  nextComplaintState,
  type ComplaintEvent,
  type ComplaintState,
} from './lifecycle';

/**
 * Every allowed (state, event) pair, written out by hand rather than read from the table, so a change to the table
 * has to be made twice, on purpose. Every other pair of the 5 × 5 matrix must be refused.
 */
const ALLOWED: [ComplaintState, ComplaintEvent, ComplaintState][] = [
  ['accepted', 'investigate', 'investigating'],
  ['investigating', 'resolve', 'resolved'],
  ['resolved', 'record_feedback', 'feedback'],
  ['resolved', 'reopen', 'investigating'],
  ['feedback', 'close', 'closed'],
  ['feedback', 'reopen', 'investigating'],
  ['closed', 'reopen', 'investigating'],
];
const expected = new Map(ALLOWED.map(([from, event, to]) => [`${from}:${event}`, to]));

const matrix = COMPLAINT_STATES.flatMap((state) => COMPLAINT_EVENTS.map((event) => [state, event] as const));

describe('complaint lifecycle: the full matrix', () => {
  it('covers 5 states × 5 events, no duplicates in the expected list', () => {
    expect(COMPLAINT_STATES).toEqual(['accepted', 'investigating', 'resolved', 'feedback', 'closed']);
    expect(COMPLAINT_EVENTS).toEqual(['investigate', 'resolve', 'record_feedback', 'close', 'reopen']);
    expect(matrix).toHaveLength(25);
    expect(expected.size).toBe(ALLOWED.length);
  });

  it.each(matrix)('%s + %s: allowed or refused exactly as listed', (state, event) => {
    expect(nextComplaintState(state, event)).toBe(expected.get(`${state}:${event}`) ?? null);
  });

  it('the table itself has exactly the listed transitions', () => {
    const fromTable = COMPLAINT_STATES.flatMap((from) => Object.entries(COMPLAINT_TRANSITIONS[from]).map(([event, to]) => [from, event, to]));
    expect(fromTable.sort()).toEqual([...ALLOWED].sort());
  });

  it('every target is a known state and every event is used somewhere', () => {
    for (const [, , to] of ALLOWED) expect(COMPLAINT_STATES).toContain(to);
    expect(new Set(ALLOWED.map(([, event]) => event))).toEqual(new Set(COMPLAINT_EVENTS));
  });

  it.each(COMPLAINT_STATES)('allowedComplaintEvents(%s) lists exactly the allowed events, in COMPLAINT_EVENTS order', (state) => {
    expect(allowedComplaintEvents(state)).toEqual(COMPLAINT_EVENTS.filter((e) => expected.has(`${state}:${e}`)));
  });
});

describe('complaintTransitionPairs (for the database trigger)', () => {
  it('lists each allowed status change once, in state order', () => {
    expect(complaintTransitionPairs()).toEqual([
      { from: 'accepted', to: 'investigating' },
      { from: 'investigating', to: 'resolved' },
      { from: 'resolved', to: 'investigating' },
      { from: 'resolved', to: 'feedback' },
      { from: 'feedback', to: 'investigating' },
      { from: 'feedback', to: 'closed' },
      { from: 'closed', to: 'investigating' },
    ]);
  });

  it('agrees with the hand-written list, with no self-loops', () => {
    const pairs = complaintTransitionPairs().map((p) => `${p.from}>${p.to}`);
    expect(new Set(pairs)).toEqual(new Set(ALLOWED.map(([from, , to]) => `${from}>${to}`)));
    expect(new Set(pairs).size).toBe(pairs.length);
    for (const p of complaintTransitionPairs()) expect(p.from).not.toBe(p.to);
  });
});

/** Applies events in order, failing loudly on the first refusal. */
function walk(start: ComplaintState, events: ComplaintEvent[]): ComplaintState[] {
  const visited: ComplaintState[] = [start];
  let state = start;
  for (const event of events) {
    const to = nextComplaintState(state, event);
    if (!to) throw new Error(`${state} + ${event}: refused`);
    state = to;
    visited.push(state);
  }
  return visited;
}

describe('paths through the lifecycle', () => {
  it('starts accepted; the happy path, end to end (受理 → 调查 → 处理 → 反馈 → 办结)', () => {
    expect(INITIAL_COMPLAINT_STATE).toBe('accepted');
    expect(walk('accepted', ['investigate', 'resolve', 'record_feedback', 'close'])).toEqual([...COMPLAINT_STATES]);
  });

  it('every state is reachable from accepted, and closed is reachable from every state', () => {
    const reach = (from: ComplaintState) => {
      const seen = new Set<ComplaintState>([from]);
      const queue = [from];
      while (queue.length) {
        const s = queue.shift() as ComplaintState;
        for (const e of allowedComplaintEvents(s)) {
          const to = nextComplaintState(s, e) as ComplaintState;
          if (seen.has(to)) continue;
          seen.add(to);
          queue.push(to);
        }
      }
      return seen;
    };
    expect([...reach('accepted')].sort()).toEqual([...COMPLAINT_STATES].sort());
    for (const s of COMPLAINT_STATES) expect(reach(s).has('closed')).toBe(true);
  });

  it('no shortcuts: not resolved without investigation, not closed without feedback', () => {
    expect(nextComplaintState('accepted', 'resolve')).toBeNull();
    expect(nextComplaintState('accepted', 'close')).toBeNull();
    expect(nextComplaintState('investigating', 'close')).toBeNull();
    expect(nextComplaintState('resolved', 'close')).toBeNull();
    expect(nextComplaintState('investigating', 'record_feedback')).toBeNull();
  });

  it('reopen from resolved, feedback and closed goes back to investigating; not from accepted or investigating', () => {
    expect(COMPLAINT_STATES.filter((s) => nextComplaintState(s, 'reopen') === 'investigating')).toEqual(['resolved', 'feedback', 'closed']);
    expect(nextComplaintState('accepted', 'reopen')).toBeNull();
    expect(nextComplaintState('investigating', 'reopen')).toBeNull();
  });

  it('a customer not satisfied: reopened, handled again, then closed', () => {
    const path = walk('accepted', ['investigate', 'resolve', 'record_feedback', 'reopen', 'resolve', 'record_feedback', 'close']);
    expect(path).toEqual(['accepted', 'investigating', 'resolved', 'feedback', 'investigating', 'resolved', 'feedback', 'closed']);
  });

  it('a closed complaint that comes back is reopened, and can close again', () => {
    expect(walk('closed', ['reopen', 'resolve', 'record_feedback', 'close']).at(-1)).toBe('closed');
  });

  it('closing twice is refused', () => {
    expect(() => walk('feedback', ['close', 'close'])).toThrow('closed + close: refused');
  });
});

describe('closed sets and guards for values from outside', () => {
  it('channels, categories and severities', () => {
    expect(COMPLAINT_CHANNELS).toEqual(['phone', 'online', 'email', 'letter', 'regulator']);
    expect(COMPLAINT_CATEGORIES).toEqual(['service_attitude', 'wrong_operation', 'delay', 'fees', 'information_security', 'other']);
    expect(COMPLAINT_SEVERITIES).toEqual(['low', 'medium', 'high']);
  });

  it('isComplaintState / isComplaintEvent', () => {
    expect(COMPLAINT_STATES.every(isComplaintState)).toBe(true);
    expect(COMPLAINT_EVENTS.every(isComplaintEvent)).toBe(true);
    for (const bad of ['', 'ACCEPTED', 'constructor', 'toString', null, undefined, 1, {}]) {
      expect(isComplaintState(bad)).toBe(false);
      expect(isComplaintEvent(bad)).toBe(false);
    }
  });

  it('a prototype key cast as an event or a state is refused, not followed', () => {
    expect(nextComplaintState('accepted', 'constructor' as ComplaintEvent)).toBeNull();
    expect(nextComplaintState('accepted', '__proto__' as ComplaintEvent)).toBeNull();
    expect(nextComplaintState('toString' as ComplaintState, 'reopen')).toBeNull();
  });
});
