import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, sql } from '@/db';
import { internalAccountId, openAccount, postTransaction, verifyLedger } from '@/db/queries/ledger';
import { decideCase, makerActs, submitTransfer } from '@/lib/cases/service';
import { TRANSITION_ROWS } from '@/lib/cases/state-machine';
import { listSessionCases } from '@/db/queries/cases';
import { submitOpenAccount } from '@/lib/cases/account-business';
import { completeDocuments, samplePng, sessionWithAccount } from './card-factories';
import { reviewCaseDocument, uploadCaseDocument } from '@/lib/documents/service';
import { makeUser, verifiedSession, type TestUser } from './factories';
import { pgFailure } from './helpers';

let teller: TestUser;
let supervisors: TestUser[];
beforeAll(async () => {
  teller = await makeUser('teller');
  supervisors = await Promise.all(Array.from({ length: 10 }, () => makeUser('supervisor')));
});

/** A verified session whose customer has a current account holding `fen`, and a second account to pay into. */
async function fundedSession(fen: number) {
  const s = await verifiedSession(teller.id);
  const accountsOf = await db.transaction(async (tx) => {
    const from = await openAccount(tx, { customerId: s.customer.id, kind: 'current' });
    const to = await openAccount(tx, { customerId: s.customer.id, kind: 'savings' });
    const opening = await internalAccountId(tx, 'opening');
    await postTransaction(tx, { kind: 'opening', description: 'test', createdBy: null, legs: [{ accountId: from.id, amount: fen }, { accountId: opening, amount: -fen }] });
    return { from, to };
  });
  return { ...s, ...accountsOf };
}

const balance = async (id: string) => (await sql<{ b: number }[]>`SELECT balance::int AS b FROM accounts WHERE id = ${id}`)[0]!.b;
const state = async (id: string) => (await sql<{ state: string }[]>`SELECT state FROM cases WHERE id = ${id}`)[0]!.state;

describe('a transfer case', () => {
  it('CNY 80,000 needs two supervisors: the first approval leaves it pending, the same one cannot approve twice, the second executes it on the ledger', async () => {
    const s = await fundedSession(10_000_000);
    const c = await submitTransfer(s.sessionId, teller.id, { fromAccountId: s.from.id, toAccountNumber: s.to.number, amountFen: 8_000_000, idempotencyKey: randomUUID() });
    expect(c).toMatchObject({ state: 'pending_approval', level: 2, existing: false });
    expect(await decideCase(c.id, supervisors[0]!.id, 'approve', null, null)).toMatchObject({ outcome: 'decided', state: 'pending_approval', approvals: 1, required: 2 });
    expect(await balance(s.from.id)).toBe(10_000_000);
    // The maker's console counts the approval so far.
    expect((await listSessionCases(s.sessionId)).find((x) => x.id === c.id)).toMatchObject({ approvals: 1, requiredLevel: 2 });
    expect(await decideCase(c.id, supervisors[0]!.id, 'approve', null, null)).toEqual({ outcome: 'already_approved_by_you' });
    expect(await decideCase(c.id, supervisors[1]!.id, 'approve', null, null)).toMatchObject({ outcome: 'decided', state: 'completed', approvals: 2 });
    expect([await balance(s.from.id), await balance(s.to.id)]).toEqual([2_000_000, 8_000_000]);
    expect(await sql`SELECT channel::text FROM outbox_messages WHERE session_id = ${s.sessionId} AND template = 'transferDone' ORDER BY channel::text`).toEqual([{ channel: 'in_app' }, { channel: 'sms' }]);
    expect(await decideCase(c.id, supervisors[2]!.id, 'approve', null, null)).toMatchObject({ outcome: 'already_decided', state: 'completed', decision: 'approve' });
    const events = await sql`SELECT kind FROM case_events WHERE case_id = ${c.id} ORDER BY created_at, kind`;
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['case.created', 'case.submit', 'decision.approve', 'case.approve', 'case.execute', 'case.complete']));
    expect(await verifyLedger()).toMatchObject({ unbalanced: [], mismatched: [] });
  });

  it('the maker can never decide their own case, in code or in the database', async () => {
    const s = await fundedSession(1_000_000);
    const c = await submitTransfer(s.sessionId, teller.id, { fromAccountId: s.from.id, toAccountNumber: s.to.number, amountFen: 10_000, idempotencyKey: randomUUID() });
    expect(await decideCase(c.id, teller.id, 'approve', null, null)).toEqual({ outcome: 'own_case' });
    expect(await pgFailure(() => sql`INSERT INTO case_decisions (case_id, approver_id, decision) VALUES (${c.id}, ${teller.id}, 'approve')`)).toMatchObject({ message: expect.stringMatching(/maker cannot decide/) });
    // Nor may the state jump past the approval.
    expect(await pgFailure(() => sql`UPDATE cases SET state = 'approved' WHERE id = ${c.id}`)).toMatchObject({ message: expect.stringMatching(/approval\(s\) of 1 required/) });
    expect(await pgFailure(() => sql`UPDATE cases SET state = 'completed' WHERE id = ${c.id}`)).toMatchObject({ message: expect.stringMatching(/not a transition/) });
    expect(await pgFailure(() => sql`UPDATE cases SET amount_fen = 1 WHERE id = ${c.id}`)).toMatchObject({ message: expect.stringMatching(/does not change/) });
  });

  it('a rejection needs a reason and moves no money', async () => {
    const s = await fundedSession(1_000_000);
    const c = await submitTransfer(s.sessionId, teller.id, { fromAccountId: s.from.id, toAccountNumber: '6228480012345678', payeeName: '外部收款人', amountFen: 50_000, idempotencyKey: randomUUID() });
    expect(c).toMatchObject({ state: 'pending_approval', level: 1 });
    expect(await pgFailure(() => decideCase(c.id, supervisors[3]!.id, 'reject', null, null))).toMatchObject({ constraint: 'case_decisions_refusal_reason' });
    expect(await decideCase(c.id, supervisors[3]!.id, 'reject', 'suspicious', '收款人信息与客户陈述不符')).toMatchObject({ outcome: 'decided', state: 'rejected' });
    expect(await balance(s.from.id)).toBe(1_000_000);
    expect(await sql`SELECT 1 FROM ledger_transactions WHERE case_id = ${c.id}`).toHaveLength(0);
    // The customer is told, with the reason's category in their language, never the supervisor's own words.
    const [msg] = await sql`SELECT body_enc FROM outbox_messages WHERE session_id = ${s.sessionId} AND template = 'caseRejected' AND channel = 'sms'`;
    const { decryptPii } = await import('@/lib/crypto/pii');
    const text = decryptPii(msg!.body_enc);
    expect(text).toContain('交易存在风险');
    expect(text).not.toContain('收款人信息与客户陈述不符');
  });

  it('refuses at submission an amount above the balance, the same account, and an external payee without a name; nothing is written', async () => {
    const s = await fundedSession(100_000);
    const before = await sql`SELECT count(*)::int AS n FROM cases`;
    await expect(submitTransfer(s.sessionId, teller.id, { fromAccountId: s.from.id, toAccountNumber: s.to.number, amountFen: 100_001, idempotencyKey: randomUUID() })).rejects.toMatchObject({
      key: 'errors.insufficientFunds',
    });
    await expect(submitTransfer(s.sessionId, teller.id, { fromAccountId: s.from.id, toAccountNumber: s.from.number, amountFen: 1, idempotencyKey: randomUUID() })).rejects.toMatchObject({ key: 'errors.sameAccount' });
    await expect(submitTransfer(s.sessionId, teller.id, { fromAccountId: s.from.id, toAccountNumber: '6228480012345678', amountFen: 1, idempotencyKey: randomUUID() })).rejects.toMatchObject({
      key: 'errors.payeeNameRequired',
    });
    expect(await sql`SELECT count(*)::int AS n FROM cases`).toEqual(before);
  });
});

describe('what held at submission holds at the decision', () => {
  it('a customer frozen for fraud after submitting has nothing approved; a closed payee account makes the approval fail cleanly', async () => {
    const s = await fundedSession(1_000_000);
    const c = await submitTransfer(s.sessionId, teller.id, { fromAccountId: s.from.id, toAccountNumber: s.to.number, amountFen: 10_000, idempotencyKey: randomUUID() });
    const { raiseLock } = await import('@/db/queries/verification-locks');
    await raiseLock(db, { customerId: s.customer.id, step: 'otp', sessionId: s.sessionId, minutes: 30 });
    expect(await decideCase(c.id, supervisors[5]!.id, 'approve', null, null)).toEqual({ outcome: 'frozen' });
    expect(await sql`SELECT count(*)::int AS n FROM case_decisions WHERE case_id = ${c.id}`).toEqual([{ n: 0 }]);
    await sql`UPDATE verification_locks SET status = 'cleared', cleared_by = ${supervisors[5]!.id}, cleared_at = now() WHERE customer_id = ${s.customer.id} AND status = 'open'`;
    await sql`UPDATE accounts SET status = 'closed', closed_at = now() WHERE id = ${s.to.id}`;
    expect(await decideCase(c.id, supervisors[5]!.id, 'approve', null, null)).toEqual({ outcome: 'account_unavailable' });
    expect(await state(c.id)).toBe('pending_approval');
    expect(await balance(s.from.id)).toBe(1_000_000);
  });

  it('a mistyped number of our own is refused, not paid out to another bank; a frozen account is not debited', async () => {
    const s = await fundedSession(1_000_000);
    const typo = s.to.number.slice(0, 16) + ((Number(s.to.number[16]) + 1) % 10);
    await expect(submitTransfer(s.sessionId, teller.id, { fromAccountId: s.from.id, toAccountNumber: typo, payeeName: 'x', amountFen: 1, idempotencyKey: randomUUID() })).rejects.toMatchObject({
      key: 'errors.accountCheckDigit',
    });
    await sql`UPDATE accounts SET status = 'frozen' WHERE id = ${s.from.id}`;
    const cash = await db.transaction((tx) => internalAccountId(tx, 'cash'));
    const failure = await pgFailure(() => db.transaction((tx) => postTransaction(tx, { kind: 'payout', description: 'frozen', createdBy: null, legs: [{ accountId: s.from.id, amount: -1 }, { accountId: cash, amount: 1 }] })));
    expect(failure).toMatchObject({ message: expect.stringMatching(/is frozen/) });
  });

  it('the database refuses a fund movement that needs no approval', async () => {
    const [c] = await sql`SELECT * FROM cases LIMIT 1`;
    const failure = await pgFailure(
      () => sql`INSERT INTO cases (type, customer_id, maker_id, payload_enc, summary, amount_fen, required_level, policy_version, policy_rules, idempotency_key)
        VALUES ('transfer_internal', ${c!.customer_id}, ${c!.maker_id}, 'x', '{}', 1, 0, 1, '{}', ${randomUUID()})`,
    );
    expect(failure).toMatchObject({ constraint: 'cases_fund_movement_dual_control' });
  });
});

describe('concurrency', () => {
  it('20 concurrent submissions with one idempotency key make one case', async () => {
    const s = await fundedSession(1_000_000);
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => submitTransfer(s.sessionId, teller.id, { fromAccountId: s.from.id, toAccountNumber: s.to.number, amountFen: 1_000, idempotencyKey: key })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.existing)).toHaveLength(1);
    expect(await sql`SELECT count(*)::int AS n FROM cases WHERE idempotency_key = ${key}`).toEqual([{ n: 1 }]);
    // The same key with another amount is a mistake, not the same case.
    await expect(submitTransfer(s.sessionId, teller.id, { fromAccountId: s.from.id, toAccountNumber: s.to.number, amountFen: 2_000, idempotencyKey: key })).rejects.toMatchObject({
      key: 'errors.idempotencyMismatch',
    });
  });

  it('200 parallel decision attempts by ten supervisors: exactly one final decision, one posting, and the ledger balances', async () => {
    const s = await fundedSession(1_000_000);
    const c = await submitTransfer(s.sessionId, teller.id, { fromAccountId: s.from.id, toAccountNumber: s.to.number, amountFen: 123_456, idempotencyKey: randomUUID() });
    const attempts = Array.from({ length: 200 }, (_, i) => decideCase(c.id, supervisors[i % 10]!.id, i % 3 === 0 ? 'reject' : 'approve', i % 3 === 0 ? 'other' : null, i % 3 === 0 ? '并发测试' : null));
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((o) => o.outcome === 'decided')).toHaveLength(1);
    expect(await sql`SELECT count(*)::int AS n FROM case_decisions WHERE case_id = ${c.id}`).toEqual([{ n: 1 }]);
    const final = await state(c.id);
    expect(['completed', 'rejected']).toContain(final);
    const postings = await sql`SELECT count(*)::int AS n FROM ledger_transactions WHERE case_id = ${c.id}`;
    expect(postings).toEqual([{ n: final === 'completed' ? 1 : 0 }]);
    expect(await balance(s.from.id)).toBe(final === 'completed' ? 1_000_000 - 123_456 : 1_000_000);
    expect(await verifyLedger()).toMatchObject({ unbalanced: [], mismatched: [] });
  });
});

describe('approval SLA and expiry', () => {
  it('a case past its SLA is escalated once; past its expiry it expires and can no longer be approved', async () => {
    const { sweepCases } = await import('@/lib/cases/sla');
    const s = await fundedSession(1_000_000);
    const c = await submitTransfer(s.sessionId, teller.id, { fromAccountId: s.from.id, toAccountNumber: s.to.number, amountFen: 5_000, idempotencyKey: randomUUID() });
    // A short SLA: due a minute ago.
    await sql`UPDATE cases SET sla_due_at = now() - interval '1 minute' WHERE id = ${c.id}`;
    expect((await sweepCases()).escalated).toBeGreaterThanOrEqual(1);
    const [esc] = await sql`SELECT escalated_at FROM cases WHERE id = ${c.id}`;
    expect(esc!.escalated_at).not.toBeNull();
    await sweepCases();
    expect(await sql`SELECT count(*)::int AS n FROM case_events WHERE case_id = ${c.id} AND kind = 'case.escalated'`).toEqual([{ n: 1 }]);
    // Past its expiry: a decision is refused even before the sweep runs, and the sweep expires it.
    await sql`UPDATE cases SET expires_at = now() - interval '1 second' WHERE id = ${c.id}`;
    expect(await decideCase(c.id, supervisors[4]!.id, 'approve', null, null)).toEqual({ outcome: 'expired' });
    expect((await sweepCases()).expired).toBeGreaterThanOrEqual(1);
    expect(await state(c.id)).toBe('expired');
    expect(await decideCase(c.id, supervisors[4]!.id, 'approve', null, null)).toMatchObject({ outcome: 'already_decided', state: 'expired' });
    expect(await balance(s.from.id)).toBe(1_000_000);
  });
});

describe('the state machine in the database', () => {
  it('holds exactly the transitions of the code', async () => {
    const rows = await sql<{ from: string; event: string; to: string }[]>`SELECT from_state AS "from", event, to_state AS "to" FROM case_transitions`;
    const key = (r: { from: string; event: string; to: string }) => `${r.from} --${r.event}--> ${r.to}`;
    expect(rows.map(key).sort()).toEqual(TRANSITION_ROWS.map(key).sort());
  });
});

describe('returned for correction', () => {
  it('the maker resubmits into a new round, decided afresh; the database refuses a decision in an old round', async () => {
    const [teller, first, second] = [await makeUser('teller'), await makeUser('supervisor'), await makeUser('supervisor')];
    const s = await sessionWithAccount(teller.id);
    const c = await submitOpenAccount(s.sessionId, teller.id, { accountKind: 'savings', idempotencyKey: randomUUID() });
    await completeDocuments(c.id, teller.id);
    expect(await decideCase(c.id, first.id, 'return', 'insufficient_documents', '请客户确认账户用途')).toMatchObject({ state: 'returned' });
    // The teller sees why it came back.
    expect((await listSessionCases(s.sessionId)).find((x) => x.id === c.id)).toMatchObject({ state: 'returned', returnReason: 'insufficient_documents', returnNote: '请客户确认账户用途' });
    const other = await makeUser('teller');
    expect(await makerActs(c.id, other.id, 'resubmit')).toEqual({ outcome: 'not_maker' });
    // The maker has days to correct it, not what was left of the approval deadline.
    const [{ days }] = await sql<{ days: number }[]>`SELECT extract(epoch FROM expires_at - now()) / 86400 AS days FROM cases WHERE id = ${c.id}`;
    expect(Number(days)).toBeGreaterThan(6);
    expect(await makerActs(c.id, teller.id, 'resubmit')).toEqual({ outcome: 'done', state: 'pending_approval' });
    // The first supervisor may decide again in the new round (their return belongs to round 1).
    await expect(sql`INSERT INTO case_decisions (case_id, approver_id, round, decision) VALUES (${c.id}, ${second.id}, 1, 'approve')`).rejects.toThrow(/round 2, not 1/);
    expect(await decideCase(c.id, first.id, 'approve', null, null)).toMatchObject({ outcome: 'decided', state: 'completed' });
    const rounds = await sql<{ round: number; decision: string }[]>`SELECT round, decision FROM case_decisions WHERE case_id = ${c.id} ORDER BY created_at`;
    expect(rounds).toEqual([{ round: 1, decision: 'return' }, { round: 2, decision: 'approve' }]);
    await expect(sql`UPDATE cases SET round = 5 WHERE id = ${c.id}`).rejects.toThrow(/new approval round/);
  });

  it('a case returned for its documents goes back to collecting them in a new round, then on to approval again', async () => {
    const [teller, supervisor] = [await makeUser('teller'), await makeUser('supervisor')];
    const s = await sessionWithAccount(teller.id);
    const c = await submitOpenAccount(s.sessionId, teller.id, { accountKind: 'savings', idempotencyKey: randomUUID() });
    await completeDocuments(c.id, teller.id);
    await decideCase(c.id, supervisor.id, 'return', 'insufficient_documents', '国徽面不清晰，请重新提供');
    expect(await makerActs(c.id, teller.id, 'reopen')).toEqual({ outcome: 'done', state: 'documents' });
    // Everything was accepted before: a replacement is uploaded and reviewed, and the case goes on by itself.
    const doc = await uploadCaseDocument({ caseId: c.id, tellerId: teller.id, kind: 'id_back', bytes: await samplePng() });
    expect(await state(c.id)).toBe('documents');
    expect((await reviewCaseDocument({ documentId: doc.id, tellerId: teller.id, decision: 'accept' })).state).toBe('pending_approval');
    expect((await sql<{ round: number }[]>`SELECT round FROM cases WHERE id = ${c.id}`)[0]!.round).toBe(2);
    expect(await decideCase(c.id, supervisor.id, 'approve', null, null)).toMatchObject({ state: 'completed' });
    // A completed case has nothing to reopen.
    expect(await makerActs(c.id, teller.id, 'reopen')).toEqual({ outcome: 'not_allowed' });
  });

  it('the maker withdraws a pending case; an approved one cannot be withdrawn', async () => {
    const [teller, supervisor] = [await makeUser('teller'), await makeUser('supervisor')];
    const s = await sessionWithAccount(teller.id);
    const c = await submitOpenAccount(s.sessionId, teller.id, { accountKind: 'savings', idempotencyKey: randomUUID() });
    expect(await makerActs(c.id, teller.id, 'cancel')).toEqual({ outcome: 'done', state: 'cancelled' });
    expect(await decideCase(c.id, supervisor.id, 'approve', null, null)).toMatchObject({ outcome: 'already_decided', state: 'cancelled' });
    const d = await submitOpenAccount(s.sessionId, teller.id, { accountKind: 'savings', idempotencyKey: randomUUID() });
    await completeDocuments(d.id, teller.id);
    await decideCase(d.id, supervisor.id, 'approve', null, null);
    expect(await makerActs(d.id, teller.id, 'cancel')).toEqual({ outcome: 'not_allowed' });
  });
});
