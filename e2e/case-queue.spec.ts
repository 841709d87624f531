// The supervisors' approval queue (业务复核 on /supervisor) is live across app instances: a case submitted through
// instance A appears on a queue served by instance B, a claim made on A shows on B and a decision made on B removes
// the case from A's queue, all without a reload (NOTIFY on the 'cases' channel -> each instance's LISTEN -> SSE ->
// React Query). Filters by type and to the overdue; the queue's data and events are for supervisors only.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAccessible, newSignedInPage, SECOND_URL, startSecondInstance, verifyThroughLadder, withDatabase } from './helpers';

const ZHANG_SAN = { name: '张三', idNumber: '11010519491231002X', mobile: '13800138000' };
/** `supervisor`'s display name (db/seed.ts), as a claim shows it. */
const CHEN = '陈主管 Chen Zhuguan';
const EXTERNAL_PAYEE = { account: '6228480012345678', name: '王小二' };

let stopSecond: (() => Promise<void>) | undefined;

test.beforeAll(async () => {
  stopSecond = await startSecondInstance();
});

test.afterAll(async () => {
  await stopSecond?.();
});

/** A small amount, different each run (so its row is told apart from other cases), from CNY 100.00 to 299.99. */
function smallAmount(): { fen: number; yuan: string } {
  const fen = 10_000 + Math.floor(Math.random() * 20_000);
  return { fen, yuan: `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}` };
}

/** The teller opens a contact with 张三 and walks the ladder; his current account and the session for the transfers. */
async function serveZhangSan(teller: Page): Promise<{ sessionId: string; accountId: string }> {
  await teller.getByRole('button', { name: '开始会话' }).click();
  await teller.waitForURL(/\/teller\/sessions\/[0-9a-f-]{36}$/);
  await teller.getByLabel('姓名、完整证件号码、证件号后4位或手机号').fill(ZHANG_SAN.name);
  await teller.getByRole('button', { name: '查询', exact: true }).click();
  await teller.getByRole('button', { name: '选择 张三' }).click();
  await verifyThroughLadder(teller, ZHANG_SAN);
  const [account] = await withDatabase((sql) => sql<{ id: string }[]>`
    SELECT a.id FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE c.name = '张三' AND a.kind = 'current' LIMIT 1`);
  return { sessionId: teller.url().split('/').at(-1)!, accountId: account!.id };
}

/** Submits a transfer on the console (a level-1 case: one supervisor) and returns the case's id. */
async function submitTransfer(teller: Page, sessionId: string, accountId: string, amount: { fen: number; yuan: string }, to: { account: string; name?: string }) {
  const transfer = teller.getByRole('form', { name: '转账' });
  await transfer.getByLabel('转出账户').selectOption(accountId);
  await transfer.getByLabel('金额（元）').fill(amount.yuan);
  await transfer.getByLabel('收款账号').fill(to.account);
  if (to.name) await transfer.getByLabel('收款人户名').fill(to.name);
  await transfer.getByRole('button', { name: '提交' }).click();
  await expect(teller.getByRole('list', { name: '本会话的业务' }).getByRole('listitem').filter({ hasText: amount.yuan })).toContainText('已批准 0/1');
  const [c] = await withDatabase((sql) => sql<{ id: string }[]>`
    SELECT id FROM cases WHERE session_id = ${sessionId} AND amount_fen = ${amount.fen} AND state = 'pending_approval'`);
  return c!.id;
}

/** The live queue on a supervisor's /supervisor (a card titled 业务复核, with the count when the page was rendered). */
function queueOf(page: Page): Locator {
  return page.getByRole('region', { name: /^业务复核/ });
}

/** The queue's rows for cases, each with its link to the decision screen. */
function caseRows(queue: Locator): Locator {
  return queue.getByRole('row').filter({ has: queue.page().getByRole('link', { name: /^复核 .+ 的业务$/ }) });
}

function rowFor(queue: Locator, customer: string, amount: { yuan: string }): Locator {
  return caseRows(queue).filter({ has: queue.page().getByRole('link', { name: `复核 ${customer} 的业务` }) }).filter({ hasText: amount.yuan });
}

type Marked = Window & { __notReloaded?: boolean; __caseEvents?: number };

/** From the page's next load on, counts the 'case' events its queue receives over server-sent events. */
async function countCaseEvents(page: Page) {
  await page.addInitScript(() => {
    const Native = window.EventSource;
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        this.addEventListener('case', () => ((window as Marked).__caseEvents = ((window as Marked).__caseEvents ?? 0) + 1));
      }
    };
  });
}
async function caseEvents(page: Page): Promise<number> {
  return page.evaluate(() => (window as Marked).__caseEvents ?? 0);
}

/** Marks the page's window: a reload would lose the mark, a live update keeps it. */
async function markWindow(page: Page) {
  await page.evaluate(() => ((window as Marked).__notReloaded = true));
}
async function expectNotReloaded(page: Page) {
  expect(await page.evaluate(() => (window as Marked).__notReloaded), 'the page was not reloaded').toBe(true);
}

async function rejectCase(supervisor: Page, caseId: string) {
  await supervisor.goto(`/supervisor/cases/${caseId}`);
  const decision = supervisor.getByRole('form', { name: '复核决定' });
  await decision.getByLabel('原因（拒绝或退回时必选）').selectOption({ label: '客户撤回' });
  await decision.getByLabel('意见（拒绝或退回时必填）').fill('客户撤回，测试结束');
  await decision.getByRole('button', { name: '拒绝' }).click();
  await expect(supervisor.getByText('已拒绝', { exact: true })).toBeVisible();
}

test('a case submitted on one instance, claimed on it and approved on another: every step reaches the other queue live', async ({ browser }) => {
  test.slow();
  const teller = await newSignedInPage(browser, 'teller');
  const { sessionId, accountId } = await serveZhangSan(teller);

  // supervisor2 watches the queue on instance B, opened just before the case exists.
  const watcher = await newSignedInPage(browser, 'supervisor2', { baseURL: SECOND_URL });
  await countCaseEvents(watcher);
  await watcher.goto('/supervisor');
  const watched = queueOf(watcher);
  await expect(watched.getByRole('status').filter({ hasText: '实时更新中' })).toBeVisible();
  await markWindow(watcher);

  const amount = smallAmount();
  const [before] = await withDatabase((sql) => sql<{ balance: string }[]>`SELECT balance::text FROM accounts WHERE id = ${accountId}`);
  const caseId = await submitTransfer(teller, sessionId, accountId, amount, EXTERNAL_PAYEE);

  // Brought by the event stream of B (the queue's background refetch is only every 60 s).
  const onB = rowFor(watched, '张三', amount);
  await expect(onB).toBeVisible();
  const heard = await caseEvents(watcher);
  expect(heard).toBeGreaterThan(0);
  await expect(onB).toContainText('跨行转账');
  await expect(onB).toContainText('1 级（已批准 0）');
  await expect(onB.getByRole('link', { name: '复核 张三 的业务' })).toHaveAttribute('href', `/supervisor/cases/${caseId}`);
  await expectNotReloaded(watcher);

  // supervisor claims it on instance A ...
  const claimer = await newSignedInPage(browser, 'supervisor');
  await claimer.goto('/supervisor');
  await markWindow(claimer);
  const onA = rowFor(queueOf(claimer), '张三', amount);
  await onA.getByRole('form', { name: '认领 张三 的业务' }).getByRole('button', { name: '认领' }).click();
  await expect(onA).toContainText(`${CHEN} 处理中`);
  await expect(onA.getByRole('form', { name: '释放 张三 的业务' }).getByRole('button', { name: '释放' })).toBeVisible();
  const [claim] = await withDatabase((sql) => sql<{ username: string | null }[]>`
    SELECT s.username FROM cases c LEFT JOIN staff s ON s.id = c.claimed_by WHERE c.id = ${caseId}`);
  expect(claim!.username).toBe('supervisor');

  // ... and supervisor2 sees who is on it, on B, without reloading; taking it over stays possible.
  await expect(onB).toContainText(`${CHEN} 处理中`);
  expect(await caseEvents(watcher)).toBeGreaterThan(heard);
  await expect(onB.getByRole('form', { name: '接手 张三 的业务' }).getByRole('button', { name: '接手' })).toBeEnabled();
  await expectNotReloaded(watcher);
  await expectAccessible(watcher);
  await watcher.screenshot({ path: test.info().outputPath('queue-claimed-row.png'), fullPage: true });

  // A claim does not block: supervisor2 decides it on B.
  await onB.getByRole('link', { name: '复核 张三 的业务' }).click();
  await expect(watcher.getByRole('heading', { name: '复核：跨行转账' })).toBeVisible();
  const decisionCard = watcher.getByRole('region', { name: '复核决定' });
  await expect(decisionCard).toContainText(`${CHEN} 处理中`);
  await expect(decisionCard.getByRole('form', { name: '接手 张三 的业务' }).getByRole('button', { name: '接手' })).toBeVisible();
  await expectAccessible(watcher);
  await watcher.screenshot({ path: test.info().outputPath('decision-claimed-by-other.png'), fullPage: true });
  await decisionCard.getByRole('form', { name: '复核决定' }).getByRole('button', { name: '批准' }).click();
  await expect(decisionCard.getByText('已完成', { exact: true })).toBeVisible();

  // The decided case leaves the claimer's queue on A, live.
  await expect(onA).toHaveCount(0);
  await expectNotReloaded(claimer);
  const [after] = await withDatabase((sql) => sql<{ state: string; approver: string; balance: string }[]>`
    SELECT c.state::text, (SELECT s.username FROM case_decisions d JOIN staff s ON s.id = d.approver_id WHERE d.case_id = c.id) AS approver,
      (SELECT balance::text FROM accounts WHERE id = ${accountId}) AS balance
    FROM cases c WHERE c.id = ${caseId}`);
  expect(after).toMatchObject({ state: 'completed', approver: 'supervisor2' });
  expect(Number(after!.balance)).toBe(Number(before!.balance) - amount.fen);
});

test('the queue filters by type and to the overdue', async ({ browser }) => {
  test.slow();
  const teller = await newSignedInPage(browser, 'teller');
  const { sessionId, accountId } = await serveZhangSan(teller);
  const [lisi] = await withDatabase((sql) => sql<{ number: string }[]>`
    SELECT a.number FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE c.name = '李四' AND a.kind = 'current' LIMIT 1`);
  const internal = smallAmount();
  let external = smallAmount();
  while (external.yuan === internal.yuan) external = smallAmount();
  const internalId = await submitTransfer(teller, sessionId, accountId, internal, { account: lisi!.number });
  const externalId = await submitTransfer(teller, sessionId, accountId, external, EXTERNAL_PAYEE);
  // The passing of time, arranged: the internal transfer's SLA ran out a minute ago.
  await withDatabase((sql) => sql`UPDATE cases SET sla_due_at = now() - interval '1 minute' WHERE id = ${internalId}`);

  const supervisor = await newSignedInPage(browser, 'supervisor');
  await supervisor.goto('/supervisor');
  const queue = queueOf(supervisor);
  const internalRow = rowFor(queue, '张三', internal);
  const externalRow = rowFor(queue, '张三', external);
  await expect(internalRow).toContainText('行内转账');
  await expect(internalRow).toContainText('已超时');
  await expect(externalRow).toContainText('跨行转账');
  await expect(externalRow).not.toContainText('已超时');

  // Every type offered has its name (a type without one would show its catalogue key).
  await expect(queue.getByLabel('业务类型').getByRole('option').filter({ hasText: /types\./ })).toHaveCount(0);
  await queue.getByLabel('业务类型').selectOption({ label: '跨行转账' });
  // In this order: the unfiltered rows gone, then the filtered page in, then nothing else in it.
  await expect(internalRow).toHaveCount(0);
  await expect(externalRow).toBeVisible();
  await expect(caseRows(queue).filter({ hasNotText: '跨行转账' })).toHaveCount(0);

  await queue.getByLabel('业务类型').selectOption({ label: '全部类型' });
  await expect(internalRow).toBeVisible();
  await queue.getByLabel('只看已超时').check();
  await expect(externalRow).toHaveCount(0);
  await expect(internalRow).toBeVisible();
  await expect(internalRow).toContainText('已超时');
  await expect(caseRows(queue).filter({ hasNotText: '已超时' })).toHaveCount(0);
  await supervisor.screenshot({ path: test.info().outputPath('queue-overdue-only.png'), fullPage: true });

  // Leave 张三 as he was: both transfers rejected, nothing posted.
  for (const id of [internalId, externalId]) await rejectCase(supervisor, id);
});

test('the queue and its events are for supervisors only', async ({ browser }) => {
  const teller = await newSignedInPage(browser, 'teller');
  expect((await teller.request.get('/api/cases/queue')).status()).toBe(403);
  expect((await teller.request.get('/api/cases/queue/events')).status()).toBe(403);
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get('/api/cases/queue')).status()).toBe(401);
  expect((await anonymous.request.get('/api/cases/queue/events')).status()).toBe(401);
  await anonymous.close();
});
