import { expect, test } from '@playwright/test';
import { expectAccessible, fillIntakeDetails, giveCustomerDemoPassword, newSignedInPage, passPasswordOnKeypad, randomMobile, validIdNumber } from './helpers';

test('one remote contact: teller intake and request, supervisor approval, QC inspection, teller sees the score', async ({ browser }) => {
  const idNumber = validIdNumber();
  const name = `测试客户${Math.floor(Math.random() * 10000)}`;
  const oldMobile = randomMobile();
  const newMobile = randomMobile();

  // Teller: start a phone session, create the customer, verify, request the change.
  const teller = await newSignedInPage(browser, 'teller');
  await expect(teller.getByRole('heading', { name: '我的工作台' })).toBeVisible();
  await expectAccessible(teller);
  await teller.getByLabel('渠道').selectOption('phone');
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  const sessionUrl = teller.url();

  const create = teller.getByRole('form', { name: '新建客户' });
  await create.getByLabel('姓名', { exact: true }).fill(name);
  await create.getByLabel('证件号码', { exact: true }).fill(idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0'));
  await create.getByLabel('预留手机号', { exact: true }).fill(oldMobile);
  await create.getByLabel('再次输入姓名（二次确认）').fill(name);
  await create.getByLabel('再次输入证件号码（二次确认）').fill(idNumber);
  await create.getByLabel('再次输入手机号（二次确认）').fill(oldMobile.slice(0, 10) + (oldMobile[10] === '1' ? '2' : '1'));
  await fillIntakeDetails(create);
  await create.getByRole('button', { name: '新建客户' }).click();
  await expect(create.getByText(`校验码应为 ${idNumber[17]}，请与客户核对号码。`)).toBeVisible();
  await expect(create.getByText('两次输入不一致。')).toHaveCount(2);
  await create.getByLabel('证件号码', { exact: true }).fill(idNumber);
  await create.getByLabel('再次输入手机号（二次确认）').fill(oldMobile);
  await create.getByRole('button', { name: '新建客户' }).click();
  await expect(teller.getByText(`**************${idNumber.slice(-4)}`)).toBeVisible();
  await expectAccessible(teller);

  const verify = teller.getByRole('form', { name: '基本信息验证' });
  await verify.getByLabel('客户所述姓名').fill(name);
  await verify.getByLabel('客户所述身份证号码').fill(idNumber);
  await verify.getByLabel('客户所述手机号').fill(oldMobile);
  await verify.getByRole('button', { name: '基本信息验证' }).click();
  await expect(teller.getByRole('status').filter({ hasText: '验证通过' })).toBeVisible();

  // Password: keyed by the customer on the phone keypad, reported by the telephony integration, never seen by the teller.
  await giveCustomerDemoPassword(idNumber.slice(-4), name);
  await teller.reload();
  await passPasswordOnKeypad(teller, name);

  // One-time code: sent by SMS through the outbox and the worker, read off the demo phone, checked on the server.
  await expect(teller.getByRole('form', { name: '变更预留手机号' })).toHaveCount(0);
  await teller.getByRole('button', { name: '发送动态口令' }).click();
  await expect(teller.getByRole('status').filter({ hasText: '动态口令已发送至预留手机号。' })).toBeVisible();
  const phone = await teller.context().newPage();
  await phone.goto('/demo/phone');
  const sms = phone.getByRole('list', { name: '短信', exact: true }).getByRole('listitem').filter({ hasText: `*******${oldMobile.slice(-4)}` }).first();
  await expect(sms).toBeVisible({ timeout: 20_000 });
  await expectAccessible(phone);
  const code = (await sms.textContent())?.match(/动态口令为 (\d{6})/)?.[1];
  expect(code).toMatch(/^\d{6}$/);
  await phone.close();
  const otp = teller.getByRole('form', { name: '动态口令', exact: true });
  await otp.getByLabel('客户读出的动态口令').fill(code!);
  await otp.getByRole('button', { name: '校验口令' }).click();
  const ladder = teller.getByRole('list', { name: '身份验证' });
  await expect(ladder.getByRole('listitem').filter({ hasText: '3. 动态口令' })).toHaveText(/^3\. 动态口令\s*通过$/);

  // Identity confirmation closes verification.
  const confirmation = teller.getByRole('form', { name: '身份确认', exact: true });
  await expect(confirmation.getByText(`**************${idNumber.slice(-4)}`)).toBeVisible();
  await confirmation.getByRole('button', { name: '客户确认无误' }).click();
  await expect(ladder.getByRole('listitem').filter({ hasText: '4. 身份确认' })).toHaveText(/^4\. 身份确认\s*通过$/);
  await expectAccessible(teller);

  const change = teller.getByRole('form', { name: '变更预留手机号' });
  await change.getByLabel('新的预留手机号').fill(newMobile);
  await change.getByRole('button', { name: '提交复核' }).click();
  // The change is a case in the session's list, awaiting a supervisor; a further change needs the ladder again.
  const sessionCases = teller.getByRole('list', { name: '本会话的业务' });
  await expect(sessionCases.getByRole('listitem').filter({ hasText: '变更预留手机号' })).toContainText('待复核');

  // Supervisor: the queue, the evidence side by side, a reject without a reason is refused, then approve.
  const supervisor = await newSignedInPage(browser, 'supervisor');
  await expect(supervisor.getByRole('heading', { name: '复核队列' })).toBeVisible();
  await expectAccessible(supervisor);
  await supervisor.getByRole('link', { name: `复核 ${name} 的业务` }).click();
  await expect(supervisor.getByRole('heading', { name: '复核：变更预留手机号' })).toBeVisible();
  await expect(supervisor.getByText(`${oldMobile.slice(0, 3)}****${oldMobile.slice(-4)}`)).toBeVisible();
  await expect(supervisor.getByText(`${newMobile.slice(0, 3)}****${newMobile.slice(-4)}`)).toBeVisible();
  await expect(supervisor.getByText('通过', { exact: true }).first()).toBeVisible();
  // The full ID number only through an explicit, reasoned, audited reveal.
  await expect(supervisor.getByText(idNumber)).toHaveCount(0);
  await supervisor.getByRole('button', { name: '查看完整身份证号码' }).click();
  const reveal = supervisor.getByRole('form', { name: '查看完整身份证号码' });
  await reveal.getByLabel('查看完整身份证号码的理由（将记录）').fill('核对客户提交的身份证复印件');
  await reveal.getByRole('button', { name: '查看' }).click();
  await expect(supervisor.getByText(idNumber, { exact: true })).toBeVisible();
  await supervisor.getByRole('button', { name: '隐藏' }).click();
  await expect(supervisor.getByText(idNumber, { exact: true })).toHaveCount(0);
  await expectAccessible(supervisor);
  const decision = supervisor.getByRole('form', { name: '复核决定' });
  await decision.getByRole('button', { name: '拒绝' }).click();
  await expect(decision.getByText('请选择原因。')).toBeVisible();
  await decision.getByLabel('意见（拒绝或退回时必填）').fill('客户身份已核实，同意变更');
  await decision.getByRole('button', { name: '批准' }).click();
  await expect(supervisor.getByText('已完成', { exact: true })).toBeVisible();

  // The customer is told (业务确认与反馈): by SMS on the new number, a notice on the old one, and in the app inbox.
  const customerPhone = await supervisor.context().newPage();
  await customerPhone.goto('/demo/phone');
  const texts = customerPhone.getByRole('list', { name: '短信', exact: true });
  await expect(texts.getByText(`【空中柜面】您的预留手机号已按您的申请变更为本号码（尾号 ${newMobile.slice(-4)}）。如非本人操作，请立即致电我行。`)).toBeVisible({ timeout: 20_000 });
  await expect(texts.getByRole('listitem').filter({ hasText: `*******${oldMobile.slice(-4)}` }).filter({ hasText: '本号码将不再接收动态口令' })).toBeVisible();
  await expect(customerPhone.getByRole('list', { name: '手机银行消息（系统消息）' }).getByText(`根据您的申请，您的预留手机号已变更为尾号 ${newMobile.slice(-4)} 的号码`, { exact: false })).toBeVisible();
  await customerPhone.close();

  // Teller: sees the outcome, the new number is on record, ends the session.
  await teller.goto(sessionUrl);
  await expect(sessionCases.getByRole('listitem').filter({ hasText: '变更预留手机号' })).toContainText('已完成');
  await expect(teller.getByRole('region', { name: '客户', exact: true }).getByText(`*******${newMobile.slice(-4)}`)).toBeVisible();
  const end = teller.getByRole('form', { name: '结束会话' });
  await end.getByRole('button', { name: '结束会话' }).click();
  await expect(end.getByText('请选择会话的结束原因。')).toBeVisible();
  await expect(end.getByText('请记录评分，或记录客户拒绝评价。')).toBeVisible();
  await end.getByLabel('结束原因').selectOption('resolved');
  await end.getByRole('group', { name: '客户满意度' }).getByLabel('5 分 – 非常满意').check();
  await end.getByRole('button', { name: '结束会话' }).click();
  await expect(teller.getByText('已结束').first()).toBeVisible();

  // QC: the ended session is in the list; the timeline shows verification, request and decision; score it.
  const qc = await newSignedInPage(browser, 'qc');
  await expectAccessible(qc);
  await qc.getByRole('link', { name: new RegExp(`质检 .* 与 ${name} 的会话`) }).click();
  const timeline = qc.getByRole('list', { name: '会话时间线' });
  await expect(timeline.getByText('基本信息验证')).toBeVisible();
  await expect(timeline.getByText('提交业务：变更预留手机号')).toBeVisible();
  await expect(timeline.getByText('查询密码（键盘输入） — 通过')).toBeVisible();
  await expect(timeline.getByText('动态口令验证 — 通过')).toBeVisible();
  await expect(timeline.getByText('身份确认 — 通过')).toBeVisible();
  await expect(timeline.getByText('主管批准：变更预留手机号')).toBeVisible();
  await expect(timeline.getByText(/已解决 · 满意度 5\/5/)).toBeVisible();
  // The scorecard in force (version 1), with the answers from the record filled in: verification before the request,
  // identity confirmation and the outcome are met; no document was rejected, so the supplement item is not applicable.
  await expect(qc.getByRole('heading', { name: '评分表：通用服务质检表（第 1 版）' })).toBeVisible();
  const item = (title: string) => qc.getByRole('group', { name: new RegExp(title) });
  await expect(item('办理业务前完成规定的身份验证').getByLabel('符合', { exact: true })).toBeChecked();
  await expect(item('办理业务前完成规定的身份验证').getByText('记录显示：符合')).toBeVisible();
  await expect(item('资料退回后及时发起补件').getByLabel('不适用')).toBeChecked();
  await qc.getByRole('button', { name: '提交质检' }).click();
  await expect(item('规范问候并报工号').getByText('请评定此项。')).toBeVisible();
  for (const title of ['规范问候并报工号', '说明机构与服务身份', '业务办理完整、无遗漏', '按要求进行风险提示']) await item(title).getByLabel('符合', { exact: true }).check();
  await item('客户信息与业务要素录入准确').getByLabel('5 分').check();
  await item('语气耐心、用语规范').getByLabel('4 分').check();
  await item('规范结束语').getByLabel('不符合').check();
  await qc.getByLabel('意见：规范结束语').fill('结束语不规范');
  await qc.getByLabel('录音时间点（分:秒）：规范结束语').fill('0:34');
  await qc.getByLabel('问题记录与辅导意见').fill('结束前未确认客户有无其他需要');
  await expectAccessible(qc);
  await qc.getByRole('button', { name: '提交质检' }).click();
  // Computed on the server: 10 + 5 + 20 + 10 + 15 + 5 + 10 + 8 + 5 + 0 = 88 of the 95 applicable points → 93.
  await expect(qc.getByText('得分 93')).toBeVisible();
  await expect(qc.getByRole('row').filter({ hasText: '规范结束语' })).toContainText('[0:34] 结束语不规范');

  // Teller sees the score on the workbench.
  await teller.goto('/teller');
  await expect(teller.getByText('结束前未确认客户有无其他需要')).toBeVisible();
  await expect(teller.getByText('93 分').first()).toBeVisible();
});
