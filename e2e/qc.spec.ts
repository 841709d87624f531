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

test('after the score: the teller disputes two items, a supervisor accepts one, the score is recomputed; a rectification is answered and verified', async ({ browser }) => {
  // The inspector scores 赵六's demo contact with teller2, the recording playing, a comment pinned to 0:13.
  const qc = await newSignedInPage(browser, 'qc');
  await qc.goto('/qc');
  await qc.getByRole('link', { name: /李安 Li An 与 赵六 的会话/ }).first().click();
  const player = qc.getByRole('region', { name: '录音录像' }).getByLabel('录音 1', { exact: true });
  await expect.poll(() => player.evaluate((el: HTMLMediaElement) => el.readyState), { timeout: 10_000 }).toBeGreaterThan(0);
  await player.evaluate((el: HTMLMediaElement) => el.play());
  const item = (title: string) => qc.getByRole('group', { name: new RegExp(title) });
  for (const title of ['规范问候并报工号', '说明机构与服务身份', '业务办理完整、无遗漏', '按要求进行风险提示']) await item(title).getByLabel('符合', { exact: true }).check();
  await item('客户信息与业务要素录入准确').getByLabel('0 分').check();
  await qc.getByLabel('意见：客户信息与业务要素录入准确').fill('核对手机号时未复述');
  await qc.getByLabel('录音时间点（分:秒）：客户信息与业务要素录入准确').fill('0:13');
  await item('语气耐心、用语规范').getByLabel('5 分').check();
  await item('规范结束语').getByLabel('不符合').check();
  await qc.getByRole('button', { name: '提交质检' }).click();
  // Applicable: 75 of 100 (no business: the verification and supplement items are N/A). Earned: greeting 10, identity
  // statement 5, confirmation 0 (the record: never confirmed), accuracy 0, completeness 5, risk 10, attitude 10,
  // outcome 5, closing 0 = 45 → 60.
  await expect(qc.getByText('得分 60')).toBeVisible();

  // The teller sees it, acknowledges it and disputes the accuracy and the closing items.
  const teller = await newSignedInPage(browser, 'teller2');
  await teller.getByRole('link', { name: '我的质检' }).click();
  const card = teller.getByRole('region').filter({ hasText: '得分 60' }).first();
  await expect(card.getByRole('row').filter({ hasText: '客户信息与业务要素录入准确' })).toContainText('[0:13] 核对手机号时未复述');
  await card.getByRole('button', { name: '确认已阅' }).click();
  await expect(card.getByText(/已确认/)).toBeVisible();
  await card.getByText(/对评定有异议？申诉/).click();
  const dispute = card.getByRole('form', { name: /^申诉：/ });
  await dispute.getByLabel('客户信息与业务要素录入准确').check();
  await dispute.getByLabel('规范结束语').check();
  await dispute.getByLabel(/^申诉理由/).fill('录音 0:13 处已复述手机号；结束语已按规范说出');
  await dispute.getByRole('button', { name: '提交申诉' }).click();
  await expect(teller.getByText('申诉已提交，将由其他质检人员或主管处理。')).toBeVisible();
  await expectAccessible(teller);

  // A supervisor accepts the closing item only: the score is recomputed (45 + 5 = 50 of 75 → 67).
  const supervisor = await newSignedInPage(browser, 'supervisor');
  await supervisor.getByRole('link', { name: '申诉与整改' }).click();
  const resolve = supervisor.getByRole('form').filter({ hasText: '李安 Li An' }).first();
  await resolve.getByLabel('部分采纳').check();
  await resolve.getByLabel('改判：规范结束语').selectOption({ label: '符合' });
  await resolve.getByLabel(/^处理理由/).fill('结束语录音核实规范；手机号确未复述');
  await resolve.getByRole('button', { name: '提交处理结果' }).click();
  await expect(supervisor.getByText('申诉已处理：得分由 60 调整为 67。')).toBeVisible();
  await expectAccessible(supervisor);

  // The rectification the accuracy finding opened: the teller answers it, the inspector verifies it.
  await teller.reload();
  await expect(teller.getByText('原得分 60 → 复核后 67').first()).toBeVisible();
  const task = teller.getByRole('form', { name: /^整改：客户信息与业务要素录入准确/ });
  await task.getByLabel(/^整改说明/).fill('已学习要素复述规范，今后逐项复述手机号与金额');
  await task.getByRole('button', { name: '提交整改说明' }).click();
  await expect(teller.getByText('整改说明已提交，等待质检人员验证。')).toBeVisible();

  await qc.goto('/quality');
  const verify = qc.getByRole('form', { name: /^验证整改：李安 Li An 的整改：客户信息与业务要素录入准确/ });
  await verify.getByLabel('验证通过').check();
  await verify.getByRole('button', { name: '提交验证结果' }).click();
  await expect(qc.getByText('整改已验证通过。')).toBeVisible();
  await expectAccessible(qc);
});
