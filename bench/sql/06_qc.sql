-- Quality inspection: weekly draws of the default plan, {{inspections}} inspected sessions spread over the history
-- (a few still drafts) and the newest {{qcWaiting}} drawn sessions waiting, each for one QC inspector (never one who
-- took part: QC staff never serve customers, and the teardown's checks prove it with took_part_in_session). Each
-- inspection names its session's teller, and a submitted one marks its assignment done, as the triggers would.
INSERT INTO qc_draws (id, plan_id, period_start, period_end, seed, input, candidates, drawn, drawn_at, covered_from, covered_to)
SELECT bench_seed.uid('qd', w), (SELECT id FROM qc_plans ORDER BY updated_at, id LIMIT 1),
  timestamptz '{{anchor}}' - make_interval(days => 7 * (w + 1)), timestamptz '{{anchor}}' - make_interval(days => 7 * w),
  'bench-' || w, '{}'::jsonb, 0, 0, timestamptz '{{anchor}}' - make_interval(days => 7 * w),
  timestamptz '{{anchor}}' - make_interval(days => 7 * (w + 1)), timestamptz '{{anchor}}' - make_interval(days => 7 * w)
FROM generate_series(0, {{historyDays}} / 7 + 1) w;

CREATE UNLOGGED TABLE bench_seed.qc_plan AS
SELECT j, s, floor(extract(epoch FROM timestamptz '{{anchor}}' - (bench_seed.sess_start(s) + make_interval(secs => bench_seed.sess_seconds(s)))) / 604800)::int AS w
FROM (SELECT j, 1 + (j - 1) * ({{sessions}} - {{tellers}} - 1) / ({{inspections}} + {{qcWaiting}} - 1) AS s FROM generate_series(1::bigint, {{inspections}} + {{qcWaiting}}) j) x;

INSERT INTO qc_assignments (id, session_id, inspector_id, draw_id, reason, created_at)
SELECT bench_seed.uid('qa', j), bench_seed.uid('ss', s), q.id, bench_seed.uid('qd', w), 'random', timestamptz '{{anchor}}' - make_interval(days => 7 * w)
FROM bench_seed.qc_plan JOIN bench_seed.staff_ord q ON q.role = 'qc' AND q.ord = j % {{qcs}};

WITH version AS (SELECT template_id, version FROM scorecard_versions ORDER BY created_at, version LIMIT 1), shaped AS (
  SELECT j, s, q.id AS inspector, least(timestamptz '{{anchor}}' - interval '1 minute', timestamptz '{{anchor}}' - make_interval(days => 7 * w) + make_interval(hours => 1 + (j % 72)::int)) AS at,
    j > {{inspections}} - {{inspections}} / 50 AS draft
  FROM bench_seed.qc_plan JOIN bench_seed.staff_ord q ON q.role = 'qc' AND q.ord = j % {{qcs}}
  WHERE j <= {{inspections}}
)
INSERT INTO inspections (id, session_id, inspector_id, teller_id, scorecard, template_id, template_version, ratings, score, critical_failure, status, comment, created_at, submitted_at, acknowledged_at, dispute_until)
SELECT bench_seed.uid('qi', j), bench_seed.uid('ss', s), inspector, ss.teller_id, v.template_id || '@' || v.version, v.template_id, v.version,
  CASE WHEN j % 4 = 0 THEN '{{ratingsWithMiss}}'::jsonb ELSE '{{ratingsAllPass}}'::jsonb END,
  CASE WHEN draft THEN NULL ELSE 60 + (j * 7) % 41 END, false, CASE WHEN draft THEN 'draft' ELSE 'submitted' END,
  CASE WHEN j % 4 = 0 THEN '问候未报工号 Greeting without staff number' ELSE '' END,
  at, CASE WHEN NOT draft THEN at END, CASE WHEN NOT draft AND j % 3 <> 0 THEN least(timestamptz '{{anchor}}', at + interval '1 day') END,
  CASE WHEN NOT draft THEN at + interval '7 days' END
FROM shaped CROSS JOIN version v JOIN service_sessions ss ON ss.id = bench_seed.uid('ss', s);

-- What the inspections' trigger (0056) does for each submission: the assignment is done when its inspection is submitted.
UPDATE qc_assignments a SET done_at = i.submitted_at FROM inspections i WHERE i.session_id = a.session_id AND i.status = 'submitted';
