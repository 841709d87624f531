import { describe, expect, it } from 'vitest';
import { calendarOf, endOfBeijingDay } from '@/lib/calendar/working-days';
import { DEFAULT_DEADLINE_POLICY, deadlinePolicySchema, deadlineState, deadlinesFor, type DeadlinePolicy } from './deadlines';
import { COMPLAINT_CATEGORIES, COMPLAINT_SEVERITIES } from './lifecycle';

/** National Day 2026: 1–7 October off (weekdays listed), made up on Sunday 27 September and Saturday 10 October. */
const NATIONAL_DAY = calendarOf([
  { date: '2026-09-27', kind: 'workday' },
  ...['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'].map((date) => ({ date, kind: 'holiday' as const })),
  { date: '2026-10-10', kind: 'workday' },
]);

/** 10:00 in Beijing on a date. */
const at10 = (date: string) => new Date(`${date}T02:00:00Z`);
const iso = (d: { acknowledgeBy: Date; resolveBy: Date }) => ({ acknowledgeBy: d.acknowledgeBy.toISOString(), resolveBy: d.resolveBy.toISOString() });

describe('the default policy', () => {
  it('is 1 working day to acknowledge and 15 to resolve, and passes its own schema', () => {
    expect(DEFAULT_DEADLINE_POLICY).toEqual({ default: { acknowledgeDays: 1, resolveDays: 15 }, rules: [] });
    expect(deadlinePolicySchema.parse(DEFAULT_DEADLINE_POLICY)).toEqual(DEFAULT_DEADLINE_POLICY);
  });

  it('counts from the day after receipt, to the end of the Beijing working day', () => {
    // Tuesday 24 November → acknowledge by Wednesday 25, resolve by Tuesday 15 December (15 working days).
    const d = deadlinesFor(DEFAULT_DEADLINE_POLICY, { category: 'delay', severity: 'medium', receivedAt: at10('2026-11-24') });
    expect(iso(d)).toEqual({ acknowledgeBy: '2026-11-25T15:59:59.999Z', resolveBy: '2026-12-15T15:59:59.999Z' });
  });

  it('applies to every category and severity alike', () => {
    const all = COMPLAINT_CATEGORIES.flatMap((category) =>
      COMPLAINT_SEVERITIES.map((severity) => iso(deadlinesFor(DEFAULT_DEADLINE_POLICY, { category, severity, receivedAt: at10('2026-11-24') }))),
    );
    expect(new Set(all.map((d) => JSON.stringify(d))).size).toBe(1);
  });

  it('a complaint received on Friday evening or the weekend is acknowledged by Monday', () => {
    for (const receivedAt of [new Date('2026-11-27T12:00:00Z'), at10('2026-11-28'), new Date('2026-11-29T15:59:59Z')])
      expect(deadlinesFor(DEFAULT_DEADLINE_POLICY, { category: 'fees', severity: 'low', receivedAt }).acknowledgeBy).toEqual(endOfBeijingDay('2026-11-30'));
  });

  it('received after Beijing midnight counts from the Beijing day', () => {
    // 2026-11-23T16:30Z is Tuesday 24 November in Beijing (still Monday 23 in UTC).
    const d = deadlinesFor(DEFAULT_DEADLINE_POLICY, { category: 'delay', severity: 'low', receivedAt: new Date('2026-11-23T16:30:00Z') });
    expect(d.acknowledgeBy).toEqual(endOfBeijingDay('2026-11-25'));
  });
});

describe('rule specificity', () => {
  const rules: DeadlinePolicy['rules'] = [
    { severity: 'high', acknowledgeDays: 1, resolveDays: 5 },
    { category: 'information_security', acknowledgeDays: 1, resolveDays: 10 },
    { category: 'information_security', severity: 'high', acknowledgeDays: 1, resolveDays: 3 },
    { category: 'fees', severity: 'low', acknowledgeDays: 2, resolveDays: 20 },
  ];
  const policy: DeadlinePolicy = deadlinePolicySchema.parse({ default: { acknowledgeDays: 1, resolveDays: 15 }, rules });
  const received = at10('2026-11-24');
  const resolveDays = (p: DeadlinePolicy, category: (typeof COMPLAINT_CATEGORIES)[number], severity: (typeof COMPLAINT_SEVERITIES)[number]) =>
    deadlinesFor(p, { category, severity, receivedAt: received }).resolveBy;

  it.each([
    ['information_security', 'high', '2026-11-27'], // category + severity (3) beats category (10) and severity (5)
    ['information_security', 'low', '2026-12-08'], // category (10)
    ['delay', 'high', '2026-12-01'], // severity (5)
    ['fees', 'high', '2026-12-01'], // fees + low does not match; severity (5)
    ['fees', 'low', '2026-12-22'], // category + severity (20)
    ['other', 'medium', '2026-12-15'], // nothing matches: default (15)
  ] as const)('%s / %s → resolve by %s', (category, severity, date) => {
    expect(resolveDays(policy, category, severity)).toEqual(endOfBeijingDay(date));
  });

  it('the acknowledge limit comes from the same rule', () => {
    expect(deadlinesFor(policy, { category: 'fees', severity: 'low', receivedAt: received }).acknowledgeBy).toEqual(endOfBeijingDay('2026-11-26'));
  });

  it('does not depend on the order of the rules', () => {
    const reversed = { ...policy, rules: [...policy.rules].reverse() };
    for (const category of COMPLAINT_CATEGORIES)
      for (const severity of COMPLAINT_SEVERITIES) expect(resolveDays(reversed, category, severity)).toEqual(resolveDays(policy, category, severity));
  });
});

describe('the holiday calendar moves deadlines', () => {
  it('received the day before National Day: acknowledged by 8 October, not 1 October', () => {
    const c = { category: 'delay', severity: 'medium', receivedAt: at10('2026-09-30') } as const;
    expect(iso(deadlinesFor(DEFAULT_DEADLINE_POLICY, c))).toEqual({ acknowledgeBy: '2026-10-01T15:59:59.999Z', resolveBy: '2026-10-21T15:59:59.999Z' });
    // 8, 9, 10 (Saturday, worked), 12–16, 19–23, 26, 27 October.
    expect(iso(deadlinesFor(DEFAULT_DEADLINE_POLICY, c, NATIONAL_DAY))).toEqual({ acknowledgeBy: '2026-10-08T15:59:59.999Z', resolveBy: '2026-10-27T15:59:59.999Z' });
  });

  it('a make-up Sunday is a working day: received Saturday 26 September, acknowledged by Sunday 27', () => {
    const d = deadlinesFor(DEFAULT_DEADLINE_POLICY, { category: 'other', severity: 'low', receivedAt: at10('2026-09-26') }, NATIONAL_DAY);
    expect(d.acknowledgeBy).toEqual(endOfBeijingDay('2026-09-27'));
  });
});

describe('deadlineState (the countdown)', () => {
  const due = endOfBeijingDay('2026-11-27'); // Friday

  it('ok before the day, with the working days left', () => {
    expect(deadlineState(due, at10('2026-11-24'))).toEqual({ state: 'ok', workingDaysLeft: 3 });
    expect(deadlineState(due, new Date('2026-11-26T15:59:59.999Z'))).toEqual({ state: 'ok', workingDaysLeft: 1 });
  });

  it('due_today from Beijing midnight to the last millisecond of the day', () => {
    expect(deadlineState(due, new Date('2026-11-26T16:00:00Z'))).toEqual({ state: 'due_today', workingDaysLeft: 0 });
    expect(deadlineState(due, due)).toEqual({ state: 'due_today', workingDaysLeft: 0 });
  });

  it('overdue a millisecond later; the weekend costs no working day, the Monday does', () => {
    expect(deadlineState(due, new Date(due.getTime() + 1))).toEqual({ state: 'overdue', workingDaysLeft: 0 });
    expect(deadlineState(due, at10('2026-11-29'))).toEqual({ state: 'overdue', workingDaysLeft: 0 });
    expect(deadlineState(due, at10('2026-11-30'))).toEqual({ state: 'overdue', workingDaysLeft: -1 });
    expect(deadlineState(due, at10('2026-12-04'))).toEqual({ state: 'overdue', workingDaysLeft: -5 });
  });

  it('counts through the holiday calendar', () => {
    const ackBy = endOfBeijingDay('2026-10-08');
    expect(deadlineState(ackBy, at10('2026-09-30'), NATIONAL_DAY)).toEqual({ state: 'ok', workingDaysLeft: 1 });
    expect(deadlineState(ackBy, at10('2026-10-05'), NATIONAL_DAY)).toEqual({ state: 'ok', workingDaysLeft: 1 });
    expect(deadlineState(endOfBeijingDay('2026-10-09'), at10('2026-10-12'), NATIONAL_DAY)).toEqual({ state: 'overdue', workingDaysLeft: -2 });
  });
});

describe('deadlinePolicySchema refusals', () => {
  const base = { default: { acknowledgeDays: 1, resolveDays: 15 } };
  const issues = (input: unknown) => {
    const r = deadlinePolicySchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`).sort();
  };

  it('days are whole numbers from 1 to 60', () => {
    for (const bad of [0, 61, 1.5, -1, '5', null, Number.NaN]) expect(issues({ default: { acknowledgeDays: 1, resolveDays: bad } })).toEqual(['default.resolveDays:errors.complaints.days']);
    expect(issues({ default: { acknowledgeDays: 60, resolveDays: 60 } })).toEqual([]);
    expect(issues({ ...base, rules: [{ severity: 'high', acknowledgeDays: 0, resolveDays: 5 }] })).toEqual(['rules.0.acknowledgeDays:errors.complaints.days']);
  });

  it('acknowledging cannot take longer than resolving, in the default or a rule', () => {
    expect(issues({ default: { acknowledgeDays: 5, resolveDays: 3 } })).toEqual(['default.acknowledgeDays:errors.complaints.acknowledgeAfterResolve']);
    expect(issues({ ...base, rules: [{ category: 'fees', acknowledgeDays: 4, resolveDays: 2 }] })).toEqual(['rules.0.acknowledgeDays:errors.complaints.acknowledgeAfterResolve']);
    expect(issues({ default: { acknowledgeDays: 3, resolveDays: 3 } })).toEqual([]);
  });

  it('a rule names a known category or severity, at least one of them', () => {
    expect(issues({ ...base, rules: [{ acknowledgeDays: 1, resolveDays: 5 }] })).toEqual(['rules.0.category:errors.complaints.ruleMatchesAll']);
    expect(issues({ ...base, rules: [{ category: 'rudeness', acknowledgeDays: 1, resolveDays: 5 }] })).toEqual(['rules.0.category:errors.invalid']);
    expect(issues({ ...base, rules: [{ severity: 'critical', acknowledgeDays: 1, resolveDays: 5 }] })).toEqual(['rules.0.severity:errors.invalid']);
  });

  it('two rules for the same category and severity are refused (the second is marked)', () => {
    const rule = { category: 'fees', severity: 'high', acknowledgeDays: 1, resolveDays: 5 };
    expect(issues({ ...base, rules: [rule, { severity: 'high', acknowledgeDays: 1, resolveDays: 5 }, { ...rule, resolveDays: 7 }] })).toEqual(['rules.2:errors.complaints.duplicateRule']);
    // The same category with different severities, or category-only beside category+severity, are distinct rules.
    expect(issues({ ...base, rules: [rule, { ...rule, severity: 'low' }, { category: 'fees', acknowledgeDays: 1, resolveDays: 5 }] })).toEqual([]);
  });

  it('reports every problem at once', () => {
    expect(issues({ default: { acknowledgeDays: 0, resolveDays: 61 }, rules: [{ acknowledgeDays: 9, resolveDays: 2 }] })).toEqual([
      'default.acknowledgeDays:errors.complaints.days',
      'default.resolveDays:errors.complaints.days',
      'rules.0.acknowledgeDays:errors.complaints.acknowledgeAfterResolve',
      'rules.0.category:errors.complaints.ruleMatchesAll',
    ]);
  });

  it('rules may be left out', () => {
    expect(deadlinePolicySchema.parse(base)).toEqual({ ...base, rules: [] });
  });
});
