import { expect, test } from '@playwright/test';
import { expectAccessible, newSignedInPage } from './helpers';

const DAY = 86_400_000;
const beijingDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

test('A KB article is published with four-eyes and found by search from the session console', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const title = `远程开卡核对要点 ${stamp}`;

  // The supervisor writes it: a Markdown text with a script, previewed as readers will get it (the script inert).
  const supervisor = await newSignedInPage(browser, 'supervisor');
  await supervisor.goto('/kb/new');
  const editor = supervisor.getByRole('form', { name: '文章编辑' });
  await editor.getByLabel('类别').selectOption({ label: '业务流程' });
  await editor.getByLabel('标题').fill(title);
  await editor.getByRole('group', { name: /适用业务/ }).getByLabel('开卡', { exact: true }).check();
  await editor.getByLabel('复核日期').fill(beijingDate(Date.now() + 90 * DAY));
  await editor.getByLabel('正文（Markdown）').fill(`# 核对要点\n\n- 核对**身份证**有效期\n- 确认预留手机号\n\n<script>document.title = 'pwned'</script>`);
  await editor.getByRole('button', { name: '预览' }).click();
  const preview = supervisor.getByRole('region', { name: '预览' });
  await expect(preview.getByRole('heading', { name: '核对要点' })).toBeVisible();
  await expect(preview.getByText('<script>document.title = \'pwned\'</script>')).toBeVisible();
  await expect(preview.locator('script')).toHaveCount(0);
  await editor.getByRole('button', { name: '提交复核' }).click();
  await supervisor.waitForURL(/\/kb\/articles\/[0-9a-f-]{36}$/);
  const articleUrl = new URL(supervisor.url()).pathname;
  await expect(supervisor.getByText('未发布')).toBeVisible();
  // Not by its author: the review page has no decision for them.
  await supervisor.getByRole('link', { name: '复核第 1 版' }).click();
  await expect(supervisor.getByText('由您撰写，须由另一位主管或质检人员复核。')).toBeVisible();
  await expect(supervisor.getByRole('form', { name: /复核《/ })).toHaveCount(0);

  // A QC member publishes it from the writers' queue, after the side-by-side review.
  const qc = await newSignedInPage(browser, 'qc');
  await qc.goto('/kb');
  await qc.getByRole('region', { name: '待复核的版本' }).getByRole('link', { name: `《${title}》第 1 版` }).click();
  await expect(qc.getByRole('heading', { level: 1, name: `复核《${title}》第 1 版` })).toBeVisible();
  await expect(qc.getByRole('region', { name: '拟发布第 1 版原文' })).toContainText('核对**身份证**有效期');
  const decision = qc.getByRole('form', { name: `复核《${title}》第 1 版` });
  await decision.getByRole('button', { name: '发布' }).click();
  // The page re-renders without the pending version and says what became of it.
  await expect(qc.getByText(/第 1 版已(由 周质检 Zhou Zhijian )?发布。/).first()).toBeVisible();

  // A teller in a session console searches the knowledge base and finds it.
  const teller = await newSignedInPage(browser, 'teller');
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  const search = teller.getByRole('search', { name: '知识库搜索' });
  await search.getByLabel('搜索知识库').fill(`核对要点 ${stamp}`);
  await search.getByRole('button', { name: '搜索' }).click();
  await expect(teller.getByRole('status').filter({ hasText: '找到 1 篇相关文章。' })).toBeVisible();
  const found = teller.getByRole('list', { name: '知识库搜索结果' }).getByRole('link', { name: new RegExp(title) });
  await expect(found).toHaveAttribute('href', articleUrl);
  await expect(found).toHaveAttribute('target', '_blank');
  await expect(found.locator('mark').first()).toHaveText('核对要点');

  // The article as readers get it: written by the supervisor, approved by QC, the script shown as text only.
  await teller.goto(articleUrl);
  await expect(teller.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const about = teller.getByRole('region', { name: '文章信息' });
  await expect(about).toContainText('陈主管 Chen Zhuguan');
  await expect(about).toContainText('周质检 Zhou Zhijian');
  await expect(teller.getByRole('region', { name: '正文' }).locator('script')).toHaveCount(0);
  await expect(teller).not.toHaveTitle('pwned');
  await expectAccessible(teller);

  // The teller reports it outdated; the supervisor, its author, finds the notice.
  const outdated = teller.getByRole('form', { name: '反映内容过时' });
  await outdated.getByLabel('哪些内容已过时？').fill('预留手机号核对方式已更新');
  await outdated.getByRole('button', { name: '反映内容过时' }).click();
  await expect(teller.getByText('您已反映本版本内容过时，撰写人已收到通知。')).toBeVisible();
  await supervisor.goto('/notices');
  await expect(supervisor.getByText(`反映《${title}》第 1 版内容过时：预留手机号核对方式已更新`).first()).toBeVisible();
  await expectAccessible(supervisor);

  // The knowledge base screen finds it too, with the hit marked.
  await teller.goto(`/kb?q=${encodeURIComponent('开卡 ' + stamp)}`);
  await expect(teller.getByRole('list', { name: '搜索结果' }).getByRole('link', { name: title })).toBeVisible();
  await expectAccessible(teller);
});
