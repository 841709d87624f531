import { expect, test } from '@playwright/test';
import { expectAccessible, newSignedInPage, withDatabase } from './helpers';

const BEIJING = 8 * 3_600_000;

test('An appraisal month closes, and the teller sees their figures against the targets', async ({ browser }) => {
  // The Beijing month before this one, and contacts the demo tellers handled on its 2nd day from 10:00: 王晓柜 four
  // (rated 5, 5, 4, 3), 李安 two (rated 5).
  const local = new Date(Date.now() + BEIJING);
  const first = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 2, 10) - BEIJING);
  const month = new Date(first.getTime() + BEIJING).toISOString().slice(0, 7);
  await withDatabase(async (sql) => {
    const ids = Object.fromEntries((await sql<{ username: string; id: string }[]>`SELECT username, id FROM staff WHERE username IN ('teller', 'teller2')`).map((r) => [r.username, r.id]));
    for (const [who, ratings] of [['teller', [5, 5, 4, 3]], ['teller2', [5, 5]]] as const) {
      for (const [i, rating] of ratings.entries()) {
        const start = new Date(first.getTime() + i * 600_000);
        await sql`
          INSERT INTO service_sessions (teller_id, channel, status, started_at, ended_at, outcome, satisfaction)
          VALUES (${ids[who]!}, 'phone', 'ended', ${start.toISOString()}, ${new Date(start.getTime() + 240_000).toISOString()}, 'resolved', ${rating})`;
      }
    }
  });

  const supervisor = await newSignedInPage(browser, 'supervisor');
  await supervisor.goto('/appraisal');
  await expect(supervisor.getByRole('heading', { level: 1, name: '班组绩效考核' })).toBeVisible();
  const close = supervisor.getByRole('form', { name: `结算 ${month}` });
  await close.getByRole('button', { name: `立即结算 ${month}` }).click();
  await expect(close.getByRole('status')).toContainText(`${month} 已结算`);
  const team = supervisor.getByRole('table', { name: `远程一组 Remote team 1 · ${month} 月度考核` });
  await expect(team.getByRole('row').filter({ hasText: '王晓柜' })).toContainText('月度结算');
  await expectAccessible(supervisor);

  const teller = await newSignedInPage(browser, 'teller');
  await teller.goto('/appraisal');
  await expect(teller.getByRole('heading', { level: 1, name: '我的绩效' })).toBeVisible();
  await teller.getByRole('link', { name: `查看 王晓柜 Wang Xiaogui ${month} 考核表` }).click();
  await expect(teller.getByRole('heading', { level: 1 })).toHaveText(`王晓柜 Wang Xiaogui · ${month} 月度绩效考核表`);
  const dimensions = teller.getByRole('table', { name: '各维度得分' });
  await expect(dimensions.getByRole('row').filter({ hasText: '业务量' })).toContainText('结束会话');
  // The satisfied share against its target of 90%: at most three of four 4-or-5 ratings is under it.
  const targets = teller.getByRole('table', { name: '监管目标对照' });
  await expect(targets.getByRole('row').filter({ hasText: '身份核验准确率' })).toContainText('不低于 99%');
  const satisfaction = targets.getByRole('row').filter({ hasText: '客户满意率' });
  await expect(satisfaction).toContainText('不低于 90%');
  await expect(satisfaction).toContainText('未达标');
  await expect(teller.getByRole('button', { name: '打印 / 保存为 PDF' })).toBeVisible();
  await expect(teller.getByRole('form', { name: /重新计算/ })).toHaveCount(0);
  await expectAccessible(teller);

  // Printed, the page is the appraisal alone.
  await teller.emulateMedia({ media: 'print' });
  await expect(teller.getByRole('navigation', { name: '主导航' })).toBeHidden();
  await expect(teller.getByRole('button', { name: '打印 / 保存为 PDF' })).toBeHidden();
  await teller.emulateMedia({ media: 'screen' });

  // Not another teller's.
  const other = await withDatabase((sql) => sql<{ id: string }[]>`SELECT id FROM staff WHERE username = 'teller2'`);
  const refused = await teller.goto(`/appraisal/${other[0]!.id}/${month}`);
  expect(refused?.status()).toBe(403);
});
