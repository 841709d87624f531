// Two app instances on one database, 200 decide attempts on one level-1 transfer at once (100 by `supervisor` through
// instance A, 100 by `supervisor2` through instance B), each a real server-action POST: exactly one decision lands,
// the ledger posts once and still balances (ledger:verify), and the 199 others are refused calmly and audited.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { SECOND_URL as B_URL, signIn, startSecondInstance, verifyThroughLadder, withDatabase } from './helpers';

const A_URL = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
const PG_PORT = process.env.E2E_PG_PORT ?? 54391;
const DATA_DIR = path.resolve(process.env.E2E_DATA_DIR ?? '.data-e2e');
const ATTEMPTS_PER_INSTANCE = 100;
let stopSecond: (() => Promise<void>) | undefined;

test.beforeAll(async () => {
  stopSecond = await startSecondInstance();
});

test.afterAll(async () => {
  await stopSecond?.();
});

async function signedInAt(browser: Browser, baseURL: string, username: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL })).newPage();
  await signIn(page, username);
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}

type Attempt = { url: string; headers: Record<string, string>; body: Buffer };

/**
 * The request the decision form's 批准 button really sends (the server action's id in `Next-Action`, the arguments in
 * React's reply encoding), captured on its way out and held back, so it can be sent many times at once.
 */
async function approvalRequest(page: Page, caseId: string): Promise<Attempt> {
  await page.goto(`/supervisor/cases/${caseId}`);
  await page.waitForLoadState('load');
  const held = new Promise<Attempt>((resolve) => {
    void page.route(`**/supervisor/cases/${caseId}`, async (route) => {
      const r = route.request();
      if (r.method() !== 'POST') return route.continue();
      const h = await r.allHeaders();
      const cookie = (await page.context().cookies(r.url())).map((c) => `${c.name}=${c.value}`).join('; ');
      const headers = Object.fromEntries(['next-action', 'next-router-state-tree', 'content-type', 'accept'].filter((k) => h[k]).map((k) => [k, h[k]!]));
      resolve({ url: r.url(), headers: { ...headers, cookie, origin: new URL(r.url()).origin }, body: r.postDataBuffer()! });
      await route.abort();
    });
  });
  await page.getByRole('form', { name: '复核决定' }).getByRole('button', { name: '批准' }).click();
  const attempt = await held;
  expect(attempt.headers['next-action'], 'the form posts to a server action').toMatch(/^[0-9a-f]{40,}$/);
  return attempt;
}

test('200 parallel decide attempts across two app instances: exactly one decision, one posting, the ledger intact', async ({ browser }) => {
  const teller = await signedInAt(browser, A_URL, 'teller');
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  const sessionId = teller.url().split('/').at(-1)!;
  await teller.getByLabel('姓名、完整证件号码、证件号后4位或手机号').fill('张三');
  await teller.getByRole('button', { name: '查询', exact: true }).click();
  await teller.getByRole('button', { name: '选择 张三' }).click();
  await verifyThroughLadder(teller, { name: '张三', idNumber: '11010519491231002X', mobile: '13800138000' });
  const [account] = await withDatabase((sql) => sql<{ id: string; balance: string }[]>`
    SELECT a.id, a.balance::text FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE c.name = '张三' AND a.kind = 'current' LIMIT 1`);
  const before = Number(account!.balance);
  const transfer = teller.getByRole('form', { name: '转账' });
  await transfer.getByLabel('转出账户').selectOption(account!.id);
  await transfer.getByLabel('金额（元）').fill('1000');
  await transfer.getByLabel('收款账号').fill('6228480012345678');
  await transfer.getByLabel('收款人户名').fill('王小二');
  await transfer.getByRole('button', { name: '提交' }).click();
  await expect(teller.getByRole('list', { name: '本会话的业务' }).getByRole('listitem').filter({ hasText: '1,000.00' })).toContainText('已批准 0/1');
  const [c] = await withDatabase((sql) => sql<{ id: string; level: number }[]>`
    SELECT id, required_level AS level FROM cases WHERE session_id = ${sessionId} AND state = 'pending_approval'`);
  expect(c!.level).toBe(1);

  const [viaA, viaB] = await Promise.all([
    signedInAt(browser, A_URL, 'supervisor').then((p) => approvalRequest(p, c!.id)),
    signedInAt(browser, B_URL, 'supervisor2').then((p) => approvalRequest(p, c!.id)),
  ]);
  expect([new URL(viaA.url).origin, new URL(viaB.url).origin]).toEqual([A_URL, B_URL]);
  // Interleaved and all in flight at once (Node's fetch does not cap connections per host, unlike a browser).
  const answers = await Promise.all(
    Array.from({ length: 2 * ATTEMPTS_PER_INSTANCE }, async (_, i) => {
      const a = i % 2 === 0 ? viaA : viaB;
      const res = await fetch(a.url, { method: 'POST', headers: a.headers, body: new Uint8Array(a.body) });
      const text = await res.text();
      return { status: res.status, ok: text.match(/"ok":(true|false)/)?.[1], message: text.match(/"message":"([\w.]+)/)?.[1] };
    }),
  );
  expect(answers.filter((a) => a.status !== 200)).toEqual([]);
  expect(answers.filter((a) => a.ok === 'true').map((a) => a.message)).toEqual(['cases.approvedExecuted']);
  const refused = answers.filter((a) => a.ok === 'false');
  expect(refused).toHaveLength(2 * ATTEMPTS_PER_INSTANCE - 1);
  expect(new Set(refused.map((a) => a.message))).toEqual(new Set(['errors.caseDecided']));

  const [after] = await withDatabase((sql) => sql<{ state: string; decisions: number; postings: number; balance: string; unbalanced: number; mismatched: number }[]>`
    SELECT (SELECT state::text FROM cases WHERE id = ${c!.id}) AS state,
      (SELECT count(*)::int FROM case_decisions WHERE case_id = ${c!.id}) AS decisions,
      (SELECT count(*)::int FROM ledger_transactions WHERE case_id = ${c!.id}) AS postings,
      (SELECT balance::text FROM accounts WHERE id = ${account!.id}) AS balance,
      (SELECT count(*)::int FROM (SELECT transaction_id FROM ledger_entries GROUP BY 1 HAVING sum(amount) <> 0) x) AS unbalanced,
      (SELECT count(*)::int FROM (SELECT a.id FROM accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id
        GROUP BY a.id HAVING a.balance <> coalesce(sum(e.amount), 0)) y) AS mismatched`);
  expect(after).toMatchObject({ state: 'completed', decisions: 1, postings: 1, unbalanced: 0, mismatched: 0 });
  expect(Number(after!.balance)).toBe(before - 100_000);

  // Every attempt was heard by the action wrapper, on both instances: each supervisor's 100 were sent only to theirs.
  const audited = await withDatabase((sql) => sql<{ username: string; outcome: string; reason: string | null; n: number }[]>`
    SELECT s.username, a.outcome::text, split_part(a.details->>'reason', '::', 1) AS reason, count(*)::int AS n
    FROM audit_events a JOIN staff s ON s.id = a.actor_id
    WHERE a.action = 'case.decide' AND a.entity_id = ${c!.id} GROUP BY 1, 2, 3`);
  expect(audited.reduce((n, r) => n + r.n, 0)).toBe(2 * ATTEMPTS_PER_INSTANCE);
  for (const username of ['supervisor', 'supervisor2']) expect(audited.filter((r) => r.username === username).reduce((n, r) => n + r.n, 0)).toBe(ATTEMPTS_PER_INSTANCE);
  expect(audited.filter((r) => r.outcome === 'ok').map((r) => r.n)).toEqual([1]);
  expect(audited.filter((r) => r.outcome !== 'ok').every((r) => r.outcome === 'failed' && r.reason === 'errors.caseDecided')).toBe(true);

  // The operator's own checks, run as they would be against this database.
  const task = (name: string) =>
    promisify(execFile)('node', ['scripts/start.mjs', 'task', name], {
      env: { ...process.env, DATABASE_URL: `postgres://aircounter:aircounter-local@127.0.0.1:${PG_PORT}/aircounter`, AIR_COUNTER_DATA_DIR: DATA_DIR },
    });
  const [ledger, audit] = await Promise.all([task('ledger-verify'), task('audit-verify')]);
  expect(ledger.stdout).toContain('Ledger intact');
  expect(audit.stdout).toContain('Audit trail intact');
});
