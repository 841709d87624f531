// After the load: what the switched-off triggers hold row by row, proven over the whole seeded history with set-based
// SQL (and the app's own ledger and audit-chain checks). Any violation fails the bench.
import type postgres from 'postgres';

export type Check = { name: string; violations: number; seconds: number };

/** Each query counts the rows that break one invariant; 0 is the only good answer. */
const CHECKS: [string, string][] = [
  ['accounts: no customer account below its floor', `SELECT count(*) FROM accounts WHERE kind <> 'internal' AND balance < -overdraft_limit`],
  ['cases: only states of the state machine', `SELECT count(*) FROM cases WHERE state NOT IN (SELECT from_state FROM case_transitions UNION SELECT to_state FROM case_transitions)`],
  ['cases: approved ones have every approval their level needs', `SELECT count(*) FROM cases c WHERE c.state IN ('approved', 'executed', 'completed') AND c.required_level > (SELECT count(*) FROM case_decisions d WHERE d.case_id = c.id AND d.round = c.round AND d.decision = 'approve')`],
  ['cases: never more approvals than the level', `SELECT count(*) FROM cases c WHERE c.required_level < (SELECT count(*) FROM case_decisions d WHERE d.case_id = c.id AND d.round = c.round AND d.decision = 'approve')`],
  ['cases: no decision by the maker', `SELECT count(*) FROM case_decisions d JOIN cases c ON c.id = d.case_id WHERE d.approver_id = c.maker_id`],
  ['cases: decisions only on cases that went to approval', `SELECT count(*) FROM case_decisions d JOIN cases c ON c.id = d.case_id WHERE c.state IN ('draft', 'verifying', 'documents', 'ready')`],
  ['cases: a completed transfer has its one posting', `SELECT count(*) FROM cases c WHERE c.state = 'completed' AND c.type LIKE 'transfer%' AND NOT EXISTS (SELECT 1 FROM ledger_transactions t WHERE t.case_id = c.id)`],
  ['inspections: the inspector took no part', `SELECT count(*) FROM inspections i WHERE took_part_in_session(i.session_id, i.inspector_id)`],
  ['inspections: only ended sessions', `SELECT count(*) FROM inspections i JOIN service_sessions s ON s.id = i.session_id WHERE s.status <> 'ended'`],
  ['inspections: by the session\'s assignee', `SELECT count(*) FROM inspections i WHERE EXISTS (SELECT 1 FROM qc_assignments a WHERE a.session_id = i.session_id AND a.inspector_id <> i.inspector_id)`],
  ['inspections: the teller is the session\'s teller', `SELECT count(*) FROM inspections i JOIN service_sessions s ON s.id = i.session_id WHERE i.teller_id <> s.teller_id`],
  ['qc assignments: done exactly when the inspection is submitted', `SELECT count(*) FROM qc_assignments a WHERE (a.done_at IS NOT NULL) <> EXISTS (SELECT 1 FROM inspections i WHERE i.session_id = a.session_id AND i.status = 'submitted')`],
  ['qc assignments: an active inspector who took no part', `SELECT count(*) FROM qc_assignments a WHERE took_part_in_session(a.session_id, a.inspector_id) OR NOT EXISTS (SELECT 1 FROM staff s WHERE s.id = a.inspector_id AND s.role = 'qc' AND s.active)`],
  ['complaints: handled by an active teller or supervisor', `SELECT count(*) FROM complaints c WHERE c.handler_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM staff s WHERE s.id = c.handler_id AND s.active AND s.role IN ('teller', 'supervisor'))`],
  ['complaints: none received in the future', `SELECT count(*) FROM complaints WHERE received_at > now() + interval '1 minute'`],
  ['customers: no minor without a guardian', `SELECT count(*) FROM customers c WHERE c.birth_date > ((now() AT TIME ZONE 'Asia/Shanghai')::date - interval '18 years') AND NOT EXISTS (SELECT 1 FROM customer_guardians g WHERE g.customer_id = c.id)`],
];

export async function verifySeed(sql: postgres.Sql): Promise<Check[]> {
  const out: Check[] = [];
  const timed = async (name: string, count: () => Promise<number>) => {
    const t0 = performance.now();
    const violations = await count();
    out.push({ name, violations, seconds: (performance.now() - t0) / 1000 });
  };
  for (const [name, query] of CHECKS) await timed(name, async () => Number((await sql.unsafe<{ count: string }[]>(query))[0]!.count));
  // The app's own checks, as `npm run ledger:verify` and `npm run audit:verify` run them.
  const { verifyLedger } = await import('@/db/queries/ledger');
  const { verifyAuditChain } = await import('@/db/queries/audit');
  await timed('ledger: every transaction balances, every balance equals its entries', async () => {
    const r = await verifyLedger();
    return r.unbalanced.length + r.mismatched.length;
  });
  await timed('audit: the hash chain is intact from genesis', async () => ((await verifyAuditChain()).intact ? 0 : 1));
  return out;
}
