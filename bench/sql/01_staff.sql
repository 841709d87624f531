-- Staff: the demo accounts (db/seed.ts) plus generated ones up to the bench's numbers per role, all with the demo
-- password (its hash copied from the demo teller), in ten more teams of the remote counter.
INSERT INTO teams (name)
SELECT '远程' || n || '组 Remote team ' || n FROM generate_series(2, 11) n
ON CONFLICT (name) DO NOTHING;

WITH wanted(role, total, title, label) AS (
  VALUES ('teller'::staff_role, {{tellers}}, '柜员', 'Teller'), ('supervisor'::staff_role, {{supervisors}}, '主管', 'Supervisor'),
         ('qc'::staff_role, {{qcs}}, '质检', 'QC'), ('admin'::staff_role, {{admins}}, '管理员', 'Admin')
), have AS (SELECT role, count(*) AS n FROM staff GROUP BY role)
INSERT INTO staff (id, username, display_name, role, password_hash, team_id, created_at)
SELECT bench_seed.uid('st-' || w.role::text, i), 'bench-' || w.role || '-' || lpad(i::text, 3, '0'),
  w.title || lpad(i::text, 3, '0') || ' ' || w.label || ' ' || i, w.role,
  (SELECT password_hash FROM staff WHERE username = 'teller'),
  CASE WHEN w.role IN ('teller', 'supervisor') THEN (SELECT id FROM teams WHERE name = '远程' || (2 + i % 10) || '组 Remote team ' || (2 + i % 10)) END,
  timestamptz '{{anchor}}' - interval '4 years'
FROM wanted w LEFT JOIN have h ON h.role = w.role
CROSS JOIN LATERAL generate_series(1, w.total - coalesce(h.n, 0)) i;

-- Numbered per role, the demo accounts first (the demo teller is teller 0: the bench signs in as it).
INSERT INTO bench_seed.staff_ord (role, ord, id)
SELECT role, (row_number() OVER (PARTITION BY role ORDER BY username NOT LIKE 'bench-%' DESC, username) - 1)::int, id FROM staff;
