import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, sql } from '@/db';
import { internalAccountId, postTransaction, verifyLedger } from '@/db/queries/ledger';
import { submitAccountClosure, submitLimitChange, submitOpenAccount, submitPayout } from '@/lib/cases/account-business';
import { decideCase, submitTransfer } from '@/lib/cases/service';
import { cardAt, completeDocuments, sessionWithAccount } from './card-factories';
import { makeUser, type TestUser } from './factories';

let teller: TestUser;
let supervisor: TestUser;
let supervisor2: TestUser;

beforeAll(async () => {
  teller = await makeUser('teller');
  supervisor = await makeUser('supervisor');
  supervisor2 = await makeUser('supervisor');
});

/** A verified session whose customer's current account holds `yuan`. */
async function funded(yuan: number) {
  const s = await sessionWithAccount(teller.id);
  await db.transaction(async (tx) => {
    const opening = await internalAccountId(tx, 'opening');
    await postTransaction(tx, { kind: 'opening', description: 'test', createdBy: null, legs: [{ accountId: s.account.id, amount: yuan * 100 }, { accountId: opening, amount: -yuan * 100 }] });
  });
  return s;
}

const balance = async (id: string) => Number((await sql<{ b: string }[]>`SELECT balance::text AS b FROM accounts WHERE id = ${id}`)[0]!.b);

describe('opening an account', () => {
  it('needs a supervisor, then opens a numbered account; one account of each kind', async () => {
    const s = await sessionWithAccount(teller.id);
    await expect(submitOpenAccount(s.sessionId, teller.id, { accountKind: 'current', idempotencyKey: randomUUID() })).rejects.toMatchObject({ fieldErrors: { accountKind: ['errors.accountKindHeld'] } });
    const r = await submitOpenAccount(s.sessionId, teller.id, { accountKind: 'savings', idempotencyKey: randomUUID() });
    // The checklist first: ID card both sides and the signed application, then a supervisor.
    expect(r).toMatchObject({ state: 'documents', level: 1 });
    expect(await completeDocuments(r.id, teller.id)).toBe('pending_approval');
    await expect(submitOpenAccount(s.sessionId, teller.id, { accountKind: 'savings', idempotencyKey: randomUUID() })).rejects.toMatchObject({ key: expect.stringContaining('errors.caseLiveForTarget') });
    // A former customer coming back: the retention of their documents stops running when the account opens.
    await sql`UPDATE customers SET relationship_ended_at = now() - interval '10 years' WHERE id = ${s.customer.id}`;
    expect(await decideCase(r.id, supervisor.id, 'approve', null, null)).toMatchObject({ state: 'completed' });
    expect((await sql<{ ended: Date | null }[]>`SELECT relationship_ended_at AS ended FROM customers WHERE id = ${s.customer.id}`)[0]!.ended).toBeNull();
    const rows = await sql<{ kind: string; number: string }[]>`SELECT kind, number FROM accounts WHERE customer_id = ${s.customer.id} ORDER BY kind`;
    expect(rows.map((a) => a.kind)).toEqual(['current', 'savings']);
    expect(rows[1]!.number).toMatch(/^3101\d{13}$/);
  });
});

describe('a payout booking', () => {
  it('is a fund movement: one supervisor under CNY 50,000, two from it; it debits the account to the cash account', async () => {
    const s = await funded(100_000);
    const small = await submitPayout(s.sessionId, teller.id, { fromAccountId: s.account.id, amountFen: 200_000, branch: 'sh_pudong', idempotencyKey: randomUUID() });
    expect(small).toMatchObject({ state: 'pending_approval', level: 1 });
    const large = await submitPayout(s.sessionId, teller.id, { fromAccountId: s.account.id, amountFen: 5_000_000, branch: 'sh_pudong', idempotencyKey: randomUUID() });
    expect(large.level).toBe(2);
    expect(await decideCase(small.id, supervisor.id, 'approve', null, null)).toMatchObject({ state: 'completed' });
    expect(await balance(s.account.id)).toBe(10_000_000 - 200_000);
    expect(await decideCase(large.id, supervisor.id, 'approve', null, null)).toMatchObject({ state: 'pending_approval' });
    expect(await decideCase(large.id, supervisor2.id, 'approve', null, null)).toMatchObject({ state: 'completed' });
    expect(await balance(s.account.id)).toBe(10_000_000 - 5_200_000);
    const v = await verifyLedger();
    expect(v.unbalanced).toEqual([]);
    expect(v.mismatched).toEqual([]);
  });

  it('refuses more than the balance, with the amount available, and writes nothing', async () => {
    const s = await funded(100);
    const before = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM cases WHERE customer_id = ${s.customer.id}`)[0]!.n;
    await expect(submitPayout(s.sessionId, teller.id, { fromAccountId: s.account.id, amountFen: 10_001, branch: 'sh_pudong', idempotencyKey: randomUUID() })).rejects.toMatchObject({
      fieldErrors: { amount: [expect.stringContaining('errors.insufficientFunds')] },
    });
    expect((await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM cases WHERE customer_id = ${s.customer.id}`)[0]!.n).toBe(before);
  });
});

describe('a limit change', () => {
  it('applies on approval and then holds transfers to it; one live change per account', async () => {
    const s = await funded(10_000);
    const r = await submitLimitChange(s.sessionId, teller.id, { accountId: s.account.id, limitFen: 100_000, idempotencyKey: randomUUID() });
    await expect(submitLimitChange(s.sessionId, teller.id, { accountId: s.account.id, limitFen: 200_000, idempotencyKey: randomUUID() })).rejects.toMatchObject({ key: expect.stringContaining('errors.caseLiveForTarget') });
    expect(await decideCase(r.id, supervisor.id, 'approve', null, null)).toMatchObject({ state: 'completed' });
    await expect(submitTransfer(s.sessionId, teller.id, { fromAccountId: s.account.id, toAccountNumber: '6228480012345678', payeeName: '王小二', amountFen: 100_001, idempotencyKey: randomUUID() })).rejects.toMatchObject({
      fieldErrors: { amount: [expect.stringContaining('errors.overLimit')] },
    });
    await expect(submitLimitChange(s.sessionId, teller.id, { accountId: s.account.id, limitFen: 100_000, idempotencyKey: randomUUID() })).rejects.toMatchObject({ key: 'errors.sameLimit' });
  });
});

describe('closing an account', () => {
  it('needs a zero balance and its cards closed first', async () => {
    const s = await funded(1);
    await expect(submitAccountClosure(s.sessionId, teller.id, { accountId: s.account.id, idempotencyKey: randomUUID() })).rejects.toMatchObject({ fieldErrors: { accountId: [expect.stringContaining('errors.closureNotEmpty')] } });
    const c = await cardAt('activated', teller.id, supervisor.id);
    await expect(submitAccountClosure(c.sessionId, teller.id, { accountId: c.account.id, idempotencyKey: randomUUID() })).rejects.toMatchObject({ fieldErrors: { accountId: ['errors.closureCardsOpen'] } });
  });

  it('closes an empty account on approval; money arriving meanwhile stops it', async () => {
    const s = await sessionWithAccount(teller.id);
    const r = await submitAccountClosure(s.sessionId, teller.id, { accountId: s.account.id, idempotencyKey: randomUUID() });
    expect(r).toMatchObject({ state: 'documents', level: 1 });
    await completeDocuments(r.id, teller.id);
    expect(await decideCase(r.id, supervisor.id, 'approve', null, null)).toMatchObject({ state: 'completed' });
    expect((await sql<{ status: string }[]>`SELECT status FROM accounts WHERE id = ${s.account.id}`)[0]!.status).toBe('closed');

    const t = await sessionWithAccount(teller.id);
    const late = await submitAccountClosure(t.sessionId, teller.id, { accountId: t.account.id, idempotencyKey: randomUUID() });
    await completeDocuments(late.id, teller.id);
    await db.transaction(async (tx) => {
      await postTransaction(tx, { kind: 'deposit', description: 'test', createdBy: null, legs: [{ accountId: t.account.id, amount: 100 }, { accountId: await internalAccountId(tx, 'opening'), amount: -100 }] });
    });
    expect(await decideCase(late.id, supervisor.id, 'approve', null, null)).toEqual({ outcome: 'account_unavailable' });
    expect((await sql<{ status: string }[]>`SELECT status FROM accounts WHERE id = ${t.account.id}`)[0]!.status).toBe('active');
  });
});
