// What "nothing half-done" means for the transfers of the fault check's contacts, read straight from the database as
// its owner: each a list of offending rows, empty when the invariant holds.

// Where a transfer can rest: every other state is passed through inside one transaction (submission: draft → verifying
// → ready → pending_approval; the last approval: approved → executed → completed).
export const RESTING_STATES = ['pending_approval', 'completed', 'rejected', 'returned', 'cancelled', 'expired'];

/** The invariants over the cases of `sessions`; { name: offending rows }. */
export async function caseInvariants(sql, sessions) {
  const mine = sql`SELECT * FROM cases WHERE session_id = ANY(${sessions}::uuid[]) AND type IN ('transfer_internal', 'transfer_external')`;
  const out = {};

  out['every case rests in a state its workflow allows'] = await sql`
    SELECT id, state FROM (${mine}) c WHERE state <> ALL(${RESTING_STATES}::text[])`;

  // Money moved exactly when the case says so: a completed transfer has one balanced posting of its amount from the
  // customer's account; no other case has any.
  out['a completed transfer has exactly one posting of its amount; no other case has one'] = await sql`
    SELECT c.id, c.state, count(DISTINCT t.id)::int AS postings, coalesce(sum(e.amount) FILTER (WHERE e.amount < 0), 0)::bigint AS debited
    FROM (${mine}) c LEFT JOIN ledger_transactions t ON t.case_id = c.id LEFT JOIN ledger_entries e ON e.transaction_id = t.id
    GROUP BY c.id, c.state, c.amount_fen
    HAVING (c.state = 'completed') <> (count(DISTINCT t.id) = 1) OR count(DISTINCT t.id) > 1
      OR (c.state = 'completed' AND coalesce(sum(e.amount) FILTER (WHERE e.amount < 0), 0) <> -c.amount_fen)`;

  // The decisions of the case's round match its state: completed = exactly the required approvals and no refusal;
  // pending = fewer approvals and no refusal; rejected = one refusal.
  out['decisions match the state (completed: exactly the required approvals; pending: fewer; rejected: one refusal)'] = await sql`
    SELECT c.id, c.state, c.required_level, d.approvals, d.refusals FROM (${mine}) c
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE decision = 'approve')::int AS approvals, count(*) FILTER (WHERE decision <> 'approve')::int AS refusals
      FROM case_decisions WHERE case_id = c.id AND round = c.round) d
    WHERE NOT CASE c.state
      WHEN 'completed' THEN d.approvals = c.required_level AND d.refusals = 0 AND c.decided_at IS NOT NULL AND c.executed_at IS NOT NULL
      WHEN 'pending_approval' THEN d.approvals < c.required_level AND d.refusals = 0 AND c.decided_at IS NULL
      WHEN 'rejected' THEN d.refusals = 1 AND d.approvals < c.required_level AND c.decided_at IS NOT NULL
      ELSE true END`;

  out['one decision per supervisor and round'] = await sql`
    SELECT case_id, approver_id, round, count(*)::int AS n FROM case_decisions WHERE case_id IN (SELECT id FROM (${mine}) c)
    GROUP BY 1, 2, 3 HAVING count(*) > 1`;

  // The timeline tells the same story: its last transition ends in the case's state, and each decision is on it once.
  out["the timeline's last transition ends in the case's state; each decision is on it"] = await sql`
    SELECT c.id, c.state, last.to_state, ev.decisions AS decision_events, d.n AS decisions FROM (${mine}) c
    LEFT JOIN LATERAL (SELECT data->>'to' AS to_state FROM case_events WHERE case_id = c.id AND data ? 'to' ORDER BY created_at DESC, id DESC LIMIT 1) last ON true
    CROSS JOIN LATERAL (SELECT count(*)::int AS decisions FROM case_events WHERE case_id = c.id AND kind LIKE 'decision.%') ev
    CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM case_decisions WHERE case_id = c.id) d
    WHERE last.to_state IS DISTINCT FROM c.state OR ev.decisions <> d.n`;

  // The write and its audit row commit together: one creation record per case, one decision record per decision.
  out['each case has exactly one audited creation, each decision one audited decision'] = await sql`
    SELECT c.id, a.created, a.decided, d.n AS decisions FROM (${mine}) c
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE action = 'case.transfer' AND details->>'existing' = 'false')::int AS created,
             count(*) FILTER (WHERE action = 'case.decide')::int AS decided
      FROM audit_events WHERE entity_id = c.id::text AND outcome = 'ok') a
    CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM case_decisions WHERE case_id = c.id) d
    WHERE a.created <> 1 OR a.decided <> d.n`;

  // The customer hears of each outcome once, in the outcome's own transaction: per contact, as many "transfer done"
  // and "rejected" messages on each channel as there are such cases.
  out['each outcome queued its customer messages, once'] = await sql`
    SELECT s.id AS session, m.channel, m.template, m.n, k.n AS cases FROM unnest(${sessions}::uuid[]) AS s(id)
    CROSS JOIN (VALUES ('transferDone', 'completed'), ('caseRejected', 'rejected')) AS t(template, state)
    CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM cases WHERE session_id = s.id AND state = t.state AND type LIKE 'transfer_%') k
    CROSS JOIN LATERAL (
      SELECT ch.channel, t.template, (SELECT count(*)::int FROM outbox_messages o WHERE o.session_id = s.id AND o.template = t.template AND o.channel = ch.channel) AS n
      FROM (VALUES ('sms'::outbox_channel), ('in_app'::outbox_channel)) AS ch(channel)) m
    WHERE m.n <> k.n`;

  return out;
}

/** Messages of `sessions` not yet delivered (queued or being sent). */
export async function undelivered(sql, sessions) {
  const [{ n }] = await sql`SELECT count(*)::int AS n FROM outbox_messages WHERE session_id = ANY(${sessions}::uuid[]) AND status IN ('queued', 'sending')`;
  return n;
}

/** Delivery exactly once, for the messages of `sessions`; { name: offending rows }. */
export async function deliveryInvariants(sql, sessions) {
  const msgs = sql`SELECT * FROM outbox_messages WHERE session_id = ANY(${sessions}::uuid[])`;
  const out = {};
  out['every message was sent'] = await sql`SELECT id, channel, template, status, attempts, last_error FROM (${msgs}) m WHERE status <> 'sent'`;
  out['every sent message reached its sink exactly once (demo SMS phone, demo mailbox, in-app inbox)'] = await sql`
    SELECT m.id, m.channel, s.n FROM (${msgs}) m CROSS JOIN LATERAL (
      SELECT CASE m.channel
        WHEN 'sms' THEN (SELECT count(*)::int FROM demo_sms_inbox WHERE message_id = m.id)
        WHEN 'email' THEN (SELECT count(*)::int FROM demo_email_inbox WHERE message_id = m.id)
        ELSE (SELECT count(*)::int FROM customer_app_messages WHERE message_id = m.id) END AS n) s
    WHERE m.status = 'sent' AND s.n <> 1`;
  out['every message had exactly one delivery job, completed'] = await sql`
    SELECT m.id, count(j.id)::int AS jobs, array_agg(j.state::text) AS states FROM (${msgs}) m
    LEFT JOIN (SELECT id, data, state FROM pgboss.job WHERE name = 'outbox-deliver'
               UNION ALL SELECT id, data, state FROM pgboss.archive WHERE name = 'outbox-deliver') j ON j.data->>'messageId' = m.id::text
    GROUP BY m.id HAVING count(j.id) <> 1 OR bool_or(j.state::text <> 'completed')`;
  return out;
}
