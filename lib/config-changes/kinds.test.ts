import { describe, expect, it } from 'vitest';
import { CONFIG_KINDS, CONFIG_ROLES, changeNote, changeRef, configDecisionSchema, mayConfigure } from './kinds';

describe('who keeps which configuration', () => {
  it('supervisors the complaint deadlines and the weights, administrators the calendar, QC (and supervisors) the plans', () => {
    expect(CONFIG_KINDS.filter((k) => mayConfigure(k, 'supervisor'))).toEqual(['complaint_policy', 'appraisal_weights', 'qc_plan']);
    expect(CONFIG_KINDS.filter((k) => mayConfigure(k, 'admin'))).toEqual(['calendar']);
    expect(CONFIG_KINDS.filter((k) => mayConfigure(k, 'qc'))).toEqual(['qc_plan']);
    expect(CONFIG_KINDS.filter((k) => mayConfigure(k, 'teller'))).toEqual([]);
    expect(Object.keys(CONFIG_ROLES).sort()).toEqual([...CONFIG_KINDS].sort());
  });

  it('names a change by its id’s first eight characters', () => {
    expect(changeRef('3f2a9c1e-0b4d-4e8f-9a7b-1c2d3e4f5a6b')).toBe('3F2A9C1E');
  });
});

describe('a decision on a change', () => {
  const changeId = '3f2a9c1e-0b4d-4e8f-9a7b-1c2d3e4f5a6b';

  it('approves without a note, rejects only with one', () => {
    expect(configDecisionSchema.parse({ changeId, decision: 'approve' })).toEqual({ changeId, decision: 'approve', note: '' });
    expect(configDecisionSchema.parse({ changeId, decision: 'reject', note: ' 与公布安排不符 ' })).toEqual({ changeId, decision: 'reject', note: '与公布安排不符' });
    const r = configDecisionSchema.safeParse({ changeId, decision: 'reject', note: '  ' });
    expect(r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['note', 'errors.config.rejectionNote']]);
  });

  it('refuses an unknown decision and a malformed id', () => {
    const r = configDecisionSchema.safeParse({ changeId: 'CHG-1', decision: 'approved' });
    expect(r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['changeId', 'errors.invalid'],
      ['decision', 'errors.invalid'],
    ]);
  });

  it('a proposal says why in 2 to 500 characters', () => {
    expect(changeNote.safeParse(' 年度复核 ').data).toBe('年度复核');
    expect(changeNote.safeParse('好').success).toBe(false);
    expect(changeNote.safeParse('长'.repeat(501)).success).toBe(false);
    expect(changeNote.safeParse(undefined).error?.issues[0]?.message).toBe('errors.config.note');
  });
});
