// The two writes of the issue's action targets, through the production build as browsers send them, at 50 concurrent
// users: submit (a teller's transfer, from the session console, submitted for approval) and approve (a supervisor's
// decision, from the decision screen, executing the transfer). Every submitted case is then approved by two
// supervisors racing for it, so a double decision would show; the database is checked afterwards (one decision per
// case, one posting per approved transfer, the ledger balanced). Then the live path: 200 supervisors on the approval
// queue's event stream and the time from a queue change to each of them.
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { actionId, actionRequest, BASE, groupRss, signIn, startApp } from './http';
import { statementTotals } from './load';

export const ACTION_USERS = 50;
export const SSE_CLIENTS = 200;

export type ActionPoint = {
  action: 'submit' | 'approve';
  connections: number;
  seconds: number;
  /** Requests answered, and of them: done (ok), refused by the app as expected (the loser of a race), failed. */
  requests: number;
  ok: number;
  refused: number;
  errors: number;
  opsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** A refusal or failure as the app answered it, for the report. */
  sample?: string;
  /** pg_stat_statements over the run, per request answered: statements (transaction control left out) and execution time. */
  queriesPerRequest?: number;
  dbMsPerRequest?: number;
  /** Resident memory of the app's processes, the most seen during the run. */
  rssMax?: number;
};
export type SsePoint = { clients: number; changes: number; deliveries: number; missed: number; p50: number; p95: number; max: number };
export type ActionCheck = { name: string; violations: number };
export type ActionsResult = { submit: ActionPoint; approve: ActionPoint; checks: ActionCheck[]; sse: SsePoint };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

type Call = { path: string; cookie: string; action: string; fields: Record<string, string> };
type Outcome = 'ok' | 'refused' | 'error';

async function call(c: Call): Promise<{ outcome: Outcome; text: string }> {
  const req = actionRequest(c.action, c.fields);
  try {
    const res = await fetch(BASE + c.path, { method: 'POST', headers: { ...req.headers, cookie: c.cookie }, body: req.body, redirect: 'manual' });
    const text = await res.text();
    if (res.status !== 200) return { outcome: 'error', text: `HTTP ${res.status} ${text.slice(0, 200)}` };
    if (text.includes('"ok":true')) return { outcome: 'ok', text };
    if (text.includes('"ok":false')) return { outcome: 'refused', text: /"message":"([^"]*)"/.exec(text)?.[1] ?? text.slice(0, 200) };
    return { outcome: 'error', text: text.slice(0, 200) };
  } catch (err) {
    return { outcome: 'error', text: err instanceof Error ? err.message : String(err) };
  }
}

/** `users` workers each taking the next call from `next` until it gives none or the time is up. */
async function drive(owner: postgres.Sql, pgid: number, action: ActionPoint['action'], users: number, seconds: number, next: (worker: number) => Call | undefined): Promise<ActionPoint> {
  await owner`SELECT pg_stat_statements_reset()`;
  let rssMax = 0;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, groupRss(pgid).total)), 250);
  const latencies: number[] = [];
  const counts = { ok: 0, refused: 0, error: 0 };
  let sample: string | undefined;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: users }, async (_, w) => {
      while (performance.now() < end) {
        const c = next(w);
        if (!c) return;
        const start = performance.now();
        const r = await call(c);
        latencies.push(performance.now() - start);
        counts[r.outcome]++;
        if (r.outcome === 'error' || (r.outcome === 'refused' && action === 'submit')) sample ??= r.text;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const totals = await statementTotals(owner);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    action,
    connections: users,
    seconds: elapsed,
    requests: sorted.length,
    ok: counts.ok,
    refused: counts.refused,
    errors: counts.error,
    opsPerSecond: counts.ok / elapsed,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    sample,
    queriesPerRequest: sorted.length ? totals.calls / sorted.length : undefined,
    dbMsPerRequest: sorted.length ? totals.ms / sorted.length : undefined,
    rssMax,
  };
}

/** Signs in a supervisor; the authenticator's code is good once per 30-second step, so a refusal waits for the next. */
async function signInSupervisor(username: string): Promise<string> {
  try {
    return await signIn(username, 'Demo-2468');
  } catch {
    await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 500));
    return signIn(username, 'Demo-2468');
  }
}

type Teller = { username: string; session_id: string; customer_id: string; teller_id: string; account_id: string; payee: string };

/**
 * Open sessions of generated tellers (one each) whose customer may move funds (not high-risk, document valid, an
 * active account with money), each passed through the fund-movement ladder (password, code, confirmation) as the
 * console records it, and a payee account of another customer.
 */
async function prepareTellers(owner: postgres.Sql, count: number): Promise<Teller[]> {
  const rows = await owner<Omit<Teller, 'payee'>[]>`
    WITH picked AS (
      SELECT DISTINCT ON (s.teller_id) st.username, s.id AS session_id, s.customer_id, s.teller_id, a.id AS account_id
      FROM service_sessions s
      JOIN staff st ON st.id = s.teller_id AND st.username LIKE 'bench-teller-%' AND st.active
      JOIN customers c ON c.id = s.customer_id AND c.risk_level <> 'high' AND c.kind = 'individual'
        AND (c.document_expiry IS NULL OR c.document_expiry > current_date + 30)
        AND (c.birth_date IS NULL OR c.birth_date < current_date - interval '18 years')
      JOIN accounts a ON a.customer_id = c.id AND a.status = 'active' AND a.kind <> 'internal' AND a.balance >= 100000
      WHERE s.status = 'open'
        AND NOT EXISTS (SELECT 1 FROM customer_freezes f WHERE f.customer_id = c.id)
        AND NOT EXISTS (SELECT 1 FROM verification_locks l WHERE l.customer_id = c.id)
      ORDER BY s.teller_id, a.balance DESC
    )
    SELECT * FROM picked ORDER BY username LIMIT ${count}`;
  // Payees: active accounts of other customers, one each.
  const payees = await owner<{ number: string; customer_id: string }[]>`
    SELECT number, customer_id FROM accounts WHERE status = 'active' AND kind <> 'internal' ORDER BY id LIMIT ${count * 2}`;
  const tellers: Teller[] = rows.map((t, i) => ({ ...t, payee: payees.filter((p) => p.customer_id !== t.customer_id)[i]!.number }));
  await owner`
    INSERT INTO verifications (session_id, customer_id, kind, result, performed_by, created_at)
    SELECT t.session_id, t.customer_id, k.kind::verification_kind, 'pass', t.teller_id, now() - k.ago
    FROM unnest(${tellers.map((t) => t.session_id)}::uuid[], ${tellers.map((t) => t.customer_id)}::uuid[], ${tellers.map((t) => t.teller_id)}::uuid[]) AS t(session_id, customer_id, teller_id)
    CROSS JOIN (VALUES ('password', interval '3 seconds'), ('otp', interval '2 seconds'), ('confirmation', interval '1 second')) AS k(kind, ago)`;
  return tellers;
}

/** `changes` changes of the approval queue a quarter second apart (a claim of a case, then its release), each timed to every stream. */
async function sseFanOut(owner: postgres.Sql, cookies: string[], supervisorId: string, changes: number): Promise<SsePoint> {
  const [target] = await owner<{ id: string }[]>`SELECT id FROM cases WHERE state = 'pending_approval' AND claimed_by IS NULL ORDER BY sla_due_at DESC LIMIT 1`;
  if (!target) throw new Error('bench: no pending case to change for the live-update measure');
  const arrivals: number[][] = Array.from({ length: SSE_CLIENTS }, () => []);
  const controllers: AbortController[] = [];
  let connected = 0;
  const streams = cookies.map(async (cookie, i) => {
    const abort = new AbortController();
    controllers.push(abort);
    const res = await fetch(`${BASE}/api/cases/queue/events`, { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal });
    if (res.status !== 200 || !res.body) throw new Error(`bench: the queue's event stream answered HTTP ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    let counted = false;
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const at = performance.now();
        if (!counted) {
          counted = true;
          connected++;
        }
        buffer += decoder.decode(chunk, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (message.startsWith('event: case') && message.includes(target.id)) arrivals[i]!.push(at);
        }
      }
    } catch {
      // aborted at the end
    }
  });
  const deadline = performance.now() + 30_000;
  while (connected < cookies.length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (connected < cookies.length) throw new Error(`bench: only ${connected} of ${cookies.length} event streams connected`);
  const latencies: number[] = [];
  let missed = 0;
  for (let k = 0; k < changes; k++) {
    const t0 = performance.now();
    if (k % 2 === 0) await owner`UPDATE cases SET claimed_by = ${supervisorId}, claimed_at = now() WHERE id = ${target.id}`;
    else await owner`UPDATE cases SET claimed_by = NULL, claimed_at = NULL WHERE id = ${target.id}`;
    const wait = performance.now() + 5_000;
    while (arrivals.some((a) => a.length <= k) && performance.now() < wait) await new Promise((r) => setTimeout(r, 5));
    for (const a of arrivals) {
      if (a.length > k) latencies.push(a[k]! - t0);
      else missed++;
    }
    // A change that never arrived must not be counted as the next one's.
    for (const a of arrivals) while (a.length <= k) a.push(NaN);
    await new Promise((r) => setTimeout(r, 250));
  }
  for (const c of controllers) c.abort();
  await Promise.allSettled(streams);
  if (changes % 2 === 1) await owner`UPDATE cases SET claimed_by = NULL, claimed_at = NULL WHERE id = ${target.id}`;
  const sorted = latencies.filter((l) => !Number.isNaN(l)).sort((a, b) => a - b);
  return { clients: cookies.length, changes, deliveries: sorted.length, missed, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? NaN };
}

export async function runActions(v: { appEnv: Record<string, string>; ownerUrl: string; seconds: number; log: (line: string) => void }): Promise<ActionsResult> {
  const owner = postgres(v.ownerUrl, { max: 2, onnotice: () => {} });
  await owner`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`;
  const app = await startApp(v.appEnv);
  try {
    const transfer = actionId('transferAction');
    const decide = actionId('decideCaseAction');

    // Submit: each user a teller in their own open session, a new transfer (its own idempotency key) each time.
    const tellers = await prepareTellers(owner, ACTION_USERS);
    if (tellers.length < ACTION_USERS) throw new Error(`bench: only ${tellers.length} tellers with an open session fit for a transfer`);
    const cookies = new Map<string, string>();
    for (const t of tellers) cookies.set(t.username, await signIn(t.username, 'Demo-2468'));
    const submitCall = (t: Teller): Call => ({
      path: `/teller/sessions/${t.session_id}`,
      cookie: cookies.get(t.username)!,
      action: transfer,
      fields: { sessionId: t.session_id, fromAccountId: t.account_id, toAccountNumber: t.payee, payeeName: '', amount: '1.00', memo: '', idempotencyKey: randomUUID() },
    });
    for (const t of tellers) {
      const warm = await call(submitCall(t));
      if (warm.outcome !== 'ok') throw new Error(`bench: ${t.username}'s transfer was not accepted: ${warm.text}`);
    }
    const [{ start }] = await owner<{ start: Date }[]>`SELECT now() AS start`;
    const submit = await drive(owner, app.child.pid!, 'submit', ACTION_USERS, v.seconds, (w) => submitCall(tellers[w]!));
    v.log(`  submit      ${ACTION_USERS} users  ${submit.opsPerSecond.toFixed(0).padStart(5)} ops/s  p95 ${submit.p95.toFixed(0).padStart(5)} ms  ${submit.queriesPerRequest?.toFixed(1)} q/op  ${submit.dbMsPerRequest?.toFixed(1)} DB ms/op  ${submit.ok} submitted, ${submit.refused} refused, ${submit.errors} errors`);
    const makers = tellers.map((t) => t.teller_id);
    const submitted = await owner<{ id: string }[]>`
      SELECT id FROM cases WHERE maker_id = ANY(${makers}::uuid[]) AND created_at >= ${start} AND state = 'pending_approval' AND required_level = 1 ORDER BY created_at, id`;

    // Approve: every submitted case twice, by two supervisors at once (consecutive in the queue, so they race).
    const [a, b] = [await signInSupervisor('supervisor'), await signInSupervisor('supervisor2')];
    const queue = submitted.flatMap((c) => [
      { path: `/supervisor/cases/${c.id}`, cookie: a, action: decide, fields: { caseId: c.id, decision: 'approve', reasonCode: '', opinion: '' } },
      { path: `/supervisor/cases/${c.id}`, cookie: b, action: decide, fields: { caseId: c.id, decision: 'approve', reasonCode: '', opinion: '' } },
    ]);
    let taken = 0;
    // Step-up holds 5 minutes from the sign-in: the approvals stay well inside it.
    const approve = await drive(owner, app.child.pid!, 'approve', ACTION_USERS, Math.min(v.seconds * 6, 240), () => queue[taken++]);
    v.log(`  approve     ${ACTION_USERS} users  ${approve.opsPerSecond.toFixed(0).padStart(5)} ops/s  p95 ${approve.p95.toFixed(0).padStart(5)} ms  ${approve.queriesPerRequest?.toFixed(1)} q/op  ${approve.dbMsPerRequest?.toFixed(1)} DB ms/op  ${approve.ok} approved, ${approve.refused} refused (the race's losers), ${approve.errors} errors`);
    const ids = submitted.map((c) => c.id);
    const checks: ActionCheck[] = [];
    const count = async (name: string, query: Promise<{ n: number }[]>) => checks.push({ name, violations: Number((await query)[0]!.n) });
    await count('submit: every accepted submission is one case awaiting approval', owner`
      SELECT abs(count(*) - ${submit.ok})::int AS n FROM cases WHERE maker_id = ANY(${makers}::uuid[]) AND created_at >= ${start}`);
    await count('approve: no case decided twice (decisions per case and round > its level)', owner`
      SELECT count(*)::int AS n FROM (SELECT d.case_id FROM case_decisions d JOIN cases c ON c.id = d.case_id WHERE d.case_id = ANY(${ids}::uuid[]) GROUP BY d.case_id, d.round, c.required_level HAVING count(*) > c.required_level) x`);
    await count('approve: each approval the app confirmed is one decision in the database', owner`
      SELECT abs(count(*) - ${approve.ok})::int AS n FROM case_decisions WHERE case_id = ANY(${ids}::uuid[])`);
    await count('approve: every approved transfer posted exactly once', owner`
      SELECT count(*)::int AS n FROM cases c WHERE c.id = ANY(${ids}::uuid[]) AND c.state <> 'pending_approval' AND (SELECT count(*) FROM ledger_transactions t WHERE t.case_id = c.id) <> 1`);
    // The app's own ledger check (`npm run ledger:verify`), on a connection of its own (the bench's recorder is closed).
    (globalThis as unknown as { airCounterDb?: unknown }).airCounterDb = undefined;
    const { verifyLedger } = await import('@/db/queries/ledger');
    const ledger = await verifyLedger();
    checks.push({ name: 'ledger: every transaction balances, every balance equals its entries', violations: ledger.unbalanced.length + ledger.mismatched.length });
    for (const c of checks) v.log(`  ${c.violations === 0 ? 'ok  ' : 'FAIL'} ${c.name}${c.violations ? ` (${c.violations})` : ''}`);

    // Live updates: 200 supervisors' screens on the queue's stream (the two demo supervisors, alternately).
    const [{ id: supervisorId }] = await owner<{ id: string }[]>`SELECT id FROM staff WHERE username = 'supervisor'`;
    const sse = await sseFanOut(owner, Array.from({ length: SSE_CLIENTS }, (_, i) => (i % 2 ? b : a)), supervisorId, 20);
    v.log(`  live queue  ${sse.clients} streams, ${sse.changes} changes: p95 ${sse.p95.toFixed(0)} ms, max ${sse.max.toFixed(0)} ms, ${sse.missed} missed`);
    return { submit, approve, checks, sse };
  } finally {
    await app.stop();
    await owner.end();
  }
}
