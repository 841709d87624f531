import { expect, test } from '@playwright/test';
import { expectAccessible, newSignedInPage, SECOND_URL, startSecondInstance } from './helpers';

// A second app instance on the same database, as a scaled deployment would run it.
let stopSecond: (() => Promise<void>) | undefined;

test.beforeAll(async () => {
  stopSecond = await startSecondInstance();
});

test.afterAll(async () => {
  await stopSecond?.();
});

test('a session started on one instance appears live on the supervisor board served by another', async ({ browser }) => {
  const supervisor = await newSignedInPage(browser, 'supervisor');
  // Same sign-in cookie, the other instance: both verify it against the one database.
  await supervisor.goto(`${SECOND_URL}/supervisor/live`);
  await expect(supervisor.getByRole('heading', { name: '实时会话监控' })).toBeVisible();
  await expect(supervisor.getByRole('status').filter({ hasText: '实时：变化将即时显示。' })).toBeVisible();
  await expectAccessible(supervisor);

  const teller = await newSignedInPage(browser, 'teller');
  await teller.getByLabel('渠道').selectOption('chat');
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  await teller.getByLabel('姓名、完整证件号码、证件号后4位或手机号').fill('赵六');
  await teller.getByRole('button', { name: '查询' }).click();
  await teller.getByRole('button', { name: '选择 赵六' }).click();

  // No reload on the board: the change travels NOTIFY -> the other instance's LISTEN -> SSE -> React Query.
  const row = supervisor.getByRole('row').filter({ hasText: '赵六' });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row).toContainText('在线');
  await expect(row).toContainText('**************4427');
});

test('the live data is for supervisors only', async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  expect((await teller.request.get('/api/live/sessions')).status()).toBe(403);
  expect((await teller.request.get('/api/live/sessions/events')).status()).toBe(403);
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get('/api/live/sessions')).status()).toBe(401);
});
