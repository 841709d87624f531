import { expect, test } from '@playwright/test';
import { expectAccessible, newSignedInPage, withDatabase, withDemoPassword } from './helpers';

/*
 * A complaint from a contact of 王晓柜 with the demo customer 王五 that ended ten minutes ago (arranged in the database:
 * the other demo contacts are inspected by other specs, and a complaint puts its session in an inspector's hands).
 * The teller records it from the session console; a
 * supervisor assigns 李安 as handler (王晓柜, complained about, is not offered); 李安 investigates, resolves, records the
 * customer's feedback and closes it. The customer is told through the outbox at acceptance, progress and resolution;
 * the session lands in an inspector's QC list because of the complaint.
 */
const templates = (ref: string) =>
  withDatabase(async (sql) => {
    const rows = await sql<{ template: string; channel: string }[]>`
      SELECT o.template, o.channel::text FROM outbox_messages o JOIN complaints c ON c.customer_id = o.customer_id
      WHERE c.ref = ${ref} AND o.template LIKE 'complaint%' AND o.created_at >= c.created_at ORDER BY o.created_at, o.channel::text`;
    return rows.map((r) => `${r.template}:${r.channel}`);
  });

test('a complaint from a session is accepted, investigated, resolved and closed, the customer told at each step; the session goes to QC', async ({ browser }) => {
  await withDatabase(
    (sql) => sql`
      INSERT INTO service_sessions (teller_id, channel, customer_id, status, started_at, ended_at, outcome, satisfaction)
      SELECT t.id, 'phone', c.id, 'ended', now() - interval '15 minutes', now() - interval '10 minutes', 'resolved', 2
      FROM staff t, customers c WHERE t.username = 'teller' AND c.name = '王五'`,
  );
  const teller = await newSignedInPage(browser, 'teller');
  await teller.getByRole('row').filter({ hasText: '王五' }).filter({ hasText: '已结束' }).first().getByRole('link').click();
  await teller.getByRole('link', { name: '登记客户投诉' }).click();
  await expect(teller.getByRole('heading', { name: '登记投诉' })).toBeVisible();
  await expect(teller.getByText(/投诉来源会话：王五 与 王晓柜 Wang Xiaogui 的会话/)).toBeVisible();
  const form = teller.getByRole('form', { name: '登记投诉' });
  // Nothing written without the content.
  await form.getByRole('button', { name: '登记投诉' }).click();
  await expect(form.getByText('请填写投诉内容。')).toBeVisible();
  await expectAccessible(teller);
  await form.getByLabel('投诉类别').selectOption({ label: '服务态度' });
  await form.getByLabel('较重').check();
  await form.getByLabel('投诉内容').fill('客户来电反映：上次通话中柜员多次打断，未耐心解释转账限额。');
  await form.getByRole('button', { name: '登记投诉' }).click();
  const heading = teller.getByRole('heading', { name: /^投诉 TS[0-9]{8}-[0-9]{5}$/ });
  await expect(heading).toBeVisible();
  const ref = (await heading.textContent())!.replace('投诉 ', '').trim();
  await expect(teller.getByText('已受理', { exact: true })).toBeVisible();
  await expect(teller.getByText('等待主管分派处理人。')).toBeVisible();
  await expect(teller.getByText('剩余 1 个工作日').or(teller.getByText('今日到期'))).toBeVisible();
  await expectAccessible(teller);

  // A supervisor assigns the handler: the teller complained about is not offered.
  const supervisor = await newSignedInPage(browser, 'supervisor');
  await supervisor.getByRole('navigation', { name: /主导航|Main/ }).getByRole('link', { name: '客户投诉' }).click();
  await expectAccessible(supervisor);
  await supervisor.getByRole('link', { name: ref }).click();
  const assign = supervisor.getByRole('form', { name: `分派投诉 ${ref}` });
  await expect(assign.getByLabel('处理人').locator('option', { hasText: '王晓柜' })).toHaveCount(0);
  await assign.getByLabel('处理人').selectOption({ label: '李安 Li An · 柜员' });
  await assign.getByRole('button', { name: '分派并受理' }).click();
  await expect(supervisor.getByText('已分派处理人。')).toBeVisible();
  await expect.poll(() => templates(ref)).toEqual(['complaintAccepted:in_app', 'complaintAccepted:sms']);

  // The handler investigates, resolves, records the feedback and closes it.
  const handler = await newSignedInPage(browser, 'teller2');
  await handler.goto('/complaints');
  await handler.getByRole('link', { name: ref }).click();
  await handler.getByRole('form', { name: `开始调查投诉 ${ref}` }).getByRole('button', { name: '开始调查' }).click();
  await expect(handler.getByText('已开始调查，并已告知客户。')).toBeVisible();
  await expect.poll(() => templates(ref)).toEqual(['complaintAccepted:in_app', 'complaintAccepted:sms', 'complaintProgress:in_app', 'complaintProgress:sms']);
  const resolve = handler.getByRole('form', { name: `处理投诉 ${ref}` });
  await resolve.getByRole('button', { name: '提交处理结果' }).click();
  await expect(resolve.getByText('请填写原因分析。')).toBeVisible();
  await resolve.getByLabel('原因分析').fill('柜员在高峰时段急于结束通话，未按服务规范耐心解释。');
  await resolve.getByLabel('处理措施').fill('向客户致歉并重新说明转账限额；对柜员进行服务规范辅导。');
  await resolve.getByLabel('成立（计入被投诉员工考核）').check();
  await resolve.getByRole('button', { name: '提交处理结果' }).click();
  await expect(handler.getByText('处理结果已提交，并已告知客户。')).toBeVisible();
  await expect.poll(() => templates(ref)).toEqual([
    'complaintAccepted:in_app', 'complaintAccepted:sms', 'complaintProgress:in_app', 'complaintProgress:sms', 'complaintResolved:in_app', 'complaintResolved:sms',
  ]);
  const feedback = handler.getByRole('form', { name: `记录投诉 ${ref} 的客户回访` });
  await feedback.getByLabel('满意', { exact: true }).check();
  await feedback.getByRole('button', { name: '记录回访' }).click();
  await handler.getByRole('form', { name: `办结投诉 ${ref}` }).getByRole('button', { name: '办结' }).click();
  await expect(handler.getByText('已办结', { exact: true }).first()).toBeVisible();
  const history = handler.getByRole('list').filter({ hasText: '登记并受理' });
  for (const step of ['登记并受理', '分派处理人，已告知客户受理', '开始调查，已告知客户', '提交处理结果，已告知客户', '记录客户回访', '办结']) await expect(history).toContainText(step);
  await expectAccessible(handler);

  // The session is in an inspector's list because of the complaint.
  const inspector = await withDatabase(async (sql) => {
    const [row] = await sql<{ username: string }[]>`
      SELECT q.username FROM qc_assignments a JOIN staff q ON q.id = a.inspector_id JOIN complaints c ON c.session_id = a.session_id
      WHERE c.ref = ${ref} AND a.reason = 'complaint'`;
    return row!.username;
  });
  // The least loaded inspector may be one another spec created (with a password of its own): give it the demo one.
  const qc = await newSignedInPage(browser, await withDemoPassword(inspector));
  await qc.goto('/qc');
  await expect(qc.getByRole('table', { name: '我的质检任务' }).getByRole('row').filter({ hasText: '王五' }).filter({ hasText: '客户投诉该会话' })).toHaveCount(1);
});
