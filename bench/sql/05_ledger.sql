-- The ledger: each account's opening balance (enough for every transfer out of it, plus a cushion), the posting of
-- every completed transfer case (one per case), and deposits up to the wanted number of entries. Every transaction
-- has two legs that sum to zero; balances are then set to the sum of each account's entries (the entry trigger that
-- keeps them is off during the load; bench/seed.ts verifies both afterwards with verifyLedger()).
CREATE UNLOGGED TABLE bench_seed.outflow AS
SELECT c, sum(amount) AS amount FROM bench_seed.case_plan WHERE state = 'completed' GROUP BY c;

INSERT INTO ledger_transactions (id, kind, description, created_at)
SELECT bench_seed.uid('lo', c), 'opening', '期初余额 Opening balance', bench_seed.cust_created(c) + interval '1 minute'
FROM generate_series(1, {{customers}}::bigint) c;

INSERT INTO ledger_entries (transaction_id, account_id, amount, created_at)
SELECT bench_seed.uid('lo', c), leg.account, leg.amount, bench_seed.cust_created(c) + interval '1 minute'
FROM generate_series(1, {{customers}}::bigint) c
LEFT JOIN bench_seed.outflow o USING (c)
CROSS JOIN LATERAL (SELECT coalesce(o.amount, 0) + 100000 + (c * 7919) % 10000000 AS total) t
CROSS JOIN LATERAL (VALUES (bench_seed.uid('ac', c), t.total), ('{{openingAccount}}'::uuid, -t.total)) leg(account, amount);

INSERT INTO ledger_transactions (id, kind, case_id, description, created_at)
SELECT bench_seed.uid('lt', k), 'transfer', bench_seed.uid('ca', k), CASE WHEN internal THEN '行内转账 Internal transfer' ELSE '跨行转账 External transfer' END,
  created + make_interval(secs => 31 + (k % 600)::int)
FROM bench_seed.case_plan WHERE state = 'completed';

INSERT INTO ledger_entries (transaction_id, account_id, amount, created_at)
SELECT bench_seed.uid('lt', k), leg.account, leg.amount, created + make_interval(secs => 31 + (k % 600)::int)
FROM bench_seed.case_plan
CROSS JOIN LATERAL (VALUES (bench_seed.uid('ac', c), -amount), (CASE WHEN internal THEN bench_seed.uid('ac', c2) ELSE '{{clearingAccount}}'::uuid END, amount)) leg(account, amount)
WHERE state = 'completed';

CREATE UNLOGGED TABLE bench_seed.deposits AS
SELECT d, 1 + (d * 7919) % {{customers}} AS c, 100 + (d * 31) % 1000000 AS amount,
  timestamptz '{{anchor}}' - make_interval(secs => ((d * 104729) % ({{historyDays}} * 86400))::double precision) AS at
FROM generate_series(1, greatest(0, ({{ledgerEntries}} - (SELECT count(*) FROM ledger_entries)) / 2)) d;

INSERT INTO ledger_transactions (id, kind, description, created_at)
SELECT bench_seed.uid('ld', d), 'deposit', '现金存入 Cash deposit', at FROM bench_seed.deposits;

INSERT INTO ledger_entries (transaction_id, account_id, amount, created_at)
SELECT bench_seed.uid('ld', d), leg.account, leg.amount, at
FROM bench_seed.deposits
CROSS JOIN LATERAL (VALUES (bench_seed.uid('ac', c), amount), ('{{cashAccount}}'::uuid, -amount)) leg(account, amount);

UPDATE accounts a SET balance = e.total
FROM (SELECT account_id, sum(amount) AS total FROM ledger_entries GROUP BY account_id) e
WHERE a.id = e.account_id AND a.balance <> e.total;
