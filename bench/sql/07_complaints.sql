-- Complaints: about a session's teller, recorded by a supervisor and handled by another one (never the staff member
-- complained about); those received in the last 20 days are still open at every step, older ones closed. Each has
-- its recorded event, and the closed ones the steps that closed them.
CREATE UNLOGGED TABLE bench_seed.complaint_plan AS
SELECT n, s, received,
  CASE WHEN received < timestamptz '{{anchor}}' - interval '20 days' THEN 'closed'
       ELSE (ARRAY['accepted', 'investigating', 'resolved', 'feedback'])[1 + n % 4] END AS state
FROM (
  SELECT n, s, least(timestamptz '{{anchor}}' - interval '1 minute', bench_seed.sess_start(s) + make_interval(hours => 1 + (n % 48)::int)) AS received
  FROM (SELECT n, 1 + (n * 7919) % ({{sessions}} - {{tellers}}) AS s FROM generate_series(1, {{complaints}}::bigint) n) x
) y;

INSERT INTO complaints (id, ref, channel, customer_id, session_id, subject_staff_id, category, severity, content, received_at, recorded_by, created_at,
  state, handler_id, assigned_by, acknowledged_at, policy_version, acknowledge_by, resolve_by, root_cause, action_taken, upheld, resolved_at,
  satisfaction, feedback_note, feedback_at, closed_at, updated_at)
SELECT bench_seed.uid('cp', n), 'TS' || to_char(received AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-B' || lpad(n::text, 6, '0'),
  (ARRAY['phone', 'online', 'email', 'letter', 'regulator'])[1 + n % 5], bench_seed.uid('cu', bench_seed.sess_cust(s)), bench_seed.uid('ss', s), t.id,
  (ARRAY['service_attitude', 'wrong_operation', 'delay', 'fees', 'information_security', 'other'])[1 + n % 6], (ARRAY['low', 'medium', 'high'])[1 + n % 3],
  '客户来电反映办理业务等待时间过长 The customer says the wait was too long (' || n || ')', received, rec.id, received,
  state, CASE WHEN state <> 'accepted' THEN h.id END, CASE WHEN state <> 'accepted' THEN rec.id END,
  CASE WHEN state <> 'accepted' THEN received + interval '2 hours' END,
  1, received + interval '1 day', received + interval '15 days',
  CASE WHEN resolved THEN '系统排队高峰 Peak-hour queue' END, CASE WHEN resolved THEN '致歉并说明 Apologised and explained' END,
  CASE WHEN resolved THEN n % 3 = 0 END, CASE WHEN resolved THEN received + interval '3 days' END,
  CASE WHEN state IN ('feedback', 'closed') THEN (1 + n % 5)::smallint END, NULL,
  CASE WHEN state IN ('feedback', 'closed') THEN received + interval '4 days' END,
  CASE WHEN state = 'closed' THEN received + interval '5 days' END,
  least(timestamptz '{{anchor}}', received + interval '5 days')
FROM bench_seed.complaint_plan
CROSS JOIN LATERAL (SELECT state IN ('resolved', 'feedback', 'closed') AS resolved) r
JOIN bench_seed.staff_ord t ON t.role = 'teller' AND t.ord = s % {{tellers}}
JOIN bench_seed.staff_ord rec ON rec.role = 'supervisor' AND rec.ord = n % {{supervisors}}
JOIN bench_seed.staff_ord h ON h.role = 'supervisor' AND h.ord = (n + 1) % {{supervisors}};

INSERT INTO complaint_events (complaint_id, kind, from_state, to_state, actor_id, data, at)
SELECT bench_seed.uid('cp', n), e.kind, e.f, e.t, rec.id, '{}'::jsonb, received + make_interval(hours => e.h)
FROM bench_seed.complaint_plan
JOIN bench_seed.staff_ord rec ON rec.role = 'supervisor' AND rec.ord = n % {{supervisors}}
CROSS JOIN LATERAL (VALUES (0, 'recorded', NULL, 'accepted', true), (2, 'investigate', 'accepted', 'investigating', state <> 'accepted'),
  (72, 'resolve', 'investigating', 'resolved', state IN ('resolved', 'feedback', 'closed')), (96, 'record_feedback', 'resolved', 'feedback', state IN ('feedback', 'closed')),
  (120, 'close', 'feedback', 'closed', state = 'closed')) e(h, kind, f, t, wanted)
WHERE e.wanted
ORDER BY n, e.h;
