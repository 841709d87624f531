import 'server-only';
import postgres from 'postgres';

export const APP_ROLE = 'aircounter_app';
// Tables the app may only read and append to: the audit trail, the session timelines and the ladder policy versions.
const APPEND_ONLY = ['audit_events', 'session_events', 'ladder_policies', 'risk_models', 'customer_risk_assessments', 'customer_changes', 'ledger_transactions', 'ledger_entries', 'case_transitions', 'case_events', 'case_decisions', 'approval_policies', 'document_checklists', 'scorecard_versions', 'qc_draws', 'qc_findings'];

/**
 * Creates (or updates) the least-privileged role the app serves as: it may read and write business tables but only
 * append to the audit trail and timelines, and as a non-owner it cannot disable their triggers or truncate them.
 * Run as the database owner after every migration, so tables added later get their grants too. Returns its URL.
 */
export async function ensureAppRole(ownerUrl: string, password: string): Promise<string> {
  const client = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await client`SELECT 1 AS one FROM pg_roles WHERE rolname = ${APP_ROLE}`;
    const quoted = password.replace(/'/g, "''");
    await client.unsafe(`${exists ? 'ALTER' : 'CREATE'} ROLE ${APP_ROLE} LOGIN PASSWORD '${quoted}' NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    const [{ db }] = await client<{ db: string }[]>`SELECT current_database() AS db`;
    await client.unsafe(`
      GRANT CONNECT ON DATABASE "${db}" TO ${APP_ROLE};
      GRANT USAGE ON SCHEMA public TO ${APP_ROLE};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE};
      REVOKE UPDATE, DELETE, TRUNCATE ON ${APPEND_ONLY.join(', ')} FROM ${APP_ROLE};
      REVOKE TRUNCATE ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE};
      -- No temporary objects (a temp trigger could fake the ledger's trigger depth), and of an account's columns only
      -- its state may be updated: balances move by ledger entries, numbers, owners, kinds and limits do not change.
      REVOKE TEMPORARY ON DATABASE "${db}" FROM ${APP_ROLE};
      REVOKE TEMPORARY ON DATABASE "${db}" FROM PUBLIC;
      REVOKE UPDATE ON accounts FROM ${APP_ROLE};
      GRANT UPDATE (status, closed_at, name, transfer_limit) ON accounts TO ${APP_ROLE};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE};
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${APP_ROLE};`);
    // The job queue (pg-boss) lives in its own schema; the app and the worker queue and settle jobs there.
    const [boss] = await client`SELECT 1 AS one FROM pg_namespace WHERE nspname = 'pgboss'`;
    if (boss) {
      await client.unsafe(`
        GRANT USAGE ON SCHEMA pgboss TO ${APP_ROLE};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO ${APP_ROLE};
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA pgboss TO ${APP_ROLE};
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgboss TO ${APP_ROLE};`);
    }
    const url = new URL(ownerUrl);
    url.username = APP_ROLE;
    url.password = password;
    return url.toString();
  } finally {
    await client.end();
  }
}
