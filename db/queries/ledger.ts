import 'server-only';
import { randomInt } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db';
import { violatesUnique } from '@/db/errors';
import { accounts, ledgerEntries, ledgerTransactions } from '@/db/schema';
import { luhnCheckDigit } from '@/lib/accounts/luhn';

/** The bank's own accounts on the other side of money entering or leaving customer accounts. */
export const INTERNAL_ACCOUNTS = {
  opening: { body: '9990000000000001', name: '期初余额 Opening balances' },
  clearing: { body: '9990000000000002', name: '跨行清算 External clearing' },
  cash: { body: '9990000000000003', name: '现金付款 Cash payouts' },
  compensation: { body: '9990000000000004', name: '客户补偿 Customer compensation' },
} as const;
export type InternalAccount = keyof typeof INTERNAL_ACCOUNTS;

export function internalAccountNumber(which: InternalAccount): string {
  const { body } = INTERNAL_ACCOUNTS[which];
  return body + luhnCheckDigit(body);
}

/** The internal account's id, opening it the first time it is needed. */
export async function internalAccountId(conn: DbOrTx, which: InternalAccount): Promise<string> {
  const number = internalAccountNumber(which);
  await conn.insert(accounts).values({ number, kind: 'internal', name: INTERNAL_ACCOUNTS[which].name }).onConflictDoNothing({ target: accounts.number });
  const [row] = await conn.select({ id: accounts.id }).from(accounts).where(eq(accounts.number, number));
  return row!.id;
}

/** Opens a customer account under a fresh 17-digit number (branch 3101, 12 random digits, Luhn check digit). */
export async function openAccount(conn: DbOrTx, v: { customerId: string; kind: 'current' | 'savings' }): Promise<{ id: string; number: string }> {
  for (let attempt = 0; ; attempt++) {
    const body = `3101${String(randomInt(0, 1_000_000)).padStart(6, '0')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    const number = body + luhnCheckDigit(body);
    try {
      const [row] = await conn.insert(accounts).values({ number, customerId: v.customerId, kind: v.kind }).returning({ id: accounts.id });
      return { id: row!.id, number };
    } catch (err) {
      if (attempt < 5 && violatesUnique(err, 'accounts_number_unique')) continue;
      throw err;
    }
  }
}

export type Leg = { accountId: string; amount: number };

/**
 * Posts one balanced movement (its legs sum to zero) in the caller's transaction. The database holds the rest: it
 * moves the balances, refuses an overdraft beyond the limit and a closed account, refuses an unbalanced transaction at
 * commit, and posts at most once per case.
 */
export async function postTransaction(
  conn: DbOrTx,
  v: { kind: 'opening' | 'deposit' | 'transfer' | 'payout' | 'fee' | 'adjustment' | 'compensation'; caseId?: string; description: string; createdBy: string | null; legs: Leg[] },
): Promise<string> {
  if (v.legs.some((l) => !Number.isSafeInteger(l.amount) || l.amount === 0)) throw new Error('ledger: every leg is a whole, non-zero number of fen');
  const [row] = await conn
    .insert(ledgerTransactions)
    .values({ kind: v.kind, caseId: v.caseId ?? null, description: v.description, createdBy: v.createdBy })
    .returning({ id: ledgerTransactions.id });
  // Accounts in a fixed order, so two movements between the same accounts lock them in the same order.
  const legs = [...v.legs].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
  for (const leg of legs) await conn.insert(ledgerEntries).values({ transactionId: row!.id, accountId: leg.accountId, amount: leg.amount });
  return row!.id;
}

export async function listCustomerAccounts(customerId: string, conn: DbOrTx = db) {
  return conn
    .select({ id: accounts.id, number: accounts.number, kind: accounts.kind, status: accounts.status, balance: accounts.balance, overdraftLimit: accounts.overdraftLimit, transferLimit: accounts.transferLimit })
    .from(accounts)
    .where(and(eq(accounts.customerId, customerId)))
    .orderBy(asc(accounts.openedAt));
}

/**
 * `npm run ledger:verify`: every transaction balances with at least two entries, and every stored balance equals the
 * sum of its entries.
 */
export async function verifyLedger(): Promise<{ transactions: number; accounts: number; unbalanced: string[]; mismatched: string[] }> {
  const unbalanced = await db.execute<{ id: string }>(sql`
    SELECT t.id FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
    GROUP BY t.id HAVING coalesce(sum(e.amount), 0) <> 0 OR count(e.id) < 2`);
  const mismatched = await db.execute<{ number: string }>(sql`
    SELECT a.number FROM accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id
    GROUP BY a.id, a.number, a.balance HAVING a.balance <> coalesce(sum(e.amount), 0)`);
  const [{ t, a }] = await db.execute<{ t: number; a: number }>(sql`SELECT (SELECT count(*)::int FROM ledger_transactions) AS t, (SELECT count(*)::int FROM accounts) AS a`);
  return { transactions: t, accounts: a, unbalanced: unbalanced.map((r) => r.id), mismatched: mismatched.map((r) => r.number) };
}
