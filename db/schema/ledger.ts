import 'server-only';
import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases } from './cases';
import { customers } from './customers';
import { staff } from './staff';

/**
 * Accounts (账户), CNY, amounts in fen. A customer's current or savings account, or one of the bank's internal accounts
 * (the other side of deposits, payouts and external transfers). The balance is kept by the ledger's trigger, never
 * written directly, and may not go below the overdraft limit (0 unless granted); internal accounts have no floor.
 */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique(),
    customerId: uuid('customer_id').references(() => customers.id),
    kind: text('kind').notNull(),
    currency: text('currency').notNull().default('CNY'),
    status: text('status').notNull().default('active'),
    balance: bigint('balance', { mode: 'number' }).notNull().default(0),
    overdraftLimit: bigint('overdraft_limit', { mode: 'number' }).notNull().default(0),
    // The per-transaction limit for movements out of this account (e.g. set by a limit change), null: no own limit.
    transferLimit: bigint('transfer_limit', { mode: 'number' }),
    name: text('name'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('accounts_customer_idx').on(t.customerId),
    check('accounts_kind', sql`${t.kind} IN ('current', 'savings', 'internal')`),
    check('accounts_owner', sql`(${t.kind} = 'internal') = (${t.customerId} IS NULL)`),
    check('accounts_currency', sql`${t.currency} = 'CNY'`),
    check('accounts_status', sql`${t.status} IN ('active', 'frozen', 'closed')`),
    check('accounts_number', sql`${t.number} ~ '^[0-9]{17}$'`),
    check('accounts_overdraft', sql`${t.overdraftLimit} >= 0`),
    check('accounts_floor', sql`${t.kind} = 'internal' OR ${t.balance} >= -${t.overdraftLimit}`),
    check('accounts_closed_empty', sql`${t.status} <> 'closed' OR (${t.balance} = 0 AND ${t.closedAt} IS NOT NULL)`),
  ],
);

/** One movement of money: a balanced set of entries written in one transaction (the database checks the balance). */
export const ledgerTransactions = pgTable(
  'ledger_transactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    // The case whose execution posted it: one posting per case, so a retried execution cannot pay twice.
    caseId: uuid('case_id').references(() => cases.id),
    description: text('description').notNull(),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ledger_transactions_case_idx').on(t.caseId).where(sql`${t.caseId} IS NOT NULL`),
    check('ledger_transactions_kind', sql`${t.kind} IN ('opening', 'deposit', 'transfer', 'payout', 'fee', 'adjustment', 'compensation')`),
  ],
);

/** The entries (分录): signed amounts in fen, credit positive, debit negative. Append-only. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    transactionId: uuid('transaction_id').notNull().references(() => ledgerTransactions.id),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ledger_entries_account_idx').on(t.accountId, t.id), index('ledger_entries_transaction_idx').on(t.transactionId), check('ledger_entries_nonzero', sql`${t.amount} <> 0`)],
);
