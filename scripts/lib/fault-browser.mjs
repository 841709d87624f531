// What the fault check does in a real browser: sign in, open a verified contact, and capture the server-action
// requests the forms really send, so they can be replayed many times at once over plain HTTP.
// The labels are the zh-CN catalogue's (the default locale), as in the e2e helpers (e2e/helpers.ts).
import fs from 'node:fs';
import { chromium, expect } from '@playwright/test';
import { generateSync } from 'otplib';
import { DEMO_LOGINS } from './demo-logins.mjs';

const DEMO_CUSTOMER_PASSWORD = '135790';

export async function launchBrowser() {
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean).find((p) => fs.existsSync(p));
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

// The authenticator steps already used, per person: a code works once, and so does every code of an earlier step.
const usedSteps = new Map();

/** The next authenticator code for `username` the server has not seen (waits for the clock when the window is used up). */
async function nextTotpCode(username) {
  const period = 30;
  const nowStep = () => Math.floor(Date.now() / 1000 / period);
  const step = Math.max(nowStep() - 1, (usedSteps.get(username) ?? 0) + 1);
  while (step > nowStep() + 1) await new Promise((r) => setTimeout(r, 500));
  usedSteps.set(username, step);
  return generateSync({ secret: DEMO_LOGINS.totpSecret, epoch: step * period });
}

/**
 * Signs in through the real form and waits to leave the sign-in page; when the account has an authenticator (demo
 * supervisors and admins) the form asks for its code, which is given from the demo's published key. The one place
 * that knows how to sign in.
 */
export async function signIn(browser, baseURL, username, password = DEMO_LOGINS.password) {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  const codeField = page.getByLabel('身份验证器验证码');
  const settle = (p, value) => p.then(() => value, () => 'unknown');
  const outcome = await Promise.race([
    settle(page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 20_000 }), 'in'),
    settle(codeField.waitFor({ timeout: 20_000 }), 'code'),
  ]);
  if (outcome === 'code') {
    await codeField.fill(await nextTotpCode(username));
    await page.getByRole('button', { name: '登录' }).click();
  }
  await expect(page).not.toHaveURL(/\/login/, { timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  return page;
}

/** The cookie header of a signed-in page, for requests sent outside the browser. */
export async function cookieHeader(page) {
  return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}

/** Starts a contact with `customer` and walks the whole verification ladder (basic, keypad password, one-time code, confirmation). */
export async function openVerifiedSession(teller, customer) {
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  await teller.getByLabel('姓名、完整证件号码、证件号后4位或手机号').fill(customer.name);
  await teller.getByRole('button', { name: '查询', exact: true }).click();
  await teller.getByRole('button', { name: `选择 ${customer.name}` }).click();

  const verify = teller.getByRole('form', { name: '基本信息验证' });
  await verify.getByLabel('客户所述姓名').fill(customer.name);
  await verify.getByLabel('客户所述身份证号码').fill(customer.idNumber);
  await verify.getByLabel('客户所述手机号').fill(customer.mobile);
  await verify.getByRole('button', { name: '基本信息验证' }).click();
  await expect(teller.getByRole('status').filter({ hasText: '验证通过' })).toBeVisible();

  const ladder = teller.getByRole('list', { name: '身份验证' });
  await teller.getByRole('button', { name: '请客户在键盘输入密码' }).click();
  await expect(teller.getByText('正在等待客户在键盘上输入密码')).toBeVisible();
  const phone = await teller.context().newPage();
  await phone.goto('/demo/phone');
  const keypad = phone.getByRole('form', { name: `${customer.name}的电话键盘` });
  await keypad.getByLabel(`${customer.name}的查询密码（6 位数字）`).fill(DEMO_CUSTOMER_PASSWORD);
  await keypad.getByRole('button', { name: '发送' }).click();
  await expect(keypad).toBeHidden();
  await expect(ladder.getByRole('listitem').filter({ hasText: '2. 查询密码' })).toHaveText(/通过$/, { timeout: 15_000 });

  // The one-time code reaches the demo phone through the outbox worker: the first code newer than what it showed before.
  const newestCode = async () => {
    await phone.goto('/demo/phone');
    const sms = phone.getByRole('list', { name: '短信', exact: true }).getByRole('listitem').filter({ hasText: `*******${customer.mobile.slice(-4)}` }).filter({ hasText: '动态口令为' }).first();
    return (await sms.count()) > 0 ? await sms.textContent() : null;
  };
  const earlier = await newestCode();
  await teller.getByRole('button', { name: '发送动态口令' }).click();
  await expect(teller.getByRole('status').filter({ hasText: '动态口令已发送至预留手机号。' })).toBeVisible();
  let received = null;
  await expect(async () => {
    received = await newestCode();
    expect(received).not.toBeNull();
    expect(received).not.toBe(earlier);
  }).toPass({ timeout: 30_000 });
  await phone.close();
  const otp = teller.getByRole('form', { name: '动态口令', exact: true });
  await otp.getByLabel('客户读出的动态口令').fill(received.match(/动态口令为 (\d{6})/)[1]);
  await otp.getByRole('button', { name: '校验口令' }).click();
  await expect(ladder.getByRole('listitem').filter({ hasText: '3. 动态口令' })).toHaveText(/通过$/);
  await teller.getByRole('form', { name: '身份确认', exact: true }).getByRole('button', { name: '客户确认无误' }).click();
  await expect(ladder.getByRole('listitem').filter({ hasText: '4. 身份确认' })).toHaveText(/通过$/);
  return teller.url().split('/').at(-1);
}

/**
 * The server-action request a click sends, captured on its way out (and let through): URL, the headers that matter,
 * and the form fields (React's reply encoding is multipart form data), for replaying with other field values.
 */
export async function captureAction(page, click) {
  const captured = page.waitForRequest((r) => r.method() === 'POST' && !!r.headers()['next-action']);
  await click();
  const request = await captured;
  const headers = await request.allHeaders();
  const keep = Object.fromEntries(['next-action', 'next-router-state-tree', 'accept'].filter((k) => headers[k]).map((k) => [k, headers[k]]));
  const form = await new Response(request.postDataBuffer(), { headers: { 'content-type': headers['content-type'] } }).formData();
  const fields = [...form.entries()].map(([k, v]) => [k, String(v)]);
  return { url: request.url(), headers: keep, fields, cookie: await cookieHeader(page) };
}

/** The transfer form in the teller's open console: submits one transfer and returns the captured action request (the caller waits for its effect). */
export async function submitTransferInForm(teller, { accountId, amountYuan, toAccountNumber, payeeName }) {
  const transfer = teller.getByRole('form', { name: '转账' });
  await transfer.getByLabel('转出账户').selectOption(accountId);
  await transfer.getByLabel('金额（元）').fill(String(amountYuan));
  await transfer.getByLabel('收款账号').fill(toAccountNumber);
  await transfer.getByLabel('收款人户名').fill(payeeName);
  return captureAction(teller, () => transfer.getByRole('button', { name: '提交' }).click());
}

/** The decision form on a case's page: approves it and returns the captured action request (the caller waits for its effect). */
export async function approveInForm(supervisor, caseId) {
  await supervisor.goto(`/supervisor/cases/${caseId}`);
  const form = supervisor.getByRole('form', { name: '复核决定' });
  return captureAction(supervisor, () => form.getByRole('button', { name: '批准' }).click());
}
