// Phase (b) of the fault check (scripts/fault-check.mjs): PostgreSQL stopped under load and started again.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { burst } from './fault-actions.mjs';
import { undelivered } from './fault-invariants.mjs';
import { check, note, step } from './fault-report.mjs';
import { statusOf, waitFor } from './fault-stack.mjs';

/** The catalogue's text for `key` (dotted) in `locale` (what a person reading that language sees). */
function catalogue(root, locale, key) {
  const messages = JSON.parse(fs.readFileSync(path.join(root, 'messages', `${locale}.json`), 'utf8'));
  return key.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), messages);
}

async function sendingCount(sql, sessions) {
  const [{ n }] = await sql`SELECT count(*)::int AS n FROM outbox_messages WHERE session_id = ANY(${sessions}::uuid[]) AND status = 'sending'`;
  return n;
}

/**
 * (b) PostgreSQL stopped under load and started again: the outage is told plainly (pages, actions, health) and the app
 * and the worker recover by themselves.
 */
export async function databaseRestart({ root, stack, sql, sup, submit, decide, sessions, caseOfKey, stateOf, workers, recoveryMs, screenshots }) {
  step('(b) Transfers waiting for a decision; the supervisor has the queue open; load running (pages and submissions)');
  const pendingKeys = Array.from({ length: 10 }, () => randomUUID());
  for (const key of pendingKeys) if ((await submit(0, 300, key)).ok !== true) throw new Error('a transfer for phase (b) was not submitted');
  const [pendingA, pendingB, ...backlog] = await Promise.all(pendingKeys.map(caseOfKey));
  await sup.goto('/supervisor');
  await sup.getByRole('heading', { level: 1 }).waitFor();
  const appPid = stack.appPid();

  let loading = true;
  const load = [];
  const cookie = (await sup.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  // Two loops load the supervisor's queue page, two submit transfers (one per teller); bounded, and paced like a busy floor.
  const loadLoop = async (n) => {
    for (let i = 0; loading && i < 200; i++) {
      const at = Date.now();
      if (n < 2) {
        load.push({ kind: 'page', at, status: await statusOf(`${stack.baseURL}/supervisor`, { headers: { cookie } }) });
      } else {
        const key = randomUUID();
        load.push({ kind: 'action', at, key, maker: n % 2, ...(await submit(n % 2, 1, key)) });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const loaders = Promise.all([0, 1, 2, 3].map(loadLoop));
  await waitFor('load to be under way', async () => load.length >= 12, 20_000, 50);

  // Eight approvals queue sixteen customer messages, and the outage comes while the workers are delivering them: the
  // demo SMS phone is held (a table lock taken as the owner), so each worker's SMS delivery waits half-done — claimed,
  // not yet received — when PostgreSQL goes away.
  const release = await stack.holdLock('demo_sms_inbox', 'SHARE ROW EXCLUSIVE');
  const approvals = await burst(backlog.map((id) => ({ label: 'approve', run: () => decide(1, id, 'approve') })), { concurrency: 4 });
  if (!approvals.every((r) => r.ok)) throw new Error(`approvals before the outage failed: ${JSON.stringify(approvals.filter((r) => !r.ok))}`);
  await waitFor('every worker to be half-way through an SMS delivery', async () => (await sendingCount(sql, sessions)) >= workers, 30_000, 100);
  note(`${await sendingCount(sql, sessions)} deliveries half-done and ${await undelivered(sql, sessions)} message(s) undelivered when the database stops`);

  step('(b) PostgreSQL stopped (fast shutdown) with requests and deliveries in flight');
  const downAt = Date.now();
  await stack.stopDatabase();
  release();
  check('/api/health answers 503', (await statusOf(`${stack.baseURL}/api/health`)) === 503);
  const pageRes = await sup.goto('/supervisor');
  note(`a page request during the outage answers HTTP ${pageRes?.status()}`);
  const down = sup.locator('main[data-error="database-unavailable"]');
  const shown = await down.waitFor({ timeout: 15_000 }).then(() => true, () => false);
  check('the page says the database is unavailable and that it is retrying (data-error="database-unavailable", a live status)', shown && (await down.getByRole('status').count()) === 1);
  const zhTitle = catalogue(root, 'zh-CN', 'errorPage.databaseTitle');
  check('…in the user\'s language (zh-CN)', !!zhTitle && (await down.getByRole('heading', { level: 1 }).textContent()) === zhTitle);
  const enTitle = catalogue(root, 'en', 'errorPage.databaseTitle');
  {
    await sup.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: stack.baseURL }]);
    const en = await sup.context().newPage();
    await en.goto('/supervisor');
    const enDown = en.locator('main[data-error="database-unavailable"]');
    check('…and in English for an English user', (await enDown.waitFor({ timeout: 15_000 }).then(() => true, () => false)) && (await enDown.getByRole('heading', { level: 1 }).textContent()) === enTitle);
    await en.close();
    await sup.context().addCookies([{ name: 'NEXT_LOCALE', value: 'zh-CN', url: stack.baseURL }]);
  }
  if (screenshots) await sup.screenshot({ path: path.join(screenshots, 'database-unavailable.png') });
  // Set on the error page's document: still there after recovery means the page recovered without a reload.
  await sup.evaluate(() => { window.__faultCheck = 'same document'; });
  const refusedDecision = await decide(0, pendingA, 'approve');
  check('a decision answers a calm refusal: 200, ok:false, errors.databaseUnavailable', refusedDecision.status === 200 && refusedDecision.ok === false && refusedDecision.message === 'errors.databaseUnavailable', refusedDecision);
  const refusedKey = randomUUID();
  const refusedSubmit = await submit(1, 1, refusedKey);
  check('a submission answers the same refusal', refusedSubmit.status === 200 && refusedSubmit.ok === false && refusedSubmit.message === 'errors.databaseUnavailable', refusedSubmit);
  await waitFor('load during the outage', async () => load.filter((l) => l.at > downAt).length >= 8, 20_000, 50);

  step('(b) PostgreSQL started again on the same port and data');
  await stack.startDatabase();
  const upAt = Date.now();
  const healthMs = await waitFor('/api/health to answer 200', async () => (await statusOf(`${stack.baseURL}/api/health`)) === 200, recoveryMs);
  note(`outage ${((upAt - downAt) / 1000).toFixed(1)} s; health 200 again ${healthMs} ms after the restart`);
  const recovered = await waitFor('the open page to recover by itself', async () => (await down.count()) === 0 && (await sup.getByRole('heading', { level: 1 }).isVisible()), recoveryMs, 200).catch(() => -1);
  check(`the open page shows the queue again by itself within ${recoveryMs / 1000} s`, recovered >= 0, { recovered });
  if (recovered >= 0) note(`recovered ${((Date.now() - upAt) / 1000).toFixed(1)} s after the restart`);
  check('…without a reload (the same document)', (await sup.evaluate(() => window.__faultCheck)) === 'same document');
  const decided = await decide(0, pendingA, 'approve');
  check('the refused decision, sent again, is carried out', decided.ok === true && (await stateOf(pendingA)) === 'completed', decided);
  check('the same app process served throughout (no restart)', stack.appAlive() && stack.appPid() === appPid);

  loading = false;
  await loaders;
  const during = load.filter((l) => l.at >= downAt && l.at < upAt);
  const actions = load.filter((l) => l.kind === 'action');
  note(`load: ${load.length} requests, ${during.length} during the outage (pages answered ${[...new Set(during.filter((l) => l.kind === 'page').map((l) => l.status))].join('/')}), ${actions.filter((l) => l.message === 'errors.databaseUnavailable').length} action(s) refused`);
  const calm = (l) => l.status === 200 && (l.ok === true || l.message === 'errors.databaseUnavailable');
  check(
    'every action under load answered 200 with a result: done, or (some) refused as errors.databaseUnavailable',
    actions.every(calm) && actions.some((l) => l.message === 'errors.databaseUnavailable'),
    actions.filter((l) => !calm(l)),
  );
  const after = load.filter((l) => l.at >= upAt + healthMs);
  check('every request after recovery was served normally', after.every((l) => (l.kind === 'page' ? l.status === 200 : l.ok === true)), after.filter((l) => (l.kind === 'page' ? l.status !== 200 : l.ok !== true)));

  step('(b) The refused submissions sent again (same keys): each makes its case once');
  const refused = [...actions.filter((l) => l.ok !== true), { key: refusedKey, maker: 1 }];
  const again = await burst(refused.map(({ key, maker }) => ({ label: 'resubmit', run: () => submit(maker, 1, key) })), { concurrency: 4 });
  check(`all ${refused.length} resubmissions succeed`, again.every((r) => r.ok === true), again.filter((r) => r.ok !== true));
  const loadKeys = load.filter((l) => l.kind === 'action').map((l) => l.key).concat(refusedKey);
  const counts = await sql`SELECT idempotency_key, count(*)::int AS n FROM cases WHERE idempotency_key = ANY(${loadKeys}::text[]) GROUP BY 1`;
  check('exactly one case per key', counts.length === loadKeys.length && counts.every((r) => r.n === 1), { keys: loadKeys.length, found: counts.length });

  // A second outcome after the outage (the transfers made under load stay waiting: a state their workflow allows).
  const rejected = await decide(1, pendingB, 'reject');
  check('a rejection after the outage is carried out', rejected.ok === true && (await stateOf(pendingB)) === 'rejected', rejected);
}
