import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, nextTotpCode, signIn, withDatabase } from './helpers';

test('a new supervisor must set up an authenticator before anything else; its codes then sign in once each', async ({ browser }) => {
  const username = `e2e.mfa.${Date.now().toString(36)}`;
  const { hash } = await import('@node-rs/argon2');
  const passwordHash = await hash(DEMO_PASSWORD);
  await withDatabase((sql) => sql`INSERT INTO staff (username, display_name, role, password_hash) VALUES (${username}, '新主管 双因素', 'supervisor', ${passwordHash})`);

  const page = await (await browser.newContext()).newPage();
  await signIn(page, username);
  // Brought to the enrolment screen; the role's other screens are closed until it is done.
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByRole('heading', { name: '账户安全', level: 1 })).toBeVisible();
  await expect(page.getByText('您的角色必须使用双因素登录。')).toBeVisible();
  await page.goto('/supervisor');
  await expect(page).toHaveURL(/\/account\/security$/);
  await expectAccessible(page);

  await page.getByRole('button', { name: '设置身份验证器' }).click();
  await expect(page.getByRole('img', { name: '身份验证器 App 的二维码' })).toBeVisible();
  const secret = (await page.getByTestId('totp-key').innerText()).replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const confirm = page.getByRole('form', { name: '确认并开启' });
  await confirm.getByLabel('App 中显示的验证码').fill('123');
  await confirm.getByRole('button', { name: '确认并开启' }).click();
  await expect(confirm.getByText('请输入 App 中显示的 6 位数字。')).toBeVisible();
  await confirm.getByLabel('App 中显示的验证码').fill(await nextTotpCode(username, secret));
  await confirm.getByRole('button', { name: '确认并开启' }).click();
  const codes = page.getByRole('list', { name: '您的恢复码' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  const recovery = await codes.first().innerText();
  await expectAccessible(page);
  await page.getByRole('button', { name: '我已保存，继续' }).click();
  await expect(page.getByRole('heading', { name: '复核队列' })).toBeVisible();
  const [stored] = await withDatabase((sql) => sql<{ n: number; plain: number }[]>`
    SELECT count(*)::int AS n, count(*) FILTER (WHERE code_hash = ${recovery})::int AS plain
    FROM staff_recovery_codes r JOIN staff s ON s.id = r.staff_id WHERE s.username = ${username} AND r.used_at IS NULL`);
  expect(stored).toEqual({ n: 10, plain: 0 });

  // Signing in again asks for the code; the same code a second time is refused.
  const second = await (await browser.newContext()).newPage();
  await second.goto('/login');
  await second.getByLabel('用户名').fill(username);
  await second.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await second.getByRole('button', { name: '登录' }).click();
  await expect(second.getByText('请输入身份验证器 App 中的验证码以完成登录。')).toBeVisible();
  await expectAccessible(second);
  const code = await nextTotpCode(username, secret);
  await second.getByLabel('身份验证器验证码').fill(code);
  await second.getByRole('button', { name: '登录' }).click();
  await expect(second.getByRole('heading', { name: '复核队列' })).toBeVisible();

  const third = await (await browser.newContext()).newPage();
  await third.goto('/login');
  await third.getByLabel('用户名').fill(username);
  await third.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await third.getByRole('button', { name: '登录' }).click();
  await third.getByLabel('身份验证器验证码').fill(code);
  await third.getByRole('button', { name: '登录' }).click();
  await expect(third.getByText(/^登录失败：/)).toBeVisible();
  await expect(third).toHaveURL(/\/login/);
  // A recovery code works instead, once.
  await third.getByLabel('身份验证器验证码').fill(recovery);
  await third.getByRole('button', { name: '登录' }).click();
  await expect(third.getByRole('heading', { name: '复核队列' })).toBeVisible();
  const [audit] = await withDatabase((sql) => sql<{ reasons: string[] }[]>`
    SELECT array_agg(details->>'reason' ORDER BY seq) FILTER (WHERE outcome <> 'ok') AS reasons FROM audit_events a JOIN staff s ON s.id = a.actor_id
    WHERE s.username = ${username} AND a.action = 'auth.sign_in'`);
  expect(audit!.reasons).toEqual(['code_needed', 'code_needed', 'bad_code']);
});
