import { expect, test } from '@playwright/test';
import { expectAccessible, newSignedInPage, withDatabase, withDemoPassword } from './helpers';

/*
 * The default plan (每周抽检 Weekly sample: 10% per teller, 30% in a teller's first 4 weeks, every risk-flagged session)
 * draws a week three weeks back, which only this spec's sessions fall in: twelve ended sessions of the demo teller
 * 王晓柜, one rated 1 by the customer (low satisfaction) and one of 10 seconds (too short). The demo accounts are new
 * (created with the demo data), so the teller's rate is 30%: ceil(12 × 30%) = 4, of which the two risk sessions are
 * two, and two of the ten others at random. They are shared among the inspectors; the seed is recorded. Drawn to its
 * end, the week is no longer offered.
 */
const DAY = 86_400_000;
const BEIJING = 8 * 3_600_000;

test('a plan draws a past week: every risk-flagged session, shared among the inspectors with its reason, the seed recorded', async ({ browser }) => {
  // The Monday (Beijing) of the week three weeks back, and the week's sessions from 10:00 that day.
  const local = new Date(Date.now() + BEIJING - 21 * DAY);
  const monday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - ((local.getUTCDay() + 6) % 7) * DAY);
  const week = monday.toISOString().slice(0, 10);
  const first = new Date(monday.getTime() - BEIJING + 10 * 3_600_000);
  const sessions = await withDatabase(async (sql) => {
    const [teller] = await sql<{ id: string }[]>`SELECT id FROM staff WHERE username = 'teller'`;
    return sql<{ id: string; seconds: number; satisfaction: number }[]>`
      INSERT INTO service_sessions (teller_id, channel, status, started_at, ended_at, outcome, satisfaction)
      SELECT ${teller!.id}::uuid, 'phone'::channel, 'ended'::service_session_status, t, t + make_interval(secs => CASE g WHEN 2 THEN 10 ELSE 300 END), 'resolved'::session_outcome, (CASE g WHEN 1 THEN 1 ELSE 5 END)::smallint
      FROM (SELECT ${first.toISOString()}::timestamptz + make_interval(mins => g * 10) AS t, g FROM generate_series(1, 12) AS g) AS s
      RETURNING id, extract(epoch FROM ended_at - started_at)::int AS seconds, satisfaction`;
  });
  const unhappy = sessions.find((s) => s.satisfaction === 1)!.id;
  const short = sessions.find((s) => s.seconds === 10)!.id;

  const qc2 = await newSignedInPage(browser, 'qc2');
  await qc2.goto('/qc/plans');
  const form = qc2.getByRole('form', { name: '立即抽取 每周抽检 Weekly sample' });
  const period = form.getByLabel('抽样周期');
  await expect(period.locator(`option[value="${week}"]`)).toHaveText(/（未抽样）$/);
  await period.selectOption(week);
  await form.getByRole('button', { name: '立即抽取' }).click();
  await expect(qc2.getByText('已抽样：12 个候选会话中抽取 4 个，已分配给质检人员。')).toBeVisible();

  // Recorded: the week, what it covered, who drew it, the seed; the week drawn to its end is no longer offered.
  const history = qc2.getByRole('table', { name: /每周抽检 Weekly sample/ });
  const row = history.getByRole('row').filter({ hasText: '吴评 Wu Ping' }).first();
  await expect(row).toContainText('12');
  await expect(row.getByRole('cell').last()).toHaveText(/^[0-9a-f]{32}$/);
  await expect(period.locator(`option[value="${week}"]`)).toHaveCount(0);
  await expectAccessible(qc2);

  // Each risk session went to an inspector, with its reason, and the inspector sees it so on their list.
  const assigned = await withDatabase(
    (sql) => sql<{ session_id: string; username: string; reason: string; risk_reasons: string[] }[]>`
      SELECT a.session_id, q.username, a.reason, a.risk_reasons FROM qc_assignments a JOIN staff q ON q.id = a.inspector_id
      WHERE a.session_id = ANY(${sessions.map((s) => s.id)}::uuid[]) ORDER BY a.created_at`,
  );
  const risk = assigned.filter((a) => a.reason === 'risk').map((a) => [a.session_id, a.risk_reasons]);
  expect(risk.sort()).toEqual([[unhappy, ['low_satisfaction']], [short, ['short_handle']]].sort());
  expect(assigned.filter((a) => a.reason === 'random')).toHaveLength(2);
  const who = assigned.find((a) => a.session_id === unhappy)!.username;
  const inspector = await newSignedInPage(browser, await withDemoPassword(who));
  await inspector.goto('/qc');
  const mine = inspector.getByRole('table', { name: '我的质检任务' });
  await expect(mine.getByRole('row').filter({ hasText: '客户满意度低' })).toHaveCount(1);
  await expectAccessible(inspector);
});
