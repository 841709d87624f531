import { expect, test } from '@playwright/test';
import { signIn, withDatabase } from './helpers';

test('after 15 quiet minutes the console signs the teller out, on the server and in the browser', async ({ page }) => {
  await page.clock.install();
  await signIn(page, 'qc');
  await expect(page.getByRole('heading', { name: '待质检会话', exact: true })).toBeVisible();

  // Fifteen minutes pass: the server's record of the last request ages, and so does the browser's clock.
  await withDatabase((sql) => sql`
    UPDATE staff_sessions SET last_seen_at = now() - interval '16 minutes', created_at = created_at - interval '16 minutes'
    WHERE ended_at IS NULL AND staff_id = (SELECT id FROM staff WHERE username = 'qc')`);
  await page.clock.fastForward('16:00');

  await expect(page).toHaveURL(/\/login\?reason=idle/);
  await expect(page.getByText('由于 15 分钟无操作，您已自动退出，请重新登录。')).toBeVisible();
  const [ended] = await withDatabase((sql) => sql`
    SELECT end_reason FROM staff_sessions WHERE staff_id = (SELECT id FROM staff WHERE username = 'qc') ORDER BY created_at DESC LIMIT 1`);
  expect(ended!.end_reason).toBe('idle_timeout');
  await page.goto('/qc');
  await expect(page).toHaveURL(/\/login/);
});

test('the activity heartbeat answers 401 when signed out and 204 for a live session', async ({ page, request }) => {
  expect((await request.post('/api/session/ping')).status()).toBe(401);
  await signIn(page, 'supervisor2');
  await expect(page.getByRole('heading', { name: '复核队列' })).toBeVisible();
  expect((await page.request.post('/api/session/ping')).status()).toBe(204);
});
