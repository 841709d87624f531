import { expect, test, type Page } from '@playwright/test';
import {
  expectAccessible,
  fillIntakeDetails,
  newSignedInPage,
  passPasswordOnKeypad,
  randomDigits,
  randomMobile,
  validIdNumber,
  verifyBasic,
  verifyWithoutPassword,
  withDatabase,
  withLuhnDigit,
} from './helpers';

async function startSession(teller: Page) {
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
}

const STRONG_PASSWORD = '507193';

test('a debit card from application to activation: the password the customer sets on the keypad passes the ladder from then on', async ({ browser }) => {
  // A new customer of our own: activation sets the customer's password, which the demo customers' specs rely on.
  const name = `开卡客户${Math.floor(Math.random() * 100_000)}`;
  const idNumber = validIdNumber();
  const mobile = randomMobile();
  const accountNumber = withLuhnDigit(`3101${randomDigits(12)}`);
  const cardNumber = withLuhnDigit(`621731${randomDigits(12)}`);
  const wrongCheckDigit = cardNumber.slice(0, -1) + String((Number(cardNumber.slice(-1)) + 1) % 10);

  // 1. The teller takes the customer on in a session, with an address so the card can be mailed.
  const teller = await newSignedInPage(browser, 'teller');
  await startSession(teller);
  const create = teller.getByRole('form', { name: '新建客户' });
  for (const [label, value] of [['姓名', name], ['再次输入姓名（二次确认）', name], ['证件号码', idNumber], ['再次输入证件号码（二次确认）', idNumber], ['预留手机号', mobile], ['再次输入手机号（二次确认）', mobile]] as const) {
    await create.getByLabel(label, { exact: true }).fill(value);
  }
  await fillIntakeDetails(create);
  await create.getByRole('button', { name: '新建客户' }).click();
  await expect(teller.getByRole('region', { name: '客户', exact: true }).getByText(name, { exact: true })).toBeVisible();

  // 2. Arranges what the console cannot do yet: the customer's current account (account opening is later work).
  const [customer] = await withDatabase((sql) => sql<{ id: string }[]>`SELECT id FROM customers WHERE name = ${name} AND id_number_last4 = ${idNumber.slice(-4)}`);
  const [account] = await withDatabase((sql) => sql<{ id: string }[]>`INSERT INTO accounts (number, customer_id, kind) VALUES (${accountNumber}, ${customer!.id}, 'current') RETURNING id`);

  // 3. Card service asks for basic information, the one-time code and confirmation: the customer has no password yet.
  await teller.reload();
  await verifyWithoutPassword(teller, { name, idNumber, mobile });

  // 4. The application: the account, by mail to the registered address.
  const cardSection = teller.getByRole('region', { name: '银行卡', exact: true });
  await expect(cardSection.getByText('客户名下暂无银行卡。')).toBeVisible();
  const apply = cardSection.getByRole('form', { name: '申请借记卡' });
  await apply.getByLabel('关联账户').selectOption(account!.id);
  await expect(apply.getByLabel('关联账户')).toContainText(`****${accountNumber.slice(-4)}`);
  await apply.getByLabel('邮寄至登记地址').check();
  await apply.getByRole('button', { name: '提交开卡申请' }).click();
  const sessionCases = teller.getByRole('list', { name: '本会话的业务' });
  await expect(sessionCases.getByRole('listitem').filter({ hasText: '开卡' })).toContainText('待复核');
  await expect(apply.getByRole('status')).toHaveText('已提交主管复核（需 1 级授权）。');
  await expectAccessible(teller);
  await cardSection.screenshot({ path: '/tmp/cards-teller-applied.png' });
  const sessionUrl = teller.url();

  // 5. A supervisor approves: the card is ordered, the case executed (completed only at activation).
  const supervisor = await newSignedInPage(browser, 'supervisor');
  await supervisor.getByRole('link', { name: `复核 ${name} 的业务` }).click();
  await expect(supervisor.getByRole('heading', { name: '复核：开卡' })).toBeVisible();
  await supervisor.getByRole('form', { name: '复核决定' }).getByRole('button', { name: '批准' }).click();
  await expect(supervisor.getByText('已执行', { exact: true })).toBeVisible();

  // 6. Card operations record production, checked against the application; then mailing and receipt.
  await supervisor.getByRole('link', { name: '制卡与发放' }).click();
  await expect(supervisor.getByRole('heading', { name: '制卡与发放', level: 1 })).toBeVisible();
  const item = supervisor.getByRole('list', { name: '待处理的卡片' }).getByRole('listitem').filter({ hasText: name });
  await expect(item).toContainText('已申请');
  const produce = item.getByRole('form', { name: `登记 ${name} 的制卡` });
  await produce.getByLabel('卡号（19 位）').fill(cardNumber);
  await produce.getByLabel('卡面姓名').fill(`${name}乙`);
  await produce.getByLabel('关联账号（17 位）').fill(accountNumber);
  await produce.getByRole('button', { name: '登记制卡' }).click();
  await expect(produce.getByText('卡面姓名与申请不一致。')).toBeVisible();
  await expect(produce.getByRole('status')).toContainText('制卡信息与申请不一致，未登记。');
  await expect(produce.getByLabel('卡面姓名')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(supervisor);
  await supervisor.screenshot({ path: '/tmp/cards-supervisor-mismatch.png', fullPage: true });
  const unrecorded = await withDatabase((sql) => sql<{ status: string; sealed: boolean }[]>`SELECT status, number_enc IS NOT NULL AS sealed FROM cards WHERE customer_id = ${customer!.id}`);
  expect(unrecorded).toEqual([{ status: 'requested', sealed: false }]);

  await produce.getByLabel('卡面姓名').fill(name);
  await produce.getByLabel('卡号（19 位）').fill(wrongCheckDigit);
  await produce.getByRole('button', { name: '登记制卡' }).click();
  await expect(produce.getByText('卡号校验位不正确，请核对。')).toBeVisible();
  await expect(produce.getByText('卡面姓名与申请不一致。')).toHaveCount(0);
  await produce.getByLabel('卡号（19 位）').fill(cardNumber);
  await produce.getByRole('button', { name: '登记制卡' }).click();
  await expect(item).toContainText('已制卡');
  await expect(item).toContainText(`6217 **** **** ${cardNumber.slice(-4)}`);

  const dispatch = item.getByRole('form', { name: `登记 ${name} 的卡片寄送` });
  await dispatch.getByLabel('快递单号').fill(`SF${randomDigits(12)}`);
  await dispatch.getByRole('button', { name: '登记已邮寄' }).click();
  await expect(item).toContainText('已寄送');
  await item.getByRole('form', { name: `登记 ${name} 的卡片交付` }).getByRole('button', { name: '登记客户已签收' }).click();
  // Delivered: the card leaves card operations' work list.
  await expect(item).toHaveCount(0);

  // 7. Back in the session: the teller has the customer set the card password on the telephony keypad.
  await teller.goto(sessionUrl);
  const cards = cardSection.getByRole('list', { name: '客户的银行卡' });
  await expect(cards.getByRole('listitem')).toContainText('已交付');
  await cards.getByRole('button', { name: '激活（请客户在电话键盘设置密码）' }).click();
  await expect(cardSection.getByText('正在等待客户在电话键盘上设置卡密码……')).toBeVisible();
  await expectAccessible(teller);
  await cardSection.screenshot({ path: '/tmp/cards-teller-waiting.png' });

  const phone = await teller.context().newPage();
  await phone.goto('/demo/phone');
  const keypad = phone.getByRole('form', { name: `${name}的电话键盘` });
  await expect(phone.getByText(new RegExp(`与${name}（.*）的通话——.* 请求设置银行卡密码。`))).toBeVisible();
  await keypad.getByLabel(`${name}的新卡密码（6 位数字）`).fill('123456');
  await keypad.getByLabel(`${name}的新卡密码（再次输入）`).fill('123456');
  await keypad.getByRole('button', { name: '发送' }).click();
  await expect(keypad.getByText('不能使用连续的数字（如 123456、654321）。')).toBeVisible();
  await expect(keypad.getByRole('status')).toContainText('密码过于简单，请重新设置。');
  await expectAccessible(phone);
  await phone.screenshot({ path: '/tmp/cards-phone-keypad.png', fullPage: true });
  await keypad.getByLabel(`${name}的新卡密码（6 位数字）`).fill(STRONG_PASSWORD);
  await keypad.getByLabel(`${name}的新卡密码（再次输入）`).fill(STRONG_PASSWORD);
  await keypad.getByRole('button', { name: '发送' }).click();
  await expect(keypad).toBeHidden();
  await expect(phone.getByText(/已于 .* 发送。/)).toBeVisible();
  await phone.close();
  // The console polls while it waits for the keypad.
  await expect(cards.getByRole('listitem')).toContainText('已激活', { timeout: 15_000 });
  await expect(sessionCases.getByRole('listitem').filter({ hasText: '开卡' })).toContainText('已完成');
  await cardSection.screenshot({ path: '/tmp/cards-teller-activated.png' });

  // 8. In a new contact, the password the customer set passes the ladder's password step.
  await teller.goto('/teller');
  await startSession(teller);
  await teller.getByLabel('姓名、完整证件号码、证件号后4位或手机号').fill(name);
  await teller.getByRole('button', { name: '查询', exact: true }).click();
  await teller.getByRole('button', { name: `选择 ${name}` }).click();
  await verifyBasic(teller, { name, idNumber, mobile });
  await passPasswordOnKeypad(teller, name, STRONG_PASSWORD, { passes: true });

  const [after] = await withDatabase((sql) => sql<{ setVia: string; cardStatus: string; caseState: string }[]>`
    SELECT (SELECT set_via FROM customer_passwords WHERE customer_id = ${customer!.id}) AS "setVia",
      (SELECT status FROM cards WHERE customer_id = ${customer!.id}) AS "cardStatus",
      (SELECT state FROM cases WHERE customer_id = ${customer!.id} AND type = 'open_card') AS "caseState"`);
  expect(after).toEqual({ setVia: 'card_activation', cardStatus: 'activated', caseState: 'completed' });
  // The card number is sealed: no column of the table holds it in clear.
  const rows = await withDatabase((sql) => sql<{ t: string }[]>`SELECT t::text FROM cards t`);
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.filter((r) => r.t.includes(cardNumber))).toEqual([]);
});
