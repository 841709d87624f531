import { expect, test } from '@playwright/test';
import { expectAccessible, nextTotpCode, newSignedInPage, verifyThroughLadder, withDatabase } from './helpers';

test('a CNY 80,000 transfer needs two supervisors: the first approval leaves it pending, the maker cannot approve, the second executes it on the ledger', async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  await teller.getByLabel('姓名、完整证件号码、证件号后4位或手机号').fill('张三');
  await teller.getByRole('button', { name: '查询', exact: true }).click();
  await teller.getByRole('button', { name: '选择 张三' }).click();
  await verifyThroughLadder(teller, { name: '张三', idNumber: '11010519491231002X', mobile: '13800138000' });

  const [account] = await withDatabase((sql) => sql<{ id: string; number: string; balance: string }[]>`
    SELECT a.id, a.number, a.balance::text FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE c.name = '张三' AND a.kind = 'current' LIMIT 1`);
  const before = Number(account!.balance);
  const transfer = teller.getByRole('form', { name: '转账' });
  await transfer.getByLabel('转出账户').selectOption(account!.id);
  await expect(transfer.getByLabel('转出账户')).toContainText(`****${account!.number.slice(-4)}`);
  await transfer.getByLabel('金额（元）').fill('80000');
  await transfer.getByLabel('收款账号').fill('6228480012345678');
  await transfer.getByLabel('收款人户名').fill('王小二');
  await transfer.getByRole('button', { name: '提交' }).click();
  const cases = teller.getByRole('list', { name: '本会话的业务' });
  await expect(cases.getByRole('listitem').filter({ hasText: '80,000.00' })).toContainText('待复核');
  await expect(cases.getByRole('listitem').filter({ hasText: '80,000.00' })).toContainText('已批准 0/2');
  await expectAccessible(teller);
  const [c] = await withDatabase((sql) => sql<{ id: string }[]>`SELECT id FROM cases WHERE amount_fen = 8000000 AND state = 'pending_approval' ORDER BY created_at DESC LIMIT 1`);

  // The maker is no supervisor: the decision screen is not theirs.
  const forbidden = await teller.context().newPage();
  expect((await forbidden.goto(`/supervisor/cases/${c!.id}`))?.status()).toBe(403);
  await forbidden.close();

  const first = await newSignedInPage(browser, 'supervisor');
  await first.getByRole('link', { name: '复核 张三 的业务' }).click();
  await expect(first.getByRole('heading', { name: '复核：跨行转账' })).toBeVisible();
  await expect(first.getByText('2 级（已批准 0）')).toBeVisible();
  // The evidence in view: the session's verification, step by step.
  await expect(first.getByRole('list', { name: '身份验证' }).getByRole('listitem').filter({ hasText: '动态口令' })).toContainText('通过');
  await expectAccessible(first);
  await first.getByRole('form', { name: '复核决定' }).getByRole('button', { name: '批准' }).click();
  await expect(first.getByText('您已批准，等待另一位主管复核。')).toBeVisible();
  expect(Number((await withDatabase((sql) => sql<{ b: string }[]>`SELECT balance::text AS b FROM accounts WHERE id = ${account!.id}`))[0]!.b)).toBe(before);
  // The maker's console shows the approval so far, live (server-sent events), without a reload.
  await expect(teller.getByRole('list', { name: '本会话的业务' }).getByRole('listitem').filter({ hasText: '80,000.00' })).toContainText('已批准 1/2');
  // Those events are the session's teller's only.
  const sessionEvents = `/api/sessions/${teller.url().split('/').pop()}/cases/events`;
  expect((await first.request.get(sessionEvents)).status()).toBe(403);

  const second = await newSignedInPage(browser, 'supervisor2');
  await second.getByRole('link', { name: '复核 张三 的业务' }).click();
  await expect(second.getByText('2 级（已批准 1）')).toBeVisible();
  // The second supervisor signed in more than 5 minutes ago: the approval asks them to confirm it is them, in place,
  // keeping what they typed, and goes ahead once they have.
  await withDatabase((sql) => sql`UPDATE staff_sessions SET authenticated_at = now() - interval '6 minutes' WHERE ended_at IS NULL AND staff_id = (SELECT id FROM staff WHERE username = 'supervisor2')`);
  const decision = second.getByRole('form', { name: '复核决定' });
  await decision.getByLabel('意见（拒绝或退回时必填）').fill('金额与凭证一致');
  await decision.getByRole('button', { name: '批准' }).click();
  const stepUp = decision.getByRole('group', { name: '确认是您本人' });
  await expect(stepUp).toBeVisible();
  await expect(stepUp.getByLabel('身份验证器验证码')).toBeFocused();
  await expectAccessible(second);
  await stepUp.getByLabel('身份验证器验证码').fill('000000');
  await stepUp.getByRole('button', { name: '确认' }).click();
  await expect(stepUp.getByRole('alert')).toContainText('验证码不正确或已使用过');
  expect(Number((await withDatabase((sql) => sql<{ b: string }[]>`SELECT balance::text AS b FROM accounts WHERE id = ${account!.id}`))[0]!.b)).toBe(before);
  await stepUp.getByLabel('身份验证器验证码').fill(await nextTotpCode('supervisor2'));
  await stepUp.getByLabel('身份验证器验证码').press('Enter');
  await expect(second.getByText('已完成', { exact: true })).toBeVisible();
  await expect(stepUp).toBeHidden();
  const [rotated] = await withDatabase((sql) => sql<{ live: number; rotated: number }[]>`
    SELECT count(*) FILTER (WHERE ended_at IS NULL)::int AS live, count(*) FILTER (WHERE end_reason = 'rotated')::int AS rotated
    FROM staff_sessions WHERE staff_id = (SELECT id FROM staff WHERE username = 'supervisor2') AND created_at > now() - interval '1 hour'`);
  expect(rotated!.rotated).toBeGreaterThanOrEqual(1);

  const [after] = await withDatabase((sql) => sql<{ b: string; posted: number; unbalanced: number }[]>`
    SELECT (SELECT balance::text FROM accounts WHERE id = ${account!.id}) AS b,
      (SELECT count(*)::int FROM ledger_transactions WHERE case_id = ${c!.id}) AS posted,
      (SELECT count(*)::int FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id HAVING sum(amount) <> 0) x) AS unbalanced`);
  expect(Number(after!.b)).toBe(before - 8_000_000);
  expect(after).toMatchObject({ posted: 1, unbalanced: 0 });
  await teller.reload();
  await expect(teller.getByRole('list', { name: '本会话的业务' }).getByRole('listitem').filter({ hasText: '80,000.00' })).toContainText('已完成');
});

test('an approval policy change applies only after a second supervisor approves it', async ({ browser }) => {
  const first = await newSignedInPage(browser, 'supervisor');
  await first.getByRole('link', { name: '授权策略' }).click();
  const current = first.getByRole('region', { name: /现行：第 \d+ 版/ });
  const heading = (await current.getByRole('heading').textContent()) ?? '';
  const version = Number(heading.match(/第 (\d+) 版/)?.[1]);
  const propose = first.getByRole('form', { name: '提出调整' });
  await propose.getByLabel('一级复核时限（分钟）').fill('8');
  await propose.getByLabel('调整原因').fill('高峰时段缩短复核时限');
  await propose.getByRole('button', { name: '提出调整' }).click();
  await expect(first.getByText('该调整由您提出，须由另一位主管复核。')).toBeVisible();
  await expect(first.getByRole('region', { name: `现行：第 ${version} 版` })).toBeVisible();
  await expectAccessible(first);

  const second = await newSignedInPage(browser, 'supervisor2');
  await second.goto('/supervisor/policy');
  await expect(second.getByText(/复核时限：一级 8 分钟/)).toBeVisible();
  await second.getByRole('form', { name: '复核策略调整' }).getByRole('button', { name: '批准并生效' }).click();
  await expect(second.getByRole('region', { name: `现行：第 ${version + 1} 版` })).toBeVisible();
  await expect(second.getByRole('region', { name: `现行：第 ${version + 1} 版` })).toContainText('一级 8 分钟');
});
