-- Service sessions: the history of contacts, round robin over the tellers, the newest one of each teller still open
-- (with its customer identified and the basic check passed). Timelines and verifications are written for the last
-- newest {{eventSessions}} sessions only (the screens read them per session; older ones would only add bulk).
INSERT INTO service_sessions (id, teller_id, channel, customer_id, status, started_at, ended_at, outcome, satisfaction, satisfaction_declined)
SELECT bench_seed.uid('ss', s), t.id,
  (CASE WHEN s % 10 < 6 THEN 'phone' WHEN s % 10 < 9 THEN 'video' ELSE 'chat' END)::channel,
  bench_seed.uid('cu', bench_seed.sess_cust(s)),
  (CASE WHEN open THEN 'open' ELSE 'ended' END)::service_session_status,
  bench_seed.sess_start(s),
  CASE WHEN NOT open THEN bench_seed.sess_start(s) + make_interval(secs => bench_seed.sess_seconds(s)) END,
  (CASE WHEN open THEN NULL WHEN s % 20 < 17 THEN 'resolved' WHEN s % 20 < 19 THEN 'dropped' ELSE 'abandoned' END)::session_outcome,
  CASE WHEN NOT open AND s % 20 < 17 AND s % 5 <> 0 THEN (1 + (s * 7) % 5)::smallint END,
  NOT open AND NOT (s % 20 < 17 AND s % 5 <> 0)
FROM generate_series(1, {{sessions}}::bigint) s
CROSS JOIN LATERAL (SELECT s > {{sessions}} - {{tellers}} AS open) o
JOIN bench_seed.staff_ord t ON t.role = 'teller' AND t.ord = s % {{tellers}};

-- The timeline of recent sessions: started, customer identified, the basic check, ended.
WITH recent AS (
  SELECT s, t.id AS teller, bench_seed.sess_start(s) AS started, s > {{sessions}} - {{tellers}} AS open
  FROM generate_series(greatest(1, {{sessions}} - {{eventSessions}}), {{sessions}}::bigint) s
  JOIN bench_seed.staff_ord t ON t.role = 'teller' AND t.ord = s % {{tellers}}
)
INSERT INTO session_events (session_id, at, actor_id, kind, data)
SELECT bench_seed.uid('ss', s), at, teller, kind, data FROM (
  SELECT s, teller, started AS at, 'session.started' AS kind, jsonb_build_object('channel', CASE WHEN s % 10 < 6 THEN 'phone' WHEN s % 10 < 9 THEN 'video' ELSE 'chat' END) AS data, 1 AS step FROM recent
  UNION ALL SELECT s, teller, started + interval '6 seconds', 'customer.identified', jsonb_build_object('customer', bench_seed.uid('cu', bench_seed.sess_cust(s))), 2 FROM recent
  UNION ALL SELECT s, teller, started + interval '15 seconds', 'verification.basic', '{"result": "pass", "mismatched": ""}'::jsonb, 3 FROM recent
  UNION ALL SELECT s, teller, started + make_interval(secs => bench_seed.sess_seconds(s)), 'session.ended',
    jsonb_build_object('outcome', CASE WHEN s % 20 < 17 THEN 'resolved' WHEN s % 20 < 19 THEN 'dropped' ELSE 'abandoned' END), 4 FROM recent WHERE NOT open
) e ORDER BY s, step;

INSERT INTO verifications (session_id, customer_id, kind, result, performed_by, created_at)
SELECT bench_seed.uid('ss', s), bench_seed.uid('cu', bench_seed.sess_cust(s)), 'basic', 'pass', t.id, bench_seed.sess_start(s) + interval '15 seconds'
FROM generate_series(greatest(1, {{sessions}} - {{eventSessions}}), {{sessions}}::bigint) s
JOIN bench_seed.staff_ord t ON t.role = 'teller' AND t.ord = s % {{tellers}};
