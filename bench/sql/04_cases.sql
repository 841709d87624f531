-- Business cases: transfers made in sessions, decided under the approval policy (version 1): most completed, some
-- rejected, cancelled or expired, and {{pending}} awaiting approval on the newest sessions (level 2 when the amount
-- reaches CNY 50,000 or the customer is high-risk, as the policy says; a third of those already approved once). The
-- plan is computed once and shared by the cases, their decisions and the ledger's postings.
CREATE UNLOGGED TABLE bench_seed.case_plan AS
WITH k_rows AS (
  SELECT k, k > {{cases}} - {{pending}} AS pending,
    CASE WHEN k > {{cases}} - {{pending}}
      THEN {{sessions}} - {{tellers}} - 2 * {{pending}} + 1 + ((k - ({{cases}} - {{pending}}) - 1) * 2) % (2 * {{pending}})
      ELSE 1 + (k * 7919) % ({{sessions}} - {{tellers}} - 2 * {{pending}}) END AS s
  FROM generate_series(1, {{cases}}::bigint) k
), shaped AS (
  SELECT k, pending, s, bench_seed.sess_cust(s) AS c,
    CASE WHEN k % 20 = 7 THEN 5000000 + (k * 7919) % 20000000 WHEN k % 3 = 0 THEN 50000 + (k * 31) % 4900000 ELSE 100 + (k * 37) % 49900 END AS amount,
    k % 5 < 3 AS internal
  FROM k_rows
)
SELECT k, pending, s, c, amount, internal,
  1 + (c - 1 + 1 + k % ({{customers}} - 1)) % {{customers}} AS c2,
  CASE WHEN amount >= 5000000 OR bench_seed.cust_risk(c) = 'high' THEN 2 ELSE 1 END AS level,
  CASE WHEN pending THEN 'pending_approval' WHEN k % 20 = 0 THEN 'rejected' WHEN k % 20 IN (1, 2) THEN 'cancelled' WHEN k % 20 = 3 THEN 'expired' ELSE 'completed' END AS state,
  bench_seed.sess_start(s) + interval '20 seconds' AS created
FROM shaped;

WITH pools AS (
  SELECT (SELECT array_agg(sealed ORDER BY i) FROM bench_seed.pool WHERE kind = 'payload_internal') AS internal_payloads,
         (SELECT array_agg(sealed ORDER BY i) FROM bench_seed.pool WHERE kind = 'payload_external') AS external_payloads
)
INSERT INTO cases (id, type, customer_id, session_id, maker_id, state, payload_enc, summary, amount_fen, required_level, policy_version, policy_rules,
  idempotency_key, created_at, submitted_at, sla_due_at, expires_at, decided_at, executed_at, round)
SELECT bench_seed.uid('ca', p.k), CASE WHEN internal THEN 'transfer_internal' ELSE 'transfer_external' END,
  bench_seed.uid('cu', c), bench_seed.uid('ss', s), t.id, state,
  CASE WHEN internal THEN internal_payloads[1 + p.k % array_length(internal_payloads, 1)] ELSE external_payloads[1 + p.k % array_length(external_payloads, 1)] END,
  jsonb_build_object('fromLast4', right(bench_seed.account_number(c), 4),
    'toLast4', CASE WHEN internal THEN right(bench_seed.account_number(c2), 4) ELSE lpad((p.k % 10000)::text, 4, '0') END,
    'payeeName', CASE WHEN internal THEN NULL ELSE '收款人 Payee ' || (p.k % 1000) END, 'internal', internal),
  amount, level, 1,
  ARRAY['fund_movement'] || CASE WHEN amount >= 5000000 THEN ARRAY['fund_movement_large'] ELSE ARRAY[]::text[] END
    || CASE WHEN bench_seed.cust_risk(c) = 'high' THEN ARRAY['fund_movement_high_risk'] ELSE ARRAY[]::text[] END,
  'bench-' || p.k, created, created + interval '5 seconds',
  CASE WHEN pending THEN timestamptz '{{anchor}}' + make_interval(mins => (p.k % 90)::int - 30) ELSE created + make_interval(mins => CASE WHEN level = 2 THEN 30 ELSE 10 END) END,
  CASE WHEN pending THEN timestamptz '{{anchor}}' + interval '1 day' ELSE created + interval '245 minutes' END,
  CASE WHEN state IN ('completed', 'rejected') THEN created + make_interval(secs => 30 + (p.k % 600)::int) END,
  CASE WHEN state = 'completed' THEN created + make_interval(secs => 31 + (p.k % 600)::int) END,
  1
FROM bench_seed.case_plan p CROSS JOIN pools
JOIN bench_seed.staff_ord t ON t.role = 'teller' AND t.ord = p.s % {{tellers}};

-- Decisions: every approval a completed case needed (two different supervisors at level 2), one refusal for a
-- rejected one, and the first of two approvals for a third of the pending level-2 cases.
INSERT INTO case_decisions (case_id, approver_id, round, slot, decision, reason_code, opinion, created_at)
SELECT bench_seed.uid('ca', p.k), a.id, 1, d.n + 1, d.decision, d.reason, d.opinion, p.created + make_interval(secs => 20 + d.n + (p.k % 600)::int)
FROM bench_seed.case_plan p
CROSS JOIN LATERAL (VALUES
  (0, 'approve', NULL, NULL, p.state = 'completed' OR (p.pending AND p.level = 2 AND p.k % 3 = 0)),
  (1, 'approve', NULL, NULL, p.state = 'completed' AND p.level = 2),
  (0, 'reject', 'policy', '不符合授权要求 Outside the policy', p.state = 'rejected')
) d(n, decision, reason, opinion, wanted)
JOIN bench_seed.staff_ord a ON a.role = 'supervisor' AND a.ord = (p.k + d.n) % {{supervisors}}
WHERE d.wanted;

-- The pending cases' timelines: made, verified, submitted.
INSERT INTO case_events (case_id, kind, actor_id, data, created_at)
SELECT bench_seed.uid('ca', p.k), e.kind, t.id, jsonb_build_object('from', e.f, 'to', e.t), p.created + make_interval(secs => e.n)
FROM bench_seed.case_plan p
JOIN bench_seed.staff_ord t ON t.role = 'teller' AND t.ord = p.s % {{tellers}}
CROSS JOIN LATERAL (VALUES (1, 'case.start_verification', 'draft', 'verifying'), (2, 'case.skip_documents', 'verifying', 'ready'), (5, 'case.submit', 'ready', 'pending_approval')) e(n, kind, f, t)
WHERE p.pending;
