import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE, ensureAppRole } from '@/db/app-role';

// The app serves as a role that can only append to the audit trail: even a compromised app cannot rewrite history.
describe('the least-privileged app role', () => {
  let app: postgres.Sql;
  beforeAll(async () => {
    const url = await ensureAppRole(process.env.DATABASE_URL!, 'test-app-role-password');
    expect(new URL(url).username).toBe(APP_ROLE);
    app = postgres(url, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await app.end();
  });

  it('can append to the audit trail and read it', async () => {
    await app`INSERT INTO audit_events (action, outcome, details, seq, prev_hash, hash) VALUES ('test.app_role', 'ok', '{}', 0, '', '')`;
    const [row] = await app`SELECT action FROM audit_events WHERE action = 'test.app_role'`;
    expect(row!.action).toBe('test.app_role');
  });

  it('cannot update, delete, truncate, or switch off the triggers of the audit trail or the timelines', async () => {
    for (const table of ['audit_events', 'session_events']) {
      await expect(app.unsafe(`UPDATE ${table} SET id = id`)).rejects.toMatchObject({ code: '42501' });
      await expect(app.unsafe(`DELETE FROM ${table}`)).rejects.toMatchObject({ code: '42501' });
      await expect(app.unsafe(`TRUNCATE ${table}`)).rejects.toMatchObject({ code: '42501' });
      await expect(app.unsafe(`ALTER TABLE ${table} DISABLE TRIGGER USER`)).rejects.toMatchObject({ code: '42501' });
    }
    await expect(app`SET session_replication_role = replica`).rejects.toMatchObject({ code: '42501' });
  });

  it('can still do business: read and write the business tables', async () => {
    const name = `approle${Date.now()}`;
    await app`INSERT INTO staff (username, display_name, role, password_hash) VALUES (${name}, 'x', 'teller', 'x')`;
    const [row] = await app`UPDATE staff SET display_name = 'y' WHERE username = ${name} RETURNING display_name`;
    expect(row!.display_name).toBe('y');
    await app`DELETE FROM staff WHERE username = ${name}`;
  });

  it('moves money only through ledger entries: no balance, owner, kind or limit update, no temporary objects; a posting still works', async () => {
    const [acc] = await app`SELECT id FROM accounts WHERE kind = 'current' AND status = 'active' AND balance > 100 LIMIT 1`;
    expect(acc).toBeDefined();
    for (const set of ['balance = balance + 1', "kind = 'internal'", 'overdraft_limit = 100000', 'customer_id = NULL']) {
      await expect(app.unsafe(`UPDATE accounts SET ${set} WHERE id = '${acc!.id}'`)).rejects.toMatchObject({ code: '42501' });
    }
    await expect(app`CREATE TEMP TABLE t (x int)`).rejects.toMatchObject({ code: '42501' });
    // A balanced posting as the app role: the owner's trigger moves the balances.
    const [cash] = await app`SELECT id FROM accounts WHERE kind = 'internal' LIMIT 1`;
    await app.begin(async (tx) => {
      const [t] = await tx`INSERT INTO ledger_transactions (kind, description) VALUES ('payout', 'app role test') RETURNING id`;
      await tx`INSERT INTO ledger_entries (transaction_id, account_id, amount) VALUES (${t!.id}, ${acc!.id}, -100), (${t!.id}, ${cash!.id}, 100)`;
    });
  });
});
