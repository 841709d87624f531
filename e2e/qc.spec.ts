import { expect, test } from '@playwright/test';
import { expectAccessible, newSignedInPage } from './helpers';

test('a QC member writes a new scorecard and only a second one publishes it; a bad weight is refused at its field', async ({ browser }) => {
  const qc = await newSignedInPage(browser, 'qc');
  await qc.getByRole('link', { name: '评分表' }).click();
  await expect(qc.getByRole('heading', { name: '评分表', level: 1 })).toBeVisible();
  await expect(qc.getByRole('heading', { name: '通用服务质检表' })).toBeVisible();
  await expectAccessible(qc);

  // A new scorecard for video payouts (so the default one other sessions use stays as it is).
  const builder = qc.getByRole('form', { name: '提出评分表' });
  await builder.getByLabel('提议对象').selectOption({ label: '新评分表' });
  const name = `视频取现质检表 ${Date.now().toString(36)}`;
  await builder.getByLabel('评分表名称').fill(name);
  await builder.getByRole('group', { name: /适用渠道/ }).getByLabel('视频').check();
  await builder.getByRole('group', { name: /适用业务/ }).getByLabel('付款').check();
  await builder.getByLabel('第 1 节 标识').fill('payout');
  await builder.getByLabel('第 1 节 标题').fill('取现核验');
  await builder.getByLabel('第 1 节 第 1 项 标识').fill('face_match');
  await builder.getByLabel('第 1 节 第 1 项 标题').fill('视频中核对客户本人与证件');
  await builder.getByLabel('第 1 节 第 1 项 权重').fill('0');
  await builder.getByLabel('第 1 节 第 1 项 关键项（不符合则整场会话不合格）').check();
  await builder.getByRole('button', { name: '在第 1 节添加评分项' }).click();
  await builder.getByLabel('第 1 节 第 2 项 标识').fill('amount_read_back');
  await builder.getByLabel('第 1 节 第 2 项 标题').fill('复述取现金额与网点');
  await builder.getByLabel('第 1 节 第 2 项 评分方式').selectOption('points');
  await builder.getByLabel('第 1 节 第 2 项 最高分').fill('3');
  await builder.getByLabel('提议说明（修改内容及原因）').fill('新增视频取现专用评分表');
  await builder.getByRole('button', { name: '提交提议' }).click();
  // The server refuses the weight at its own field, and nothing is proposed.
  await expect(builder.getByText('权重须为 1 到 100 的整数。')).toBeVisible();
  await expect(builder.getByLabel('第 1 节 第 1 项 权重')).toHaveAttribute('aria-invalid', 'true');
  await builder.getByLabel('第 1 节 第 1 项 权重').fill('60');
  await builder.getByRole('button', { name: '提交提议' }).click();
  await expect(qc.getByRole('status').filter({ hasText: '已提出评分表，须由另一位质检人员或主管批准后发布。' })).toBeVisible();

  // Not in force yet; the proposer cannot publish it.
  const proposals = qc.getByRole('region', { name: '评分表提议' });
  const mine = proposals.getByRole('listitem').filter({ hasText: name });
  await expect(mine).toContainText('待批准');
  await expect(mine).toContainText('该提议由您提出，须由另一位质检人员或主管批准后发布。');
  await expect(mine.getByRole('button', { name: '批准并发布' })).toHaveCount(0);
  await expect(qc.getByRole('heading', { name, exact: true })).toHaveCount(0);
  await expectAccessible(qc);

  // The second inspector publishes it as version 1.
  const second = await newSignedInPage(browser, 'qc2');
  await second.goto('/scorecards');
  const pending = second.getByRole('region', { name: '评分表提议' }).getByRole('listitem').filter({ hasText: name });
  await pending.getByText(/查看提议的评分表/).click();
  await expect(pending.getByText('视频中核对客户本人与证件')).toBeVisible();
  await pending.getByRole('button', { name: '批准并发布' }).click();
  await expect(pending).toContainText('已发布');
  await expect(pending).toContainText('吴评 Wu Ping 已批准并发布。');
  await expect(second.getByRole('heading', { name, exact: true })).toBeVisible();
  await expect(second.getByText('适用渠道：视频；适用业务：付款')).toBeVisible();
  await expectAccessible(second);
});

test('the automatic check catches the seeded contact that skipped the password and the one-time code before a mobile change', async ({ browser }) => {
  const qc = await newSignedInPage(browser, 'qc');
  await qc.goto('/qc');
  await qc.getByRole('link', { name: /与 孙七 的会话/ }).first().click();
  await expect(qc.getByRole('list', { name: '会话时间线' }).getByText('提交业务：变更预留手机号')).toBeVisible();
  const verification = qc.getByRole('group', { name: /办理业务前完成规定的身份验证/ });
  await expect(verification.getByText('记录显示：不符合')).toBeVisible();
  await expect(verification.getByLabel('不符合')).toBeChecked();
  // The record says the identity was never confirmed either; the outcome was recorded.
  await expect(qc.getByRole('group', { name: /完成身份确认/ }).getByLabel('不符合')).toBeChecked();
  await expect(qc.getByRole('group', { name: /会话以明确结果结束/ }).getByLabel('符合', { exact: true })).toBeChecked();
  // Overriding the record needs a reason; a failed critical item needs a comment.
  await verification.getByLabel('符合', { exact: true }).check();
  await qc.getByRole('button', { name: '保存草稿' }).click();
  await expect(qc.getByRole('status').filter({ hasText: '草稿已保存' })).toBeVisible();
  await qc.getByRole('button', { name: '提交质检' }).click();
  await expect(qc.getByText('与记录不一致时须填写改判理由。')).toBeVisible();
  await expectAccessible(qc);
});
