import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, newSignedInPage, signIn, withDatabase } from './helpers';

test('admin creates a staff member, changes the role, resets the password, disables and re-enables them', async ({ browser }) => {
  const username = `e2e.${Date.now().toString(36)}`;
  const admin = await newSignedInPage(browser, 'admin');
  await expect(admin.getByRole('heading', { name: '员工账号', exact: true })).toBeVisible();
  await expectAccessible(admin);

  const create = admin.getByRole('form', { name: '新建员工账号' });
  await create.getByLabel('用户名').fill('X');
  await create.getByRole('button', { name: '新建员工账号' }).click();
  await expect(create.getByText(/3-32 个字符/)).toBeVisible();
  await expect(create.getByText('必填。')).toBeVisible();
  await create.getByLabel('用户名').fill(username);
  await create.getByLabel('显示名称').fill('端到端 柜员');
  await create.getByLabel('岗位').selectOption('teller');
  await create.getByLabel('初始密码').fill('Start-river-1357');
  await create.getByRole('button', { name: '新建员工账号' }).click();
  await expect(admin.getByRole('status').filter({ hasText: '员工账号已创建。' })).toBeVisible();

  // The new teller signs in and works.
  const context = await browser.newContext();
  const member = await context.newPage();
  await signIn(member, username, 'Start-river-1357');
  await expect(member.getByRole('heading', { name: '我的工作台' })).toBeVisible();

  // A role change takes effect on their very next request: the old session is over.
  const row = admin.getByRole('listitem', { name: username });
  await row.getByRole('combobox', { name: `${username} 的岗位` }).selectOption('qc');
  await row.getByRole('button', { name: '变更岗位' }).click();
  await expect(row.getByRole('status').filter({ hasText: '岗位已变更' })).toBeVisible();
  await member.goto('/teller');
  await expect(member).toHaveURL(/\/login/);
  await signIn(member, username, 'Start-river-1357');
  await expect(member.getByRole('heading', { name: '待质检会话', exact: true })).toBeVisible();

  // Disabling ends the session at once and refuses sign-in; re-enabling restores it.
  await row.getByRole('button', { name: `停用 ${username}` }).click();
  await expect(row.getByRole('button', { name: `启用 ${username}` })).toBeVisible();
  await member.goto('/qc');
  await expect(member).toHaveURL(/\/login/);
  await signIn(member, username, 'Start-river-1357');
  await expect(member.getByText(/^登录失败：/)).toBeVisible();
  await row.getByRole('button', { name: `启用 ${username}` }).click();
  await expect(row.getByRole('button', { name: `停用 ${username}` })).toBeVisible();

  // Password reset: the old password stops working.
  await row.getByLabel(`${username} 的新密码`).fill('Reset-maple-2468');
  await row.getByRole('button', { name: '重置密码' }).click();
  await expect(row.getByRole('status').filter({ hasText: '密码已重置' })).toBeVisible();
  await signIn(member, username, 'Start-river-1357');
  await expect(member.getByText(/^登录失败：/)).toBeVisible();
  await signIn(member, username, 'Reset-maple-2468');
  await expect(member.getByRole('heading', { name: '待质检会话', exact: true })).toBeVisible();

  // The admin's own row offers no self-disable; the audit trail shows what happened.
  await expect(admin.getByRole('listitem', { name: 'admin', exact: true }).getByText('这是您本人的账号。')).toBeVisible();
  await admin.getByRole('link', { name: '审计日志' }).click();
  await expect(admin.getByRole('heading', { name: '审计日志' })).toBeVisible();
  await expect(admin.getByRole('cell', { name: /staff\.setActive/ }).first()).toBeVisible();
  await expectAccessible(admin);

  await admin.getByRole('link', { name: '消息投递' }).click();
  await expect(admin.getByRole('heading', { name: '客户消息投递' })).toBeVisible();
  await admin.getByRole('link', { name: '仅失败' }).click();
  await expect(admin).toHaveURL(/status=failed/);
  await expectAccessible(admin);

  // The verification policy: versioned, readable, basic information and confirmation fixed.
  await admin.getByRole('link', { name: '身份验证策略' }).click();
  await expect(admin.getByRole('heading', { name: '身份验证策略', level: 1 })).toBeVisible();
  await expect(admin.getByRole('checkbox', { name: '变更预留手机号，高风险：查询密码' })).toBeChecked();
  await expect(admin.getByRole('checkbox', { name: '变更预留手机号，高风险：基本信息' })).toBeDisabled();
  await expectAccessible(admin);
});

test('a signed-in user on another role\'s screen gets a 403 page; signed-out visitors go to sign-in', async ({ browser, page }) => {
  await page.goto('/teller');
  await expect(page).toHaveURL(/\/login/);
  await expectAccessible(page);

  const teller = await newSignedInPage(browser, 'teller');
  const response = await teller.goto('/admin');
  expect(response?.status()).toBe(403);
  await expect(teller.getByRole('heading', { name: '您无权访问此页面' })).toBeVisible();
  await expectAccessible(teller);
  await teller.getByRole('link', { name: '返回我的工作台' }).click();
  await expect(teller).toHaveURL(/\/teller$/);
});

test('five wrong passwords lock the account; the message never says whether the user exists', async ({ page }) => {
  // A member of staff of this test's own, so the demo accounts stay usable by the other tests.
  const victim = `lockout.${Date.now().toString(36)}`;
  const { hash } = await import('@node-rs/argon2');
  const passwordHash = await hash(DEMO_PASSWORD);
  await withDatabase((sql) => sql`INSERT INTO staff (username, display_name, role, password_hash) VALUES (${victim}, '锁定测试', 'teller', ${passwordHash})`);
  await signIn(page, 'nobody-here', 'wrong-password-1');
  const refusal = page.getByText('登录失败：用户名、密码或验证码错误，或账号已锁定、已停用。');
  await expect(refusal).toBeVisible();
  for (let i = 0; i < 5; i++) {
    await signIn(page, victim, `Wrong-${i}`);
    await expect(refusal).toBeVisible();
  }
  await signIn(page, victim);
  await expect(refusal).toBeVisible();
});

test('the language switch changes every label and the choice sticks', async ({ page }) => {
  await signIn(page, 'supervisor');
  await expect(page.getByRole('heading', { name: '复核队列' })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Approval queue' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Approval queue' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '复核队列' })).toBeVisible();
});

test('the published checklists are open to tellers; document retention to admins only', async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  await teller.getByRole('link', { name: '资料清单' }).click();
  await expect(teller.getByRole('heading', { name: '资料清单公示' })).toBeVisible();
  await expect(teller.getByRole('region', { name: '开户' })).toContainText('身份证国徽面');
  await expectAccessible(teller);
  expect((await teller.goto('/admin/retention'))?.status()).toBe(403);
  const admin = await newSignedInPage(browser, 'admin');
  await admin.getByRole('link', { name: '资料留存' }).click();
  await expect(admin.getByRole('heading', { name: '资料留存' })).toBeVisible();
  await expect(admin.getByRole('region', { name: '留存期已满的客户' })).toBeVisible();
  await expectAccessible(admin);
});
