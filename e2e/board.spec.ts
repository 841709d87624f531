import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectAccessible, newSignedInPage } from './helpers';

test('the board tile counts change live while a second browser context works', async ({ browser }) => {
  const supervisor = await newSignedInPage(browser, 'supervisor');
  await supervisor.goto('/supervisor/board');
  await expect(supervisor.getByRole('heading', { level: 1, name: '运营看板' })).toBeVisible();
  await expect(supervisor.getByRole('status').filter({ hasText: '实时：变化将即时显示。' })).toBeVisible();
  const open = supervisor.getByRole('region', { name: '在线会话' });
  const value = open.locator('p').first();
  await expect(value).toHaveText(/^\d+$/);
  const before = Number(await value.textContent());
  await expect(supervisor.getByRole('figure', { name: '分时段业务量（按渠道）' })).toBeVisible();
  await expectAccessible(supervisor);

  // Another browser: a teller starts a video contact. No reload on the board: NOTIFY -> LISTEN -> SSE -> the tiles.
  const teller = await newSignedInPage(browser, 'teller');
  await teller.getByLabel('渠道').selectOption('video');
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  await expect(value).toHaveText(String(before + 1), { timeout: 15_000 });

  // And down again when the contact ends.
  const end = teller.getByRole('form', { name: '结束会话' });
  await end.getByLabel('结束原因').selectOption('dropped');
  await end.getByRole('group', { name: '客户满意度' }).getByLabel('客户拒绝评价').check();
  await end.getByRole('button', { name: '结束会话' }).click();
  await expect(value).toHaveText(String(before), { timeout: 15_000 });

  // Its list, and the list as CSV (UTF-8 with a byte-order mark).
  await open.getByRole('link', { name: '查看实时会话' }).click();
  await expect(supervisor).toHaveURL(/\/supervisor\/live$/);
  await supervisor.goto('/supervisor/board/handled');
  await expect(supervisor.getByRole('heading', { level: 1, name: '已办结会话' })).toBeVisible();
  await expect(supervisor.getByRole('table', { name: '已办结会话' })).toContainText('王晓柜');
  await expectAccessible(supervisor);
  const [download] = await Promise.all([supervisor.waitForEvent('download'), supervisor.getByRole('button', { name: '导出 CSV：已办结会话' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^board-handled-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = fs.readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8')).toContain('王晓柜');
  await expect(supervisor.getByRole('status').filter({ hasText: '导出文件已下载。' })).toBeVisible();
});

test('the board and its data are for supervisors only', async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  expect((await teller.request.get('/api/board/tiles')).status()).toBe(403);
  expect((await teller.request.get('/api/board/export?list=handled&format=csv')).status()).toBe(403);
  await teller.goto('/supervisor/board');
  await expect(teller.getByRole('heading', { level: 1 })).not.toHaveText('运营看板');
});
