import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from '@/db';
import { listCalendar, loadCalendar } from '@/lib/calendar/store';
import { disputeWindowEnd } from '@/lib/qc/feedback';
import { saveInspection } from '@/lib/qc/inspection';
import { expectRefusedAs as expectRefused, runAs as run } from './actions';
import { endedSession, makeUser, type TestUser } from './factories';
import { auditSince, businessChecksums, maxAuditSeq, pgFailure } from './helpers';

// The working calendar (工作日历). Every day this file sets is in 2031, far from the "now" other files count working
// days from (their dispute windows and due dates stay Monday to Friday), and removed again at the end.

let admin: TestUser;
let others: Record<'teller' | 'supervisor' | 'qc', TestUser>;

const calendarRows = () => sql<{ day: string; kind: string; name: string; set_by: string | null }[]>`
  SELECT day, kind, name, set_by FROM working_calendar WHERE day LIKE '2031-%' ORDER BY day`;

beforeAll(async () => {
  admin = await makeUser('admin');
  const [teller, supervisor, qc] = await Promise.all([makeUser('teller'), makeUser('supervisor'), makeUser('qc')]);
  others = { teller, supervisor, qc };
});

afterAll(async () => {
  await sql`DELETE FROM working_calendar WHERE day LIKE '2031-%'`;
});

describe('an administrator keeps the calendar', () => {
  it('sets a holiday and a make-up working day, audited; setting a day again replaces it', async () => {
    const seq = await maxAuditSeq();
    expect(await run(admin, 'calendar.set', { date: '2031-10-01', kind: 'holiday', name: ' 国庆节 ' })).toEqual({
      ok: true, data: undefined, message: 'calendar.setHoliday', messageValues: { date: '2031-10-01', name: '国庆节' },
    });
    expect(await run(admin, 'calendar.set', { date: '2031-09-27', kind: 'workday', name: '国庆调休' })).toMatchObject({ ok: true, message: 'calendar.setWorkday' });
    expect(await calendarRows()).toEqual([
      { day: '2031-09-27', kind: 'workday', name: '国庆调休', set_by: admin.id },
      { day: '2031-10-01', kind: 'holiday', name: '国庆节', set_by: admin.id },
    ]);
    expect(await auditSince(seq)).toMatchObject([
      { action: 'calendar.set', outcome: 'ok', actor_id: admin.id, entity_id: '2031-10-01', details: { day: '2031-10-01', kind: 'holiday', name: '国庆节' } },
      { action: 'calendar.set', outcome: 'ok', actor_id: admin.id, entity_id: '2031-09-27', details: { day: '2031-09-27', kind: 'workday', name: '国庆调休' } },
    ]);
    // The screen's list of the year names who set each day; another year does not show them.
    expect(await listCalendar(2031)).toEqual([
      { date: '2031-09-27', kind: 'workday', name: '国庆调休', setByName: admin.displayName, setAt: expect.any(Date) },
      { date: '2031-10-01', kind: 'holiday', name: '国庆节', setByName: admin.displayName, setAt: expect.any(Date) },
    ]);
    expect((await listCalendar(2030)).filter((d) => d.date.startsWith('2031'))).toEqual([]);
    const cal = await loadCalendar();
    expect([cal.holidays.has('2031-10-01'), cal.workdays.has('2031-09-27')]).toEqual([true, true]);

    expect(await run(admin, 'calendar.set', { date: '2031-10-01', kind: 'holiday', name: '国庆节（补）' })).toMatchObject({ ok: true });
    expect((await calendarRows()).find((r) => r.day === '2031-10-01')).toMatchObject({ name: '国庆节（补）' });
  });

  it('refuses, at the date, a holiday on a weekend and a make-up day on a weekday; and impossible dates and empty names', async () => {
    await expectRefused(admin, 'calendar.set', { date: '2031-03-08', kind: 'holiday', name: '周六' }, 'errors.checkFields', { date: ['errors.calendar.holidayOnWeekend'] });
    await expectRefused(admin, 'calendar.set', { date: '2031-03-07', kind: 'workday', name: '周五' }, 'errors.checkFields', { date: ['errors.calendar.workdayNotWeekend'] });
    await expectRefused(admin, 'calendar.set', { date: '2031-02-30', kind: 'holiday', name: '  ', extra: 'x' }, 'errors.checkFields', { date: ['errors.date'], name: ['errors.required'] });
    await expectRefused(admin, 'calendar.set', { date: '2031-03-07', kind: 'vacation', name: '名'.repeat(41) }, 'errors.checkFields', { kind: ['errors.invalid'], name: ['errors.tooLong'] });
    expect(await sql`SELECT day FROM working_calendar WHERE day IN ('2031-03-08', '2031-03-07', '2031-02-30')`).toEqual([]);
    // The database holds the same rule.
    expect(await pgFailure(() => sql`INSERT INTO working_calendar (day, kind, name) VALUES ('2031-03-08', 'holiday', '周六')`)).toMatchObject({ code: '23514', constraint: 'working_calendar_kind' });
  });

  it('removes a day, audited with what it was; a second removal is refused and changes nothing', async () => {
    expect(await run(admin, 'calendar.set', { date: '2031-05-02', kind: 'holiday', name: '劳动节' })).toMatchObject({ ok: true });
    const seq = await maxAuditSeq();
    expect(await run(admin, 'calendar.remove', { date: '2031-05-02' })).toEqual({ ok: true, data: undefined, message: 'calendar.removed', messageValues: { date: '2031-05-02' } });
    expect(await sql`SELECT day FROM working_calendar WHERE day = '2031-05-02'`).toEqual([]);
    expect(await auditSince(seq)).toMatchObject([{ action: 'calendar.remove', outcome: 'ok', actor_id: admin.id, entity_id: '2031-05-02', details: { day: '2031-05-02', kind: 'holiday', name: '劳动节' } }]);
    await expectRefused(admin, 'calendar.remove', { date: '2031-05-02' }, 'errors.calendar.notSet');
    await expectRefused(admin, 'calendar.remove', { date: '5月2日' }, 'errors.checkFields', { date: ['errors.date'] });
  });
});

describe('nobody else keeps it', () => {
  it('a teller, a supervisor, QC and the signed-out are refused, and the calendar is unchanged', async () => {
    expect(await run(admin, 'calendar.set', { date: '2031-05-01', kind: 'holiday', name: '劳动节' })).toMatchObject({ ok: true });
    const before = await calendarRows();
    for (const user of Object.values(others)) {
      await expectRefused(user, 'calendar.set', { date: '2031-05-05', kind: 'holiday', name: '劳动节' }, 'errors.forbidden', {}, 'denied');
      await expectRefused(user, 'calendar.remove', { date: '2031-05-01' }, 'errors.forbidden', {}, 'denied');
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
  });
});

describe('QC deadlines count by the calendar', () => {
  // Submitted on Friday 7 March 2031; Monday 10 to Friday 14 March are holidays and Saturday 15 March is worked (调休).
  const FRIDAY = new Date('2031-03-07T10:00:00+08:00');

  it('the dispute window and a rectification opened by a failed item run past the holiday week', async () => {
    for (const date of ['2031-03-10', '2031-03-11', '2031-03-12', '2031-03-13', '2031-03-14']) {
      expect(await run(admin, 'calendar.set', { date, kind: 'holiday', name: '测试假期' })).toMatchObject({ ok: true });
    }
    expect(await run(admin, 'calendar.set', { date: '2031-03-15', kind: 'workday', name: '测试调休' })).toMatchObject({ ok: true });
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
