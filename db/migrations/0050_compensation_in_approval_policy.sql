-- Complaint compensation is a fund movement: the approval policy in force gains it wherever a rule names payouts
-- (every fund movement needs a supervisor; large amounts and high-risk customers need two), as a new version.
INSERT INTO approval_policies (version, policy, note)
SELECT p.version + 1,
  jsonb_set(p.policy, '{rules}', (
    SELECT coalesce(jsonb_agg(
      CASE WHEN (e.r -> 'when' -> 'businesses') ? 'payout' AND NOT ((e.r -> 'when' -> 'businesses') ? 'compensation')
        THEN jsonb_set(e.r, '{when,businesses}', (e.r -> 'when' -> 'businesses') || '["compensation"]'::jsonb)
        ELSE e.r END ORDER BY e.ord), '[]'::jsonb)
    FROM jsonb_array_elements(p.policy -> 'rules') WITH ORDINALITY AS e(r, ord))),
  '投诉补偿纳入资金类复核规则 Complaint compensation joins the fund-movement rules'
FROM approval_policies p ORDER BY p.version DESC LIMIT 1;
