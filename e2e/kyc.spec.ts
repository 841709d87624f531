import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, fillIntakeDetails, validCreditCode, giveCustomerDemoPassword, newSignedInPage, randomMobile, validIdNumber, verifyThroughLadder, withDatabase } from './helpers';

async function startSession(teller: Page) {
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
}

async function openDemoCustomer(teller: Page, name: string) {
  await startSession(teller);
  await teller.getByLabel('姓名、完整证件号码、证件号后4位或手机号').fill(name);
  await teller.getByRole('button', { name: '查询', exact: true }).click();
  await teller.getByRole('button', { name: `选择 ${name}` }).click();
  await expect(teller.getByRole('region', { name: '客户', exact: true }).getByText(name, { exact: true })).toBeVisible();
}

test('a foreign passport holder is taken on under the passport rules; the customer screen explains the risk level', async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  await startSession(teller);
  const create = teller.getByRole('form', { name: '新建客户' });
  const passport = `E${String(Math.floor(10_000_000 + Math.random() * 89_999_999))}`;
  const mobile = randomMobile();
  await create.getByLabel('证件类型').selectOption({ label: '护照' });
  for (const [label, value] of [['证件号码', passport], ['再次输入证件号码（二次确认）', passport], ['姓名', 'Oliver Grant'], ['再次输入姓名（二次确认）', 'Oliver Grant'], ['预留手机号', mobile], ['再次输入手机号（二次确认）', mobile]] as const) {
    await create.getByLabel(label, { exact: true }).fill(value);
  }
  // A passport cannot be long-term, and its number carries no date of birth or gender.
  await fillIntakeDetails(create);
  await create.getByLabel('职业').selectOption({ label: '现金密集型行业经营者' });
  await create.getByRole('button', { name: '新建客户' }).click();
  await expect(create.getByText('只有居民身份证可以长期有效，请填写证件有效期。')).toBeVisible();
  await expect(create.getByText('该证件号码不含出生日期，请填写出生日期。')).toBeVisible();
  await expect(create.getByText('该证件号码不含性别，请选择性别。')).toBeVisible();
  await expectAccessible(teller);
  await create.getByLabel('长期有效（仅居民身份证）').uncheck();
  await create.getByLabel('证件有效期至').fill('2033-08-31');
  await create.getByLabel('出生日期').fill('1984-02-29');
  await create.getByLabel('性别').selectOption({ label: '男' });
  await create.getByLabel('国籍（地区）').selectOption('GBR');
  await create.getByRole('button', { name: '新建客户' }).click();

  const card = teller.getByRole('region', { name: '客户', exact: true });
  await expect(card.getByText('护照')).toBeVisible();
  await expect(card.getByText('有效期至 2033-08-31')).toBeVisible();
  await expect(card.getByText('中风险')).toBeVisible();
  await card.getByRole('link', { name: '查看客户视图' }).click();
  await expect(teller.getByRole('heading', { name: '客户视图：Oliver Grant' })).toBeVisible();
  const why = teller.getByRole('table', { name: '为什么是这个等级' });
  await expect(why.getByRole('row', { name: /职业\s*现金密集型行业经营者\s*30/ })).toBeVisible();
  await expect(why.getByRole('row', { name: /证件类型\s*护照\s*10/ })).toBeVisible();
  await expect(teller.getByText('护照个人资料页')).toBeVisible();
  await expectAccessible(teller);
  // The raw table holds neither the passport number nor the address in clear.
  const leaked = await withDatabase((sql) => sql`SELECT count(*)::int AS n FROM customers WHERE id_number_enc LIKE ${`%${passport}%`} OR address_enc LIKE '%世纪大道%'`);
  expect(leaked[0]!.n).toBe(0);
});

test('an enterprise is taken on with its legal representative and an authorised agent; a bad credit code is refused at the field', async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  await startSession(teller);
  await teller.getByRole('button', { name: '企业客户', exact: true }).click();
  await expect(teller.getByRole('button', { name: '企业客户', exact: true })).toHaveAttribute('aria-pressed', 'true');
  const form = teller.getByRole('form', { name: '新建企业客户' });
  const code = validCreditCode();
  const withI = `${code.slice(0, 10)}I${code.slice(11)}`;
  const mobile = randomMobile();
  const name = `杭州云栖科技有限公司${Math.floor(Math.random() * 1000)}`;
  for (const [label, value] of [
    ['企业名称', name], ['再次输入企业名称（二次确认）', name], ['统一社会信用代码', withI], ['再次输入信用代码（二次确认）', withI],
    ['经营范围', '软件开发；信息技术咨询服务'], ['注册地址', '浙江省杭州市西湖区云栖小镇 18 号'],
    ['法定代表人姓名', '马云栖'], ['法定代表人证件号码', validIdNumber()], ['预留手机号', mobile], ['再次输入手机号（二次确认）', mobile],
    ['经办人姓名', '陈经办'], ['经办人证件号码', validIdNumber()], ['授权有效期至', '2030-06-30'],
  ] as const) {
    await form.getByLabel(label, { exact: true }).fill(value);
  }
  await form.getByLabel('行业').selectOption({ label: '信息技术' });
  await form.getByLabel('营业期限长期').check();
  await form.getByLabel('经办人证件类型').selectOption({ label: '居民身份证' });
  await form.getByRole('button', { name: '新建企业客户' }).click();
  await expect(form.getByText('信用代码中含有“I”，该字符不允许使用（不使用 I、O、S、V、Z）。')).toBeVisible();
  await expectAccessible(teller);
  await form.getByLabel('统一社会信用代码', { exact: true }).fill(code);
  await form.getByLabel('再次输入信用代码（二次确认）').fill(code);
  await form.getByRole('button', { name: '新建企业客户' }).click();

  const card = teller.getByRole('region', { name: '客户', exact: true });
  await expect(card.getByText(name, { exact: true })).toBeVisible();
  await expect(card.getByText('统一社会信用代码')).toBeVisible();
  await expect(card.getByText(/马云栖 · 居民身份证/)).toBeVisible();
  await expect(card.getByText(/陈经办 · .* · 授权至 2030-06-30/)).toBeVisible();
  await card.getByRole('link', { name: '查看客户视图' }).click();
  await expect(teller.getByRole('heading', { name: `客户视图：${name}` })).toBeVisible();
  await expect(teller.getByText('营业执照', { exact: true })).toBeVisible();
  await expect(teller.getByText('授权委托书', { exact: true })).toBeVisible();
  await expect(teller.getByRole('table', { name: '为什么是这个等级' }).getByRole('row', { name: /行业\s*信息技术\s*0/ })).toBeVisible();
  await expectAccessible(teller);
});

test('an information change end to end: contact details after the review step, a name change approved by a supervisor, history and notices', async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  await startSession(teller);
  const idNumber = validIdNumber();
  const mobile = randomMobile();
  const create = teller.getByRole('form', { name: '新建客户' });
  for (const [label, value] of [['姓名', '钱多多'], ['证件号码', idNumber], ['预留手机号', mobile], ['再次输入姓名（二次确认）', '钱多多'], ['再次输入证件号码（二次确认）', idNumber], ['再次输入手机号（二次确认）', mobile]] as const) {
    await create.getByLabel(label, { exact: true }).fill(value);
  }
  await fillIntakeDetails(create);
  await create.getByRole('button', { name: '新建客户' }).click();
  await expect(teller.getByRole('region', { name: '客户', exact: true }).getByText('钱多多', { exact: true })).toBeVisible();
  await giveCustomerDemoPassword(idNumber.slice(-4), '钱多多');
  await teller.reload();
  await verifyThroughLadder(teller, { name: '钱多多', idNumber, mobile });

  // Contact details: the review step is required, then the change applies at once.
  await teller.getByText('变更联系信息', { exact: true }).click();
  const contact = teller.getByRole('form', { name: '变更联系信息' });
  await contact.getByLabel('新地址').fill('广东省广州市天河区珠江新城 8 号');
  await contact.getByRole('button', { name: '确认并更新' }).click();
  await expect(contact.getByText('请向客户复述变更内容并确认后勾选。')).toBeVisible();
  await contact.getByLabel('已向客户复述上述变更，客户确认无误').check();
  await contact.getByRole('button', { name: '确认并更新' }).click();
  await expect(teller.getByRole('status').filter({ hasText: '联系信息已更新，已通知客户。' })).toBeVisible();

  // A name change goes to a supervisor.
  await teller.getByText('变更姓名', { exact: true }).click();
  const rename = teller.getByRole('form', { name: '变更姓名' });
  await rename.getByLabel('新姓名', { exact: true }).fill('钱满满');
  await rename.getByLabel('再次输入新姓名（二次确认）').fill('钱满满');
  await rename.getByLabel('变更原因').fill('户籍登记更名');
  await rename.getByRole('button', { name: '提交复核' }).click();
  // The change is a case in the session's list, awaiting a supervisor; a further change needs the ladder again.
  await expect(teller.getByRole('list', { name: '本会话的业务' }).getByRole('listitem').filter({ hasText: '变更姓名' })).toContainText('待复核');

  const supervisor = await newSignedInPage(browser, 'supervisor');
  const row = supervisor.getByRole('row').filter({ hasText: '钱多多' }).filter({ hasText: '变更姓名' });
  await row.getByRole('link').click();
  await expect(supervisor.getByRole('heading', { name: '复核：变更姓名' })).toBeVisible();
  // Old → new side by side, with the customer's stated reason.
  const changeTable = supervisor.getByRole('table', { name: '申请变更' });
  await expect(changeTable.getByRole('row').filter({ hasText: '钱多多' })).toContainText('钱满满');
  await expect(supervisor.getByText('申请理由：户籍登记更名')).toBeVisible();
  await expectAccessible(supervisor);
  const decision = supervisor.getByRole('form', { name: '复核决定' });
  await decision.getByRole('button', { name: '批准' }).click();
  await expect(supervisor.getByText('已完成', { exact: true })).toBeVisible();

  await supervisor.getByRole('link', { name: '钱满满' }).click();
  await expect(supervisor.getByRole('heading', { name: '客户视图：钱满满' })).toBeVisible();
  const history = supervisor.getByRole('region', { name: '变更记录' });
  await expect(history.getByRole('row').filter({ hasText: '姓名' })).toContainText('钱多多');
  await expect(history.getByRole('row').filter({ hasText: '姓名' })).toContainText(/王晓柜.*经办，陈主管.*复核/);
  await expect(history.getByRole('row').filter({ hasText: '地址' })).toContainText('广东省广州市****');
  await expectAccessible(supervisor);

  const phone = await supervisor.context().newPage();
  await phone.goto('/demo/phone');
  const sms = phone.getByRole('list', { name: '短信', exact: true }).getByRole('listitem').filter({ hasText: `*******${mobile.slice(-4)}` });
  await expect(sms.filter({ hasText: '身份信息已更新' })).toBeVisible({ timeout: 20_000 });
  await expect(sms.filter({ hasText: '联系信息已更新' })).toBeVisible();
});

test('periodic review: an expired document is listed and blocks a mobile change until a renewed document is approved', async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  await teller.getByRole('link', { name: '定期复核' }).click();
  await expect(teller.getByRole('heading', { name: '定期复核：证件到期' })).toBeVisible();
  const list = teller.getByRole('region', { name: '到期证件' });
  await expect(list.getByRole('row').filter({ hasText: '王五' })).toContainText(/已于 .* 过期/);
  await expect(list.getByRole('row').filter({ hasText: '李四' })).toContainText('即将到期');
  await expectAccessible(teller);

  await teller.goto('/teller');
  await openDemoCustomer(teller, '王五');
  await verifyThroughLadder(teller, { name: '王五', idNumber: '310104198506153515', mobile: '13700001111' });
  await expect(teller.getByRole('alert').filter({ hasText: '客户的身份证件已于' })).toBeVisible();
  const change = teller.getByRole('form', { name: '变更预留手机号' });
  await change.getByLabel('新的预留手机号').fill(randomMobile());
  await change.getByRole('button', { name: '提交复核' }).click();
  await expect(teller.getByText('客户的身份证件已过期：更新证件之前不能办理此项高风险业务。')).toBeVisible();

  await teller.getByText('变更身份证件（含证件到期换领）').click();
  const renew = teller.getByRole('form', { name: '变更身份证件（含证件到期换领）' });
  await renew.getByLabel('新证件号码', { exact: true }).fill('310104198506153515');
  await renew.getByLabel('再次输入新证件号码（二次确认）').fill('310104198506153515');
  await renew.getByLabel('证件有效期至').fill('2045-06-30');
  await renew.getByLabel('变更原因').fill('证件到期换领');
  await renew.getByRole('button', { name: '提交复核' }).click();
  await expect(teller.getByRole('list', { name: '本会话的业务' }).getByRole('listitem').filter({ hasText: '变更身份证件' })).toContainText('待复核');

  const supervisor = await newSignedInPage(browser, 'supervisor');
  await supervisor.getByRole('row').filter({ hasText: '王五' }).filter({ hasText: '变更身份证件' }).getByRole('link').click();
  await expect(supervisor.getByText('有效期至 2045-06-30')).toBeVisible();
  // The new number in full only through a reasoned, audited reveal.
  await supervisor.getByRole('button', { name: '查看完整申请的身份证件' }).click();
  const reveal = supervisor.getByRole('form', { name: '查看完整申请的身份证件' });
  await reveal.getByRole('textbox').fill('与客户提供的新证件核对');
  await reveal.getByRole('button', { name: '查看' }).click();
  await expect(supervisor.getByText('310104198506153515 (2045-06-30)', { exact: true })).toBeVisible();
  await supervisor.getByRole('form', { name: '复核决定' }).getByRole('button', { name: '批准' }).click();
  await expect(supervisor.getByText('已完成', { exact: true })).toBeVisible();
  await supervisor.goto('/customers/review');
  await expect(supervisor.getByRole('region', { name: '到期证件' }).getByRole('row').filter({ hasText: '王五' })).toHaveCount(0);
});

test("a supervisor's risk level override needs a second supervisor", async ({ browser }) => {
  const supervisor = await newSignedInPage(browser, 'supervisor');
  await supervisor.goto('/customers/review');
  await supervisor.getByRole('link', { name: '李四' }).click();
  await expect(supervisor.getByRole('heading', { name: '客户视图：李四' })).toBeVisible();
  const override = supervisor.getByRole('form', { name: '调整风险等级' });
  await override.getByLabel('调整为').selectOption({ label: '高风险' });
  await override.getByLabel('调整依据（将记录）').fill('公安机关协查通知涉及该客户');
  await override.getByRole('button', { name: '提交复核' }).click();
  await expect(supervisor.getByRole('status').filter({ hasText: '已提交风险等级调整，须由另一位主管复核后生效。' })).toBeVisible();
  await expect(supervisor.getByRole('heading', { name: '客户视图：李四' })).toBeVisible();
  await expect(supervisor.getByText('1 笔申请待复核')).toBeVisible();

  const second = await newSignedInPage(browser, 'supervisor2');
  await second.getByRole('row').filter({ hasText: '李四' }).filter({ hasText: '调整客户风险等级' }).getByRole('link').click();
  await expect(second.getByRole('heading', { name: '复核：调整客户风险等级' })).toBeVisible();
  await expect(second.getByText('申请理由：公安机关协查通知涉及该客户')).toBeVisible();
  await second.getByRole('form', { name: '复核决定' }).getByRole('button', { name: '批准' }).click();
  await expect(second.getByText('已批准', { exact: true })).toBeVisible();
  await second.getByRole('link', { name: '李四' }).click();
  await expect(second.getByText('已人工调整')).toBeVisible();
  await expect(second.getByText(/主管调整生效中；模型评估为/)).toBeVisible();
  await expectAccessible(second);
});

test("a teller cannot open the customer screen of someone they are not serving", async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  const [row] = await withDatabase((sql) => sql<{ id: string }[]>`SELECT id FROM customers WHERE name = '赵六' LIMIT 1`);
  const response = await teller.goto(`/customers/${row!.id}`);
  expect(response?.status()).toBe(404);
  const denied = await withDatabase((sql) => sql`SELECT outcome FROM audit_events WHERE action = 'screen.view' AND entity_id = ${row!.id} AND outcome = 'denied'`);
  expect(denied.length).toBeGreaterThan(0);
});
