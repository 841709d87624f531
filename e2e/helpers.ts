import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';
import { DEMO_LOGINS } from '../scripts/lib/demo-logins.mjs';

export const DEMO_PASSWORD = DEMO_LOGINS.password;
/** The authenticator key the demo seed gives its supervisors and admins (db/seed.ts DEMO_TOTP_SECRET). */
export const DEMO_TOTP_SECRET = DEMO_LOGINS.totpSecret;
const PERIOD_S = 30;

/**
 * The next authenticator code for `username` that the server has not seen: a code works once, and so does every
 * code of an earlier step. The steps used are kept in a file (specs may run in more than one process), and when
 * the window (now ± one step) has no unused step left, this waits for the clock to move on, as a person would.
 */
export async function nextTotpCode(username: string, secret = DEMO_TOTP_SECRET): Promise<string> {
  const { generateSync } = await import('otplib');
  const file = path.join(process.cwd(), process.env.E2E_DATA_DIR ?? '.data-e2e', 'totp-steps.json');
  const used: Record<string, number> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  const nowStep = () => Math.floor(Date.now() / 1000 / PERIOD_S);
  const step = Math.max(nowStep() - 1, (used[username] ?? 0) + 1);
  while (step > nowStep() + 1) await new Promise((r) => setTimeout(r, 500));
  used[username] = step;
  fs.writeFileSync(file, JSON.stringify(used));
  return generateSync({ secret, epoch: step * PERIOD_S });
}

/**
 * Signs in through the real form; the catalogue default is zh-CN, so labels are Chinese unless switched. When the
 * account has an authenticator the form then asks for its code, which is given (from `totpSecret`, the demo key by
 * default).
 */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD, { totpSecret = DEMO_TOTP_SECRET }: { totpSecret?: string } = {}) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  const codeField = page.getByLabel('身份验证器验证码');
  const settle = <T>(p: Promise<unknown>, value: T) => p.then(() => value).catch(() => 'unknown' as const);
  const outcome = await Promise.race([
    settle(page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 }), 'in'),
    settle(codeField.waitFor({ timeout: 15_000 }), 'code'),
    settle(page.getByText(/^登录失败：/).waitFor({ timeout: 15_000 }), 'refused'),
  ]);
  if (outcome !== 'code') return;
  await codeField.fill(await nextTotpCode(username, totpSecret));
  await page.getByRole('button', { name: '登录' }).click();
}

/**
 * Work drawn for "the least loaded inspector" may go to a member another spec created (with a password of its own):
 * such a member is given the demo password first, so the spec can sign in as whoever got the work.
 */
export async function withDemoPassword(username: string): Promise<string> {
  if (!DEMO_LOGINS.usernames.includes(username)) {
    const { hash } = await import('@node-rs/argon2');
    const passwordHash = await hash(DEMO_PASSWORD);
    await withDatabase((sql) => sql`UPDATE staff SET password_hash = ${passwordHash}, failed_sign_ins = 0, locked_until = NULL WHERE username = ${username}`);
  }
  return username;
}

/** A new browser context signed in as `username`, on the run's app (instance A) unless `baseURL` names another. */
export async function newSignedInPage(browser: Browser, username: string, { baseURL }: { baseURL?: string } = {}): Promise<Page> {
  const context = await browser.newContext(baseURL ? { baseURL } : {});
  const page = await context.newPage();
  await signIn(page, username);
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  return page;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A fresh, valid resident ID number (Beijing Dongcheng, born 1990), unique per call. */
export function validIdNumber(): string {
  const seq = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
  const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0');
  const year = String(1950 + Math.floor(Math.random() * 50));
  const body = `110101${year}${month}${day}${seq}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * WEIGHTS[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

/** The intake details beyond name, document and mobile, for a resident ID holder: long-term ID, occupation, address. */
export async function fillIntakeDetails(form: import('@playwright/test').Locator) {
  await form.getByLabel('长期有效（仅居民身份证）').check();
  await form.getByLabel('职业').selectOption({ label: '专业技术人员' });
  await form.getByLabel('住址或工作单位地址').fill('上海市浦东新区世纪大道 100 号');
}

/** A valid unified social credit code (GB 32100 check character), different each call. */
export function validCreditCode(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `91310000${Array.from({ length: 9 }, () => alphabet[Math.floor(Math.random() * 10)]).join('')}`;
  const sum = [...body].reduce((s, c, i) => s + alphabet.indexOf(c) * weights[i]!, 0);
  return body + alphabet[(31 - (sum % 31)) % 31];
}

export function randomMobile(): string {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

export async function expectAccessible(page: Page) {
  await expect(page.getByRole('main')).toBeVisible();
  await page.waitForLoadState('load');
  // Next streams a dynamic page's metadata: the title may land just after the body (still an axe rule, checked here).
  await expect(page).toHaveTitle(/\S/);
  // Retried briefly: a server action's revalidation re-renders the page (its streamed title included) under axe's feet;
  // a real violation stays and fails.
  await expect(async () => {
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }).toPass({ timeout: 10_000 });
}

/** The e2e run's own throwaway database, as its owner: for arranging what a browser cannot (such as the passing of time). */
export async function withDatabase<T>(work: (sql: import('postgres').Sql) => Promise<T>): Promise<T> {
  const { default: postgres } = await import('postgres');
  const sql = postgres(`postgres://aircounter:aircounter-local@127.0.0.1:${process.env.E2E_PG_PORT ?? 54391}/aircounter`, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

/** The second app instance's address (instance B, see startSecondInstance). */
export const SECOND_PORT = Number(process.env.E2E_SECOND_PORT ?? 3101);
export const SECOND_URL = `http://localhost:${SECOND_PORT}`;

/**
 * Starts a second app instance (`next start`, instance B) on the run's database, as a scaled deployment runs it, and
 * waits until it answers. Returns the function that stops it (and waits for it to exit), for `test.afterAll`.
 */
export async function startSecondInstance(): Promise<() => Promise<void>> {
  expect(await fetch(`${SECOND_URL}/login`).catch(() => null), `port ${SECOND_PORT} must be free for instance B`).toBeNull();
  // Instance A's launcher keeps its generated secrets beside the data: B must seal, sign and connect exactly as A does.
  const secrets = JSON.parse(fs.readFileSync(path.join(path.resolve(process.env.E2E_DATA_DIR ?? '.data-e2e'), 'secrets.json'), 'utf8'));
  // Its output goes beside instance A's, for the log check after the run (no personal data in any instance's log).
  const out = fs.openSync(path.join(path.resolve(process.env.E2E_DATA_DIR ?? '.data-e2e'), 'app-b.log'), 'a');
  const second = spawn(path.resolve('node_modules/.bin/next'), ['start', '-p', String(SECOND_PORT)], {
    env: {
      ...process.env,
      DATABASE_URL: `postgres://aircounter_app:${secrets.APP_DB_PASSWORD}@127.0.0.1:${process.env.E2E_PG_PORT ?? 54391}/aircounter`,
      AUTH_SECRET: secrets.AUTH_SECRET,
      DATA_ENCRYPTION_KEY: secrets.DATA_ENCRYPTION_KEY,
      ...(secrets.DATA_ENCRYPTION_KEYS_PREVIOUS ? { DATA_ENCRYPTION_KEYS_PREVIOUS: secrets.DATA_ENCRYPTION_KEYS_PREVIOUS } : {}),
      AIR_COUNTER_ENV: 'demo',
      AUTH_TRUST_HOST: 'true',
      PORT: String(SECOND_PORT),
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', out, out],
    // Its own process group, stopped as a whole (with anything `next start` runs beside itself).
    detached: true,
  });
  fs.closeSync(out);
  const exited = new Promise((resolve) => second.once('exit', resolve));
  const answers = async () => (await fetch(`${SECOND_URL}/login`).catch(() => null)) !== null;
  const stop = async () => {
    if (!second.pid) return;
    const group = -second.pid;
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(group, signal);
      } catch {
        /* the group is gone already */
      }
    };
    kill('SIGTERM');
    // A server still streaming events to a page left open (SSE) waits for that page: after a grace period, stop it outright.
    let grace: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([exited.then(() => true), new Promise((resolve) => (grace = setTimeout(() => resolve(false), 10_000)))]);
    clearTimeout(grace);
    if (!stopped) kill('SIGKILL');
    await exited;
    // The port is free again for the next spec's instance B.
    await expect.poll(answers, { timeout: 10_000 }).toBe(false).catch(() => kill('SIGKILL'));
    await expect.poll(answers, { timeout: 10_000 }).toBe(false);
  };
  const status = async (route: string) => (await fetch(`${SECOND_URL}${route}`).catch(() => null))?.status ?? 0;
  try {
    // Serving pages and reaching the database.
    await expect.poll(async () => [await status('/login'), await status('/api/health')], { timeout: 60_000 }).toEqual([200, 200]);
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}

export const DEMO_CUSTOMER_PASSWORD = '135790';

/**
 * Arranges what the console cannot do yet: the customer activated a card and so has a query password (the demo
 * customers' one). Card activation belongs to the business-processing work.
 */
export async function giveCustomerDemoPassword(idNumberLast4: string, name: string): Promise<void> {
  await withDatabase((sql) => sql`
    INSERT INTO customer_passwords (customer_id, password_hash, set_via)
    SELECT c.id, (SELECT password_hash FROM customer_passwords WHERE set_via = 'demo_seed' LIMIT 1), 'e2e'
    FROM customers c WHERE c.name = ${name} AND c.id_number_last4 = ${idNumberLast4}`);
}

/**
 * The teller asks for the password; on the demo phone the customer keys it on the keypad, which posts to the
 * telephony integration endpoint. Waits until the teller's console shows the step passed (or failed, for a password
 * other than the demo customers' one unless `passes` says otherwise).
 */
export async function passPasswordOnKeypad(
  teller: Page,
  customerName: string,
  digits = DEMO_CUSTOMER_PASSWORD,
  { stepLabel = '2. 查询密码', passes = digits === DEMO_CUSTOMER_PASSWORD }: { stepLabel?: string; passes?: boolean } = {},
) {
  await teller.getByRole('button', { name: '请客户在键盘输入密码' }).click();
  await expect(teller.getByText('正在等待客户在键盘上输入密码')).toBeVisible();
  const phone = await teller.context().newPage();
  await phone.goto('/demo/phone');
  const keypad = phone.getByRole('form', { name: `${customerName}的电话键盘` });
  await keypad.getByLabel(`${customerName}的查询密码（6 位数字）`).fill(digits);
  await keypad.getByRole('button', { name: '发送' }).click();
  // The answered prompt replaces the keypad (an earlier prompt answered on this phone may already show its time).
  await expect(keypad).toBeHidden();
  await expect(phone.getByText(/已于 .* 发送。/).first()).toBeVisible();
  await expectAccessible(phone);
  await phone.close();
  const ladder = teller.getByRole('list', { name: '身份验证' });
  await expect(ladder.getByRole('listitem').filter({ hasText: stepLabel })).toHaveText(new RegExp(`^${stepLabel.replace('.', '\\.')}\\s*${passes ? '通过' : '未通过'}$`), { timeout: 15_000 });
}

type LadderCustomer = { name: string; idNumber: string; mobile: string };

/** Step 1 of the ladder in the teller's open console: the customer states name, ID number and mobile. */
export async function verifyBasic(teller: Page, c: LadderCustomer) {
  const verify = teller.getByRole('form', { name: '基本信息验证' });
  await verify.getByLabel('客户所述姓名').fill(c.name);
  await verify.getByLabel('客户所述身份证号码').fill(c.idNumber);
  await verify.getByLabel('客户所述手机号').fill(c.mobile);
  await verify.getByRole('button', { name: '基本信息验证' }).click();
  await expect(teller.getByRole('status').filter({ hasText: '验证通过' })).toBeVisible();
}

/**
 * The one-time code: sent to the reserved mobile, read off the demo phone, keyed by the teller. The phone may still
 * show the customer's code of an earlier contact (the worker delivers through the outbox): the code read is the first
 * one newer than what the phone showed before sending.
 */
export async function passOneTimeCode(teller: Page, mobile: string) {
  const phone = await teller.context().newPage();
  const newestCode = async () => {
    await phone.goto('/demo/phone');
    const sms = phone.getByRole('list', { name: '短信', exact: true }).getByRole('listitem').filter({ hasText: `*******${mobile.slice(-4)}` }).filter({ hasText: '动态口令为' }).first();
    return (await sms.count()) > 0 ? await sms.textContent() : null;
  };
  const earlier = await newestCode();
  await teller.getByRole('button', { name: '发送动态口令' }).click();
  await expect(teller.getByRole('status').filter({ hasText: '动态口令已发送至预留手机号。' })).toBeVisible();
  let received: string | null = null;
  await expect(async () => {
    received = await newestCode();
    expect(received).not.toBeNull();
    expect(received).not.toBe(earlier);
  }).toPass({ timeout: 20_000 });
  const code = (received as string | null)?.match(/动态口令为 (\d{6})/)?.[1];
  await phone.close();
  const otp = teller.getByRole('form', { name: '动态口令', exact: true });
  await otp.getByLabel('客户读出的动态口令').fill(code!);
  await otp.getByRole('button', { name: '校验口令' }).click();
  const ladder = teller.getByRole('list', { name: '身份验证' });
  await expect(ladder.getByRole('listitem').filter({ hasText: '3. 动态口令' })).toHaveText(/^3\. 动态口令\s*通过$/);
}

/** The customer confirms the identity read back to them, which closes the ladder. */
export async function confirmIdentity(teller: Page) {
  await teller.getByRole('form', { name: '身份确认', exact: true }).getByRole('button', { name: '客户确认无误' }).click();
  const ladder = teller.getByRole('list', { name: '身份验证' });
  await expect(ladder.getByRole('listitem').filter({ hasText: '4. 身份确认' })).toHaveText(/^4\. 身份确认\s*通过$/);
}

/**
 * Walks the whole verification ladder in the teller's open console: basic information, the password on the demo
 * phone's keypad, the one-time code read off the demo phone, and the customer's confirmation.
 */
export async function verifyThroughLadder(teller: Page, c: LadderCustomer) {
  await verifyBasic(teller, c);
  await passPasswordOnKeypad(teller, c.name);
  await passOneTimeCode(teller, c.mobile);
  await confirmIdentity(teller);
}

/**
 * The ladder without the password step, for a customer who has no password yet (one is set when a first card is
 * activated) and business whose policy does not ask for it (card service: basic information and one-time code).
 */
export async function verifyWithoutPassword(teller: Page, c: LadderCustomer) {
  await verifyBasic(teller, c);
  await passOneTimeCode(teller, c.mobile);
  await confirmIdentity(teller);
}

/** Appends the Luhn (mod 10) check digit that our account and card numbers carry. */
export function withLuhnDigit(body: string): string {
  let sum = 0;
  // From the rightmost digit of the body, every other digit (starting with that one) is doubled.
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** `n` random decimal digits. */
export function randomDigits(n: number): string {
  return Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
}
