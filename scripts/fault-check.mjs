// The fault check (npm run test:faults): the production build on its own embedded PostgreSQL, under two faults.
//
// (a) Crash. A burst of real transfer submissions and supervisor decisions (server-action requests captured from the
//     real forms and replayed over HTTP, 8 at a time) is cut by SIGKILL to the `next start` process group while several
//     are in flight. Before and after restarting the app it proves nothing is half-done: every case rests in a state its
//     workflow allows with the rows that state requires (a completed transfer has exactly one posting of its amount and
//     exactly its required approvals; a pending one has no posting; each decision and each case creation has its audit
//     row; each outcome its customer messages), every request answered before the kill is durable, replaying the
//     unanswered ones (the client's retry, same idempotency keys) creates nothing twice, the ledger and the audit chain
//     verify (`npm run ledger:verify` / `audit:verify`), and the worker delivers every message exactly once.
// (b) Database restart. PostgreSQL is stopped (fast shutdown) under load: pages show the "database unavailable,
//     retrying" page (data-error="database-unavailable"), server actions answer a calm refusal (errors.databaseUnavailable,
//     never a 500), /api/health says 503, while each worker is half-way through a delivery (the demo SMS sink held by a
//     lock); PostgreSQL comes back on the same port and data, and the open page recovers by itself (same document, no
//     reload), actions work, the same app process serves on, and the workers survive and deliver every message once.
//
// Needs a production build (`npm run build`) and Chromium, like the e2e run. Ports: FAULT_PORT (3290), FAULT_PG_PORT
// (54497); data in FAULT_DATA_DIR (.data-faults, removed after a passing run, kept with the logs after a failing one).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { burst, sendAction } from './lib/fault-actions.mjs';
import { approveInForm, launchBrowser, openVerifiedSession, signIn, submitTransferInForm } from './lib/fault-browser.mjs';
import { databaseRestart } from './lib/fault-db-restart.mjs';
import { caseInvariants, deliveryInvariants, undelivered } from './lib/fault-invariants.mjs';
import { check, checkAll, note, outcomes, started, step } from './lib/fault-report.mjs';
import { createStack, statusOf, waitFor } from './lib/fault-stack.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(root, process.env.FAULT_DATA_DIR ?? '.data-faults');
const APP_PORT = Number(process.env.FAULT_PORT ?? 3290);
const PG_PORT = Number(process.env.FAULT_PG_PORT ?? 54497);
// How long the app and the open page may take to serve normally again once PostgreSQL is back.
const RECOVERY_MS = Number(process.env.FAULT_RECOVERY_SECONDS ?? 30) * 1000;
const SCREENSHOTS = process.env.FAULT_SCREENSHOTS;
// Two outbox workers compete for the jobs: "delivered once" holds across workers, and the run's messages drain faster.
const WORKERS = Number(process.env.FAULT_WORKERS ?? 2);

const ZHANG = { name: '张三', idNumber: '11010519491231002X', mobile: '13800138000' };
const ZHAO = { name: '赵六', idNumber: '510107197803214427', mobile: '15000002222' };
const PAYEE = { toAccountNumber: '6228480012345678', payeeName: '王小二' };

function preflight() {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.error('No production build: run `npm run build` first (npm test does).');
    process.exit(1);
  }
  const browsers = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  if (!browsers.some((p) => fs.existsSync(p))) {
    console.error('No Chromium found: apt-get install -y chromium (or set CHROMIUM_PATH).');
    process.exit(1);
  }
}

async function main() {
  preflight();
  fs.rmSync(dataDir, { recursive: true, force: true });
  const stack = createStack({ root, dataDir, pgPort: PG_PORT, appPort: APP_PORT, log: note });
  let browser;
  let sql;
  const stop = async () => {
    await browser?.close().catch(() => {});
    await sql?.end({ timeout: 2 }).catch(() => {});
    await stack.shutdown();
  };
  let finishing;
  const finish = () =>
    (finishing ??= (async () => {
      const failed = outcomes.filter((o) => !o.ok).length;
      if (failed) for (const name of ['app', ...stack.workerNames()]) printTail(stack.logFile(name));
      await stop();
      if (!failed) fs.rmSync(dataDir, { recursive: true, force: true });
      console.log(`\nFault check finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      console.log(`${outcomes.length - failed} passed, ${failed} failed`);
      process.exit(failed ? 1 : 0);
    })());
  // An error nobody awaited (a driver's socket dying with the database) still ends the run with everything stopped.
  process.once('uncaughtException', (err) => {
    check(`the run finished (uncaught: ${err?.message ?? err})`, false, err?.stack);
    void finish();
  });
  process.once('SIGINT', () => stop().finally(() => process.exit(130)));
  process.once('SIGTERM', () => stop().finally(() => process.exit(143)));
  try {
    step(`Embedded PostgreSQL on ${PG_PORT}, migrations and demo seed, next start on ${APP_PORT} and ${WORKERS} outbox workers`);
    await stack.startDatabase();
    stack.prepare();
    stack.startApp();
    for (let i = 0; i < WORKERS; i++) stack.startWorker();
    await stack.waitReady();
    sql = postgres(stack.ownerUrl, { max: 2, onnotice: () => {} });
    browser = await launchBrowser();

    step('Signing in (teller, teller2, supervisor, supervisor2); two contacts verified through the whole ladder');
    const [teller, teller2, sup, sup2] = await Promise.all(['teller', 'teller2', 'supervisor', 'supervisor2'].map((u) => signIn(browser, stack.baseURL, u)));
    const sessions = await Promise.all([openVerifiedSession(teller, ZHANG), openVerifiedSession(teller2, ZHAO)]);
    const accountOf = async (name) => (await sql`SELECT a.id FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE c.name = ${name} AND a.kind = 'current' LIMIT 1`)[0].id;
    const accounts = [await accountOf(ZHANG.name), await accountOf(ZHAO.name)];

    step('One transfer each through the real form, approved through the real decision form (the requests are kept to replay)');
    const captured = await Promise.all([
      submitTransferInForm(teller, { accountId: accounts[0], amountYuan: 1000, ...PAYEE }),
      submitTransferInForm(teller2, { accountId: accounts[1], amountYuan: 1000, ...PAYEE }),
    ]);
    const caseOfKey = async (key) => (await sql`SELECT id FROM cases WHERE idempotency_key = ${key}`)[0]?.id;
    const firstCases = [];
    for (const c of captured) {
      const key = c.fields.find(([k]) => k.endsWith('idempotencyKey'))[1];
      await waitFor('the form transfer to be saved', async () => !!(await caseOfKey(key)), 20_000);
      firstCases.push(await caseOfKey(key));
    }
    const decisionForms = [await approveInForm(sup, firstCases[0]), await approveInForm(sup2, firstCases[1])];
    const stateOf = async (id) => (await sql`SELECT state FROM cases WHERE id = ${id}`)[0]?.state;
    for (const id of firstCases) await waitFor('the form approval to execute the transfer', async () => (await stateOf(id)) === 'completed', 20_000);
    check('the forms work: both transfers submitted and executed on approval', true);

    const staffIds = Object.fromEntries((await sql`SELECT username, id FROM staff WHERE username IN ('supervisor', 'supervisor2')`).map((r) => [r.username, r.id]));
    const makers = captured.map((action, i) => ({ action, sessionId: sessions[i], account: accounts[i] }));
    const deciders = decisionForms.map((action, i) => ({ action, caseId: firstCases[i], staffId: staffIds[i === 0 ? 'supervisor' : 'supervisor2'] }));
    const submit = (m, amountYuan, key) => sendAction(makers[m].action, { idempotencyKey: key, amount: amountYuan, fromAccountId: makers[m].account, sessionId: makers[m].sessionId, ...PAYEE });
    const decide = (d, caseId, decision) =>
      sendAction(deciders[d].action, { caseId, decision, reasonCode: decision === 'approve' ? '' : 'other', opinion: decision === 'approve' ? '' : '故障演练 fault drill' }, { swap: [deciders[d].caseId, caseId] });

    // ---------------------------------------------------------------- (a) crash
    step('(a) 25 transfers waiting for a decision (20 at level 1, 5 at level 2)');
    const waiting = [];
    for (const m of [0, 1]) {
      for (let i = 0; i < 10; i++) waiting.push({ m, key: randomUUID(), amount: 101 + i, level: 1 });
      for (let i = 0; i < (m === 0 ? 3 : 2); i++) waiting.push({ m, key: randomUUID(), amount: 50_000, level: 2 });
    }
    const made = await burst(waiting.map((w) => ({ label: 'submit', run: () => submit(w.m, w.amount, w.key) })), { concurrency: 4 });
    check('all 25 submitted', made.every((r) => r.ok === true), made.filter((r) => r.ok !== true));
    for (const w of waiting) w.caseId = await caseOfKey(w.key);

    // The burst: new submissions interleaved with decisions — approvals, rejections, two supervisors racing for one case.
    const submissions = [];
    for (let i = 0; i < 12; i++) for (const m of [0, 1]) submissions.push({ m, key: randomUUID(), amount: 201 + i });
    const decisions = [];
    waiting.forEach((w, i) => {
      if (w.level === 2) decisions.push({ d: 0, caseId: w.caseId, decision: 'approve' }, { d: 1, caseId: w.caseId, decision: 'approve' });
      else if (i % 5 === 4) decisions.push({ d: i % 2, caseId: w.caseId, decision: 'reject' });
      else {
        decisions.push({ d: i % 2, caseId: w.caseId, decision: 'approve' });
        if (i % 3 === 0) decisions.push({ d: 1 - (i % 2), caseId: w.caseId, decision: 'approve' });
      }
    });
    const jobs = [];
    for (let i = 0; i < Math.max(submissions.length, decisions.length); i++) {
      const s = submissions[i];
      const d = decisions[i];
      if (s) jobs.push({ label: 'submit', spec: s, run: () => submit(s.m, s.amount, s.key) });
      if (d) jobs.push({ label: 'decide', spec: d, run: () => decide(d.d, d.caseId, d.decision) });
    }
    const KILL_AFTER = 20;
    step(`(a) Burst of ${jobs.length} requests, 8 at a time; SIGKILL to the app's process group on the ${KILL_AFTER}th answer`);
    const burstResults = await burst(jobs, { concurrency: 8, killAfterAnswers: KILL_AFTER, kill: () => stack.killApp('SIGKILL') });
    const answered = burstResults.filter((r) => r && r.status > 0);
    // Cut off: in flight when the kill came and never answered.
    const inFlight = burstResults.map((r, i) => [r, jobs[i]]).filter(([r]) => r?.inFlightAtKill && r.status === 0);
    const notSent = burstResults.filter((r) => r === undefined).length;
    note(`answered ${answered.length} (ok ${answered.filter((r) => r.ok).length}), cut off by the kill ${inFlight.length} (${inFlight.filter(([, j]) => j.label === 'submit').length} submissions, ${inFlight.filter(([, j]) => j.label === 'decide').length} decisions), never sent ${notSent}`);
    check('several submissions and decisions were in flight (cut off unanswered) when SIGKILL landed', inFlight.length >= 4 && inFlight.some(([, j]) => j.label === 'submit') && inFlight.some(([, j]) => j.label === 'decide'), inFlight.map(([, j]) => j.label));
    check('every answer before the kill was a result (200), no server error', answered.every((r) => r.status === 200 && r.ok !== undefined), answered.filter((r) => r.status !== 200));
    check('the app is gone (nothing answers on its port)', (await statusOf(`${stack.baseURL}/login`)) === 0);

    const allSessions = sessions;
    step('(a) The database as the kill left it, before the app is restarted');
    checkAll(await caseInvariants(sql, allSessions));
    // What the app said was done is done.
    const lost = [];
    for (const [r, j] of burstResults.map((r, i) => [r, jobs[i]])) {
      if (!r?.ok) continue;
      if (j.label === 'submit' && !(await caseOfKey(j.spec.key))) lost.push(j.spec);
      if (j.label === 'decide' && (await sql`SELECT 1 FROM case_decisions WHERE case_id = ${j.spec.caseId} AND approver_id = ${deciders[j.spec.d].staffId}`).length === 0) lost.push(j.spec);
    }
    check('every request answered ok before the kill is in the database', lost.length === 0, lost);
    // Cut off is not the same as not done: a transaction may have committed just before its answer was lost.
    let committed = 0;
    for (const [, j] of inFlight) {
      if (j.label === 'submit' ? await caseOfKey(j.spec.key) : (await sql`SELECT 1 FROM case_decisions WHERE case_id = ${j.spec.caseId} AND approver_id = ${deciders[j.spec.d].staffId}`).length) committed++;
    }
    note(`of the ${inFlight.length} requests cut off, ${committed} had committed before the kill, the rest rolled back`);

    step('(a) Restarting next start');
    const restartMs = await (stack.startApp(), stack.waitReady());
    note(`serving again after ${(restartMs / 1000).toFixed(1)} s`);

    step('(a) The client retries what got no answer (same idempotency keys, same decisions)');
    const retryJobs = jobs.filter((_, i) => burstResults[i] === undefined || burstResults[i].inFlightAtKill || burstResults[i].status === 0);
    const retried = await burst(retryJobs, { concurrency: 8 });
    const expectedRefusals = ['errors.caseDecided', 'errors.alreadyApprovedByYou'];
    check(
      'every retry is answered: submissions ok (the same case when it had committed), decisions ok or "already decided"',
      retried.every((r, i) => r.status === 200 && (r.ok === true || (retryJobs[i].label === 'decide' && expectedRefusals.some((k) => r.message?.startsWith(k))))),
      retried.filter((r) => r.status !== 200 || r.ok !== true),
    );
    const keys = [...waiting, ...submissions].map((s) => s.key);
    const perKey = await sql`SELECT idempotency_key, count(*)::int AS n FROM cases WHERE idempotency_key = ANY(${keys}::text[]) GROUP BY 1`;
    check('exactly one case per idempotency key: nothing created twice', perKey.length === keys.length && perKey.every((r) => r.n === 1), { keys: keys.length, found: perKey.length, dup: perKey.filter((r) => r.n !== 1) });

    step('(a) The supervisors finish what is still waiting');
    const stillWaiting = await sql`SELECT id, required_level FROM cases WHERE session_id = ANY(${allSessions}::uuid[]) AND state = 'pending_approval'`;
    const finished = await burst(
      stillWaiting.map((c) => ({ label: 'finish', run: async () => { const first = await decide(0, c.id, 'approve'); return c.required_level === 2 ? decide(1, c.id, 'approve') : first; } })),
      { concurrency: 4 },
    );
    check(`all ${stillWaiting.length} decided`, finished.every((r) => r.status === 200 && (r.ok || expectedRefusals.some((k) => r.message?.startsWith(k)))), finished.filter((r) => !r.ok));
    const [{ n: leftPending }] = await sql`SELECT count(*)::int AS n FROM cases WHERE session_id = ANY(${allSessions}::uuid[]) AND state = 'pending_approval'`;
    check('no transfer left waiting', leftPending === 0, { leftPending });
    checkAll(await caseInvariants(sql, allSessions));
    await verifyLedgerAndAudit(stack);
    await deliveredOnce(sql, allSessions, stack);

    // ---------------------------------------------------------------- (b) database restart
    await databaseRestart({ root, stack, sql, sup, submit, decide, sessions: allSessions, caseOfKey, stateOf, workers: WORKERS, recoveryMs: RECOVERY_MS, screenshots: SCREENSHOTS });

    step('Finally');
    checkAll(await caseInvariants(sql, allSessions));
    await verifyLedgerAndAudit(stack);
    await deliveredOnce(sql, allSessions, stack);
  } catch (err) {
    check(`the run finished (${err instanceof Error ? err.message.split('\n')[0] : err})`, false, err instanceof Error ? err.stack : String(err));
  } finally {
    await finish();
  }
}

async function verifyLedgerAndAudit(stack) {
  const ledger = stack.task('ledger-verify');
  check('npm run ledger:verify: every transaction balances, every balance equals its entries', ledger.code === 0 && ledger.stdout.includes('Ledger intact'), ledger.stdout + ledger.stderr);
  const audit = stack.task('audit-verify');
  check('npm run audit:verify: the audit chain is intact', audit.code === 0 && audit.stdout.includes('Audit trail intact'), audit.stdout + audit.stderr);
}

async function deliveredOnce(sql, sessions, stack) {
  const ms = await waitFor('the worker to deliver every message', async () => (await undelivered(sql, sessions)) === 0, 60_000, 500).catch(() => -1);
  check('the worker caught up: no message left queued or being sent', ms >= 0, { undelivered: await undelivered(sql, sessions) });
  check(`the ${stack.workerNames().length} workers are still running`, stack.workersAlive());
  checkAll(await deliveryInvariants(sql, sessions));
}

function printTail(file) {
  if (!fs.existsSync(file)) return;
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  console.log(`\n--- last lines of ${file} ---\n${lines.slice(-25).join('\n')}`);
}

main();
