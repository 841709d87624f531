import { describe, expect, it } from 'vitest';
import { db, sql } from '@/db';
import { internalAccountId, openAccount, postTransaction, verifyLedger } from '@/db/queries/ledger';
import { isAccountNumber } from '@/lib/accounts/luhn';
import { makeCustomer } from './factories';
import { pgFailure } from './helpers';

async function fundedAccount(fen: number) {
  const customer = await makeCustomer();
  return db.transaction(async (tx) => {
    const account = await openAccount(tx, { customerId: customer.id, kind: 'current' });
    const opening = await internalAccountId(tx, 'opening');
    if (fen > 0) await postTransaction(tx, { kind: 'opening', description: 'test', createdBy: null, legs: [{ accountId: account.id, amount: fen }, { accountId: opening, amount: -fen }] });
    return account;
  });
}

const balance = async (id: string) => (await sql<{ balance: number }[]>`SELECT balance::int AS balance FROM accounts WHERE id = ${id}`)[0]!.balance;

describe('the ledger', () => {
  it('account numbers carry a Luhn check digit; a posting moves both balances; the ledger verifies', async () => {
    const a = await fundedAccount(100_000);
    expect(isAccountNumber(a.number)).toBe(true);
    expect(await balance(a.id)).toBe(100_000);
    const r = await verifyLedger();
    expect(r).toMatchObject({ unbalanced: [], mismatched: [] });
    expect(r.transactions).toBeGreaterThan(0);
  });

  it('an unbalanced transaction is refused at commit and leaves nothing', async () => {
    const a = await fundedAccount(5_000);
    const before = await sql`SELECT count(*)::int AS n FROM ledger_entries`;
    const failure = await pgFailure(() =>
      db.transaction(async (tx) => {
        const opening = await internalAccountId(tx, 'opening');
        await postTransaction(tx, { kind: 'adjustment', description: 'wrong', createdBy: null, legs: [{ accountId: a.id, amount: 100 }, { accountId: opening, amount: -99 }] });
      }),
    );
    expect(failure).toMatchObject({ message: expect.stringMatching(/does not balance/) });
    expect(await sql`SELECT count(*)::int AS n FROM ledger_entries`).toEqual(before);
    expect(await balance(a.id)).toBe(5_000);
  });

  it('a customer balance never goes below its overdraft limit', async () => {
    const a = await fundedAccount(1_000);
    const b = await fundedAccount(0);
    const failure = await pgFailure(() =>
      db.transaction((tx) => postTransaction(tx, { kind: 'transfer', description: 'too much', createdBy: null, legs: [{ accountId: a.id, amount: -1_001 }, { accountId: b.id, amount: 1_001 }] })),
    );
    expect(failure).toMatchObject({ constraint: 'accounts_floor' });
    expect([await balance(a.id), await balance(b.id)]).toEqual([1_000, 0]);
  });

  it('balances change only through entries; entries and transactions are append-only; a closed account takes no entry', async () => {
    const a = await fundedAccount(2_000);
    expect(await pgFailure(() => sql`UPDATE accounts SET balance = balance + 1 WHERE id = ${a.id}`)).toMatchObject({ message: expect.stringMatching(/only through ledger entries/) });
    expect(await pgFailure(() => sql`UPDATE ledger_entries SET amount = amount + 1 WHERE account_id = ${a.id}`)).toMatchObject({ message: expect.stringMatching(/append-only/) });
    expect(await pgFailure(() => sql`DELETE FROM ledger_transactions`)).toMatchObject({ message: expect.stringMatching(/append-only/) });
    expect(await pgFailure(() => sql`INSERT INTO accounts (number, customer_id, kind, balance) SELECT '31019999999999995', customer_id, 'current', 5 FROM accounts WHERE id = ${a.id}`)).toMatchObject({
      message: expect.stringMatching(/opens at zero/),
    });
    const empty = await fundedAccount(0);
    await sql`UPDATE accounts SET status = 'closed', closed_at = now() WHERE id = ${empty.id}`;
    const failure = await pgFailure(() =>
      db.transaction((tx) => postTransaction(tx, { kind: 'transfer', description: 'to closed', createdBy: null, legs: [{ accountId: a.id, amount: -1 }, { accountId: empty.id, amount: 1 }] })),
    );
    expect(failure).toMatchObject({ message: expect.stringMatching(/is closed/) });
  });

  it('under 20 concurrent withdrawals of 1 yuan from 10 yuan, exactly 10 succeed and the ledger still balances', async () => {
    const a = await fundedAccount(1_000);
    const cash = await db.transaction((tx) => internalAccountId(tx, 'cash'));
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        db.transaction((tx) => postTransaction(tx, { kind: 'payout', description: 'concurrent', createdBy: null, legs: [{ accountId: a.id, amount: -100 }, { accountId: cash, amount: 100 }] })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(await balance(a.id)).toBe(0);
    expect(await verifyLedger()).toMatchObject({ unbalanced: [], mismatched: [] });
  });
});
