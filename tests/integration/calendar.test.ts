import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from '@/db';
import { listCalendar, loadCalendar } from '@/lib/calendar/store';
import { disputeWindowEnd } from '@/lib/qc/feedback';
import { saveInspection } from '@/lib/qc/inspection';
import { expectRefusedAs as expectRefused, runAs as run } from './actions';
import { endedSession, makeUser, type TestUser } from './factories';
import { auditSince, businessChecksums, maxAuditSeq, pgFailure } from './helpers';

// The working calendar (工作日历). Every day this file sets is in 2031, far from the "now" other files count working
// days from (their dispute windows and due dates stay Monday to Friday), and removed again at the end. A day is set or
// removed when one administrator proposes it and another approves (config-changes.test.ts tries the refusals).

let admin: TestUser;
let admin2: TestUser;
let others: Record<'teller' | 'supervisor' | 'qc', TestUser>;

/** Proposed by the file's administrator, approved by the second: what it takes for a calendar change to apply. */
async function approved(name: 'calendar.set' | 'calendar.remove', payload: Record<string, string>) {
  const proposed = await run(admin, name, { note: '按国务院办公厅公布的安排', ...payload });
  expect(proposed, JSON.stringify(proposed)).toMatchObject({ ok: true, message: 'config.proposed.calendar' });
  const changeId = (proposed as { data: { changeId: string } }).data.changeId;
  expect(await run(admin2, 'config.decide', { changeId, decision: 'approve' })).toMatchObject({ ok: true, message: 'config.approved' });
  return changeId;
}

const calendarRows = () => sql<{ day: string; kind: string; name: string; set_by: string | null }[]>`
  SELECT day, kind, name, set_by FROM working_calendar WHERE day LIKE '2031-%' ORDER BY day`;

beforeAll(async () => {
  [admin, admin2] = await Promise.all([makeUser('admin'), makeUser('admin')]);
  const [teller, supervisor, qc] = await Promise.all([makeUser('teller'), makeUser('supervisor'), makeUser('qc')]);
  others = { teller, supervisor, qc };
});

afterAll(async () => {
  await sql`DELETE FROM working_calendar WHERE day LIKE '2031-%'`;
});

describe('administrators keep the calendar, two of them for each change', () => {
  it('a holiday and a make-up working day proposed, audited, and set once approved (by the approver); setting a day again replaces it', async () => {
    const seq = await maxAuditSeq();
    const proposed = await run(admin, 'calendar.set', { date: '2031-10-01', kind: 'holiday', name: ' 国庆节 ', note: '按国务院办公厅公布的安排' });
    expect(proposed).toEqual({ ok: true, data: { changeId: expect.any(String) }, message: 'config.proposed.calendar' });
    const changeId = (proposed as { data: { changeId: string } }).data.changeId;
    // Nothing is set until another administrator approves.
    expect(await calendarRows()).toEqual([]);
    expect(await run(admin2, 'config.decide', { changeId, decision: 'approve' })).toMatchObject({ ok: true });
    await approved('calendar.set', { date: '2031-09-27', kind: 'workday', name: '国庆调休' });
    expect(await calendarRows()).toEqual([
      { day: '2031-09-27', kind: 'workday', name: '国庆调休', set_by: admin2.id },
      { day: '2031-10-01', kind: 'holiday', name: '国庆节', set_by: admin2.id },
    ]);
    expect(await auditSince(seq)).toMatchObject([
      { action: 'calendar.set', outcome: 'ok', actor_id: admin.id, entity_id: '2031-10-01', details: { change: changeId, day: '2031-10-01', kind: 'holiday', name: '国庆节', was: null } },
      { action: 'config.decide', outcome: 'ok', actor_id: admin2.id, entity_id: changeId, details: { kind: 'calendar', target: '2031-10-01', decision: 'approve', applied: { day: '2031-10-01', kind: 'holiday', name: '国庆节' } } },
      { action: 'calendar.set', outcome: 'ok', actor_id: admin.id, entity_id: '2031-09-27', details: { day: '2031-09-27', kind: 'workday', name: '国庆调休' } },
      { action: 'config.decide', outcome: 'ok', actor_id: admin2.id },
    ]);
    // The screen's list of the year names who set each day (the approver); another year does not show them.
    expect(await listCalendar(2031)).toEqual([
      { date: '2031-09-27', kind: 'workday', name: '国庆调休', setByName: admin2.displayName, setAt: expect.any(Date) },
      { date: '2031-10-01', kind: 'holiday', name: '国庆节', setByName: admin2.displayName, setAt: expect.any(Date) },
    ]);
    expect((await listCalendar(2030)).filter((d) => d.date.startsWith('2031'))).toEqual([]);
    const cal = await loadCalendar();
    expect([cal.holidays.has('2031-10-01'), cal.workdays.has('2031-09-27')]).toEqual([true, true]);

    await approved('calendar.set', { date: '2031-10-01', kind: 'holiday', name: '国庆节（补）' });
    expect((await calendarRows()).find((r) => r.day === '2031-10-01')).toMatchObject({ name: '国庆节（补）' });
  });

  it('refuses, at the date, a holiday on a weekend and a make-up day on a weekday; and impossible dates, empty names and a missing note', async () => {
    const note = '按公布安排';
    await expectRefused(admin, 'calendar.set', { date: '2031-03-08', kind: 'holiday', name: '周六', note }, 'errors.checkFields', { date: ['errors.calendar.holidayOnWeekend'] });
    await expectRefused(admin, 'calendar.set', { date: '2031-03-07', kind: 'workday', name: '周五', note }, 'errors.checkFields', { date: ['errors.calendar.workdayNotWeekend'] });
    await expectRefused(admin, 'calendar.set', { date: '2031-02-30', kind: 'holiday', name: '  ', extra: 'x', note }, 'errors.checkFields', { date: ['errors.date'], name: ['errors.required'] });
    await expectRefused(admin, 'calendar.set', { date: '2031-03-07', kind: 'vacation', name: '名'.repeat(41), note: ' ' }, 'errors.checkFields', { kind: ['errors.invalid'], name: ['errors.tooLong'], note: ['errors.config.note'] });
    expect(await sql`SELECT day FROM working_calendar WHERE day IN ('2031-03-08', '2031-03-07', '2031-02-30')`).toEqual([]);
    // The database holds the same rule.
    expect(await pgFailure(() => sql`INSERT INTO working_calendar (day, kind, name) VALUES ('2031-03-08', 'holiday', '周六')`)).toMatchObject({ code: '23514', constraint: 'working_calendar_kind' });
  });

  it('removes a day once approved, audited with what it was; removing a day not set is refused and changes nothing', async () => {
    await approved('calendar.set', { date: '2031-05-02', kind: 'holiday', name: '劳动节' });
    const seq = await maxAuditSeq();
    const changeId = await approved('calendar.remove', { date: '2031-05-02' });
    expect(await sql`SELECT day FROM working_calendar WHERE day = '2031-05-02'`).toEqual([]);
    expect(await auditSince(seq)).toMatchObject([
      { action: 'calendar.remove', outcome: 'ok', actor_id: admin.id, entity_id: '2031-05-02', details: { change: changeId, day: '2031-05-02', remove: true, was: { kind: 'holiday', name: '劳动节' } } },
      { action: 'config.decide', outcome: 'ok', actor_id: admin2.id, details: { applied: { day: '2031-05-02', removed: 'holiday:劳动节' } } },
    ]);
    await expectRefused(admin, 'calendar.remove', { date: '2031-05-02', note: '重复移除' }, 'errors.calendar.notSet');
    await expectRefused(admin, 'calendar.remove', { date: '5月2日' }, 'errors.checkFields', { date: ['errors.date'], note: ['errors.config.note'] });
  });
});

describe('nobody else keeps it', () => {
  it('a teller, a supervisor, QC and the signed-out are refused, and the calendar is unchanged', async () => {
    await approved('calendar.set', { date: '2031-05-01', kind: 'holiday', name: '劳动节' });
    const before = await calendarRows();
    for (const user of Object.values(others)) {
      await expectRefused(user, 'calendar.set', { date: '2031-05-05', kind: 'holiday', name: '劳动节', note: '劳动节' }, 'errors.forbidden', {}, 'denied');
      await expectRefused(user, 'calendar.remove', { date: '2031-05-01', note: '取消' }, 'errors.forbidden', {}, 'denied');
    }
    const checksums = await businessChecksums();
    const seq = await maxAuditSeq();
    for (const [name, payload] of [['calendar.set', { date: '2031-05-05', kind: 'holiday', name: '劳动节' }], ['calendar.remove', { date: '2031-05-01' }]] as const) {
      expect(await run({ sid: null } as unknown as TestUser, name, payload)).toEqual({ ok: false, message: 'errors.signedOut', fieldErrors: {} });
    }
    expect(await businessChecksums()).toEqual(checksums);
    expect(await auditSince(seq)).toMatchObject([
      { action: 'calendar.set', outcome: 'denied', actor_id: null, details: { reason: 'signed_out' } },
      { action: 'calendar.remove', outcome: 'denied', actor_id: null, details: { reason: 'signed_out' } },
    ]);
    expect(await calendarRows()).toEqual(before);

    // Nor do they decide an administrator's proposal: a teller may not decide anything, a supervisor or QC not this.
    const proposed = await run(admin, 'calendar.remove', { date: '2031-05-01', note: '安排调整' });
    const changeId = (proposed as { data: { changeId: string } }).data.changeId;
    await expectRefused(others.teller, 'config.decide', { changeId, decision: 'approve' }, 'errors.forbidden', {}, 'denied');
    for (const user of [others.supervisor, others.qc]) await expectRefused(user, 'config.decide', { changeId, decision: 'approve' }, 'errors.config.wrongRole', {}, 'denied');
    expect(await run(admin2, 'config.decide', { changeId, decision: 'reject', note: '安排未变' })).toMatchObject({ ok: true, message: 'config.rejected' });
    expect(await calendarRows()).toEqual(before);
  });
});

describe('QC deadlines count by the calendar', () => {
  // Submitted on Friday 7 March 2031; Monday 10 to Friday 14 March are holidays and Saturday 15 March is worked (调休).
  const FRIDAY = new Date('2031-03-07T10:00:00+08:00');

  it('the dispute window and a rectification opened by a failed item run past the holiday week', async () => {
    for (const date of ['2031-03-10', '2031-03-11', '2031-03-12', '2031-03-13', '2031-03-14']) await approved('calendar.set', { date, kind: 'holiday', name: '测试假期' });
    await approved('calendar.set', { date: '2031-03-15', kind: 'workday', name: '测试调休' });
    const cal = await loadCalendar();
    // Without the calendar the window would end on Friday 14 March; with it: 15, 17, 18, 19, 20 March.
    expect(disputeWindowEnd(FRIDAY, cal).toISOString()).toBe(new Date('2031-03-20T23:59:59.999+08:00').toISOString());

    // A submission then, with no accuracy points (a high finding, so a rectification), through the service: the
    // clock is moved for the submission only (signing in checks the real one).
    const [teller, inspector] = [await makeUser('teller'), await makeUser('qc')];
    const sessionId = await endedSession(teller.id);
    const ratings = {
      r_greeting: 'yes', r_identity_statement: 'yes', r_verification_before_request: 'na', r_confirmation: 'no', r_data_accuracy: '0', r_supplement_followed: 'na',
      r_completeness: 'yes', r_risk_disclosure: 'yes', r_attitude: '5', r_closed_with_outcome: 'yes', r_closing_words: 'yes',
    };
    vi.useFakeTimers({ toFake: ['Date'], now: FRIDAY });
    let inspectionId: string;
    try {
      inspectionId = (await saveInspection(inspector.id, { sessionId, comment: '', ...ratings }, true)).id;
    } finally {
      vi.useRealTimers();
    }
    const [row] = await sql<{ until_ms: number }[]>`SELECT (extract(epoch FROM dispute_until) * 1000)::float8 AS until_ms FROM inspections WHERE id = ${inspectionId}`;
    expect(row!.until_ms).toBe(Date.parse('2031-03-20T23:59:59.999+08:00'));
    // 10 working days: 15, 17–21, 24–27 March (Monday to Friday alone would give 21 March).
    expect(await sql`SELECT r.due_date FROM rectifications r JOIN qc_findings f ON f.id = r.finding_id WHERE f.inspection_id = ${inspectionId}`).toEqual([{ due_date: '2031-03-27' }]);
  });
});
