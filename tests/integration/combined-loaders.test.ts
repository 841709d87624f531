// The screens' combined loaders (issue 10: statements per page): each returns what the separate loaders it replaces
// return, read here by those loaders (still in the code) and by the database directly, and keeps the object-level
// scope of the screen (another teller's session, a customer the reader may not open, is not returned).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, sql } from '@/db';
import { internalAccountId, listCustomerAccounts, openAccount, postTransaction } from '@/db/queries/ledger';
import { getConsoleSession, getTellerSession, getSessionSummary } from '@/db/queries/service-sessions';
import { getConsoleCustomer, getCustomerHistory, getCustomerOverviewFor } from '@/db/queries/customer-overview';
import { getCustomer, getCustomerProfile, listCustomerChanges } from '@/db/queries/customers';
import { listAssessments, listCustomerRequests, listCustomerSessions } from '@/db/queries/customer-360';
import { getCaseForReview, listCustomerCases, recentCasesOf } from '@/db/queries/cases';
import { stepsByBusiness } from '@/db/queries/ladder-policy';
import { raiseLock } from '@/db/queries/verification-locks';
import { listTransferTargets } from '@/db/queries/staff';
import { listCustomerCards } from '@/lib/cards/service';
import { approvalPolicyVersion } from '@/lib/cases/case-core';
import { decideCase, submitTransfer } from '@/lib/cases/service';
import { autoAnswers } from '@/lib/qc/auto-checks';
import { inspectionView, inspectionWorkspace, workspaceScorecard } from '@/lib/qc/inspection';
import { listSessionCases } from '@/db/queries/cases';
import { frozenCustomer, makeUser, sessionWithCustomer, verifiedSession, type TestUser } from './factories';
import type { CurrentUser } from '@/lib/auth/current-user';

let teller: TestUser;
let otherTeller: TestUser;
let supervisor: TestUser;
let qc: TestUser;
beforeAll(async () => {
  [teller, otherTeller, supervisor, qc] = await Promise.all([makeUser('teller'), makeUser('teller'), makeUser('supervisor'), makeUser('qc')]);
});

const asCurrent = (u: TestUser): CurrentUser => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, sessionId: u.sid, authenticatedAt: new Date(), mfaEnabled: true, mustEnrol: false });

async function livePrompt(sessionId: string, customerId: string, purpose: 'verify' | 'set_card_password', v: { expired?: boolean; superseded?: boolean } = {}) {
  // A card password prompt names its card; a verify prompt none (the table's CHECK).
  const cardId = purpose === 'set_card_password' ? (await sql<{ id: string }[]>`SELECT id FROM cards WHERE customer_id = ${customerId} LIMIT 1`)[0]?.id : null;
  await sql`INSERT INTO password_prompts (session_id, customer_id, requested_by, expires_at, superseded_at, purpose, card_id)
    VALUES (${sessionId}, ${customerId}, ${teller.id}, now() + ${v.expired ? '-1 minute' : '5 minutes'}::interval, CASE WHEN ${!!v.superseded}::boolean THEN now() END, ${purpose}, ${cardId ?? null})`;
}

describe('getConsoleSession', () => {
  it("returns the teller's own session with its live keypad prompt and the active tellers and supervisors; another teller's session is not returned", async () => {
    const s = await sessionWithCustomer(teller.id);
    expect(await getConsoleSession(s.sessionId, otherTeller.id)).toBeUndefined();
    const before = await getConsoleSession(s.sessionId, teller.id);
    expect(before).toMatchObject({ ...(await getTellerSession(s.sessionId, teller.id)), keypadPromptLive: false, cardPromptLive: false });
    // Prompts that expired or were superseded do not count; a live one does.
    await livePrompt(s.sessionId, s.customer.id, 'verify', { expired: true });
    expect((await getConsoleSession(s.sessionId, teller.id))!.keypadPromptLive).toBe(false);
    await sql`UPDATE password_prompts SET superseded_at = now() WHERE session_id = ${s.sessionId}`;
    await livePrompt(s.sessionId, s.customer.id, 'verify', { superseded: true });
    expect((await getConsoleSession(s.sessionId, teller.id))!.keypadPromptLive).toBe(false);
    await livePrompt(s.sessionId, s.customer.id, 'verify');
    const after = (await getConsoleSession(s.sessionId, teller.id))!;
    expect(after.keypadPromptLive).toBe(true);
    expect(after.cardPromptLive).toBe(false);
    const staffRows = await sql<{ id: string; display_name: string; role: 'teller' | 'supervisor' }[]>`
      SELECT s.id, s.display_name, s.role::text AS role FROM staff s WHERE s.role IN ('teller', 'supervisor') AND s.active ORDER BY s.role, s.username`;
    expect(after.transferTargets).toEqual(staffRows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role })));
    expect(after.transferTargets).toEqual(await listTransferTargets());
    expect(after.transferTargets.map((x) => x.id)).toEqual(expect.arrayContaining([teller.id, otherTeller.id, supervisor.id]));
    expect(after.transferTargets.map((x) => x.id)).not.toContain(qc.id);
  });

  it('an ended session has no live prompts and no transfer targets', async () => {
    const s = await sessionWithCustomer(teller.id);
    await livePrompt(s.sessionId, s.customer.id, 'verify');
    await sql`UPDATE service_sessions SET status = 'ended', ended_at = now(), outcome = 'resolved' WHERE id = ${s.sessionId}`;
    expect(await getConsoleSession(s.sessionId, teller.id)).toMatchObject({ status: 'ended', keypadPromptLive: false, cardPromptLive: false, transferTargets: [] });
  });
});

/** A customer with two accounts (one funded) in a verified session of `teller`. */
async function customerWithAccounts() {
  const s = await verifiedSession(teller.id);
  await db.transaction(async (tx) => {
    const from = await openAccount(tx, { customerId: s.customer.id, kind: 'current' });
    await openAccount(tx, { customerId: s.customer.id, kind: 'savings' });
    const opening = await internalAccountId(tx, 'opening');
    await postTransaction(tx, { kind: 'opening', description: 'test', createdBy: null, legs: [{ accountId: from.id, amount: 123_45 }, { accountId: opening, amount: -123_45 }] });
  });
  return s;
}

describe('getConsoleCustomer', () => {
  it('reads the customer, profile, accounts, cards, lock, freeze, step results and ladder as the separate loaders do', async () => {
    const s = await customerWithAccounts();
    const c = (await getConsoleCustomer(s.sessionId, s.customer.id))!;
    expect(c.customer).toEqual(await getCustomer(s.customer.id));
    expect(c.profile).toEqual(await getCustomerProfile(s.customer.id));
    expect(c.enterprise).toBeUndefined();
    expect(c.accounts).toEqual(await listCustomerAccounts(s.customer.id));
    expect(c.accounts.map((a) => a.balance).sort()).toEqual([0, 123_45]);
    expect(c.cards).toEqual(await listCustomerCards(s.customer.id));
    expect(c).toMatchObject({ locked: false, frozen: false });
    // The ladder was passed in this session (verifiedSession): each step's latest result is a pass, at its time.
    const rows = await sql<{ kind: string; at: Date }[]>`SELECT DISTINCT ON (kind) kind::text AS kind, created_at AS at FROM verifications WHERE session_id = ${s.sessionId} ORDER BY kind, created_at DESC`;
    expect(Object.keys(c.steps.results).sort()).toEqual(rows.map((r) => r.kind).sort());
    for (const r of rows) {
      expect(c.steps.results[r.kind as 'basic']).toBe('pass');
      expect(c.steps.passedAt[r.kind as 'basic']).toBe(new Date(r.at).getTime());
    }
    const [{ version }] = await sql<{ version: number }[]>`SELECT max(version)::int AS version FROM ladder_policies`;
    expect(c.ladder).toEqual(await stepsByBusiness(db, s.customer.id));
    expect(c.ladder.version).toBe(version);
  });

  it("another session's verifications do not count, and a lock in force and a freeze show", async () => {
    const s = await customerWithAccounts();
    const other = await startOtherSessionFor(s.customer.id);
    expect((await getConsoleCustomer(other, s.customer.id))!.steps.results).toEqual({});
    await raiseLock(db, { customerId: s.customer.id, step: 'otp', sessionId: s.sessionId, minutes: 30 });
    expect((await getConsoleCustomer(s.sessionId, s.customer.id))!.locked).toBe(true);
    const frozen = await frozenCustomer(teller.id, supervisor.id);
    expect(await getConsoleCustomer(frozen.sessionId, frozen.customer.id)).toMatchObject({ frozen: true });
  });
});

async function startOtherSessionFor(customerId: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`INSERT INTO service_sessions (teller_id, channel, customer_id) VALUES (${otherTeller.id}, 'phone', ${customerId}) RETURNING id`;
  return row!.id;
}

describe('getCustomerOverviewFor', () => {
  it('a supervisor reads any customer; a teller only the customer of a contact they are handling now; nobody else', async () => {
    const s = await customerWithAccounts();
    const overview = await getCustomerOverviewFor(s.customer.id, asCurrent(supervisor));
    expect(overview).toEqual({
      customer: await getCustomer(s.customer.id),
      profile: await getCustomerProfile(s.customer.id),
      enterprise: undefined,
      accounts: await listCustomerAccounts(s.customer.id),
      cards: await listCustomerCards(s.customer.id),
    });
    expect(await getCustomerOverviewFor(s.customer.id, asCurrent(teller))).toEqual(overview);
    expect(await getCustomerOverviewFor(s.customer.id, asCurrent(otherTeller))).toBeUndefined();
    expect(await getCustomerOverviewFor(s.customer.id, asCurrent(qc))).toBeUndefined();
    expect(await getCustomerOverviewFor(randomUUID(), asCurrent(supervisor))).toBeUndefined();
    // Once the contact ends, its teller no longer sees the customer.
    await sql`UPDATE service_sessions SET status = 'ended', ended_at = now(), outcome = 'resolved' WHERE id = ${s.sessionId}`;
    expect(await getCustomerOverviewFor(s.customer.id, asCurrent(teller))).toBeUndefined();
  });
});

describe('getCustomerHistory and getCaseForReview', () => {
  it("read the customer screen's lists and the decision screen's case as the separate loaders do", async () => {
    const s = await customerWithAccounts();
    const [from, to] = await sql<{ id: string; number: string }[]>`SELECT id, number FROM accounts WHERE customer_id = ${s.customer.id} ORDER BY balance DESC`;
    const first = await submitTransfer(s.sessionId, teller.id, { fromAccountId: from!.id, toAccountNumber: to!.number, amountFen: 100, idempotencyKey: randomUUID() });
    const second = await submitTransfer(s.sessionId, teller.id, { fromAccountId: from!.id, toAccountNumber: to!.number, amountFen: 200, idempotencyKey: randomUUID() });
    const h = await getCustomerHistory(s.customer.id);
    expect(h.sessions).toEqual(await listCustomerSessions(s.customer.id));
    expect(h.sessions.map((x) => x.id)).toEqual([s.sessionId]);
    expect(h.requests).toEqual(await listCustomerRequests(s.customer.id));
    expect(h.assessments).toEqual(await listAssessments(s.customer.id));
    expect(h.changes).toEqual(await listCustomerChanges(s.customer.id));
    expect(h.cases).toEqual(await listCustomerCases(s.customer.id));
    expect(h.cases.map((x) => x.id).sort()).toEqual([first.id, second.id].sort());
    expect((await getCustomerHistory(randomUUID())).cases).toEqual([]);

    // A case that went to a decision: its decisions, timeline, policy version and the customer's other cases.
    const pending = first.state === 'pending_approval' ? first : second.state === 'pending_approval' ? second : undefined;
    const reviewed = pending ?? first;
    if (pending) await decideCase(pending.id, supervisor.id, 'return', 'insufficient_documents', '请补充');
    const c = (await getCaseForReview(reviewed.id))!;
    const decisions = await sql<{ approver_id: string; decision: string }[]>`SELECT approver_id, decision FROM case_decisions WHERE case_id = ${reviewed.id} ORDER BY created_at`;
    expect(c.decisions.map((d) => ({ approver_id: d.approverId, decision: d.decision }))).toEqual(decisions.map((d) => ({ ...d })));
    const events = await sql<{ id: string; kind: string }[]>`SELECT id, kind FROM case_events WHERE case_id = ${reviewed.id} ORDER BY created_at, id`;
    expect(c.timeline.map((e) => ({ id: e.id, kind: e.kind }))).toEqual(events.map((e) => ({ ...e })));
    expect(c.timeline.every((e) => e.at instanceof Date)).toBe(true);
    expect(c.policy).toEqual(await approvalPolicyVersion(c.policyVersion));
    expect(c.recent).toEqual(await recentCasesOf(s.customer.id, reviewed.id));
    expect(c.recent.map((r) => r.id)).toEqual([reviewed.id === first.id ? second.id : first.id]);
  });
});

describe('inspectionView', () => {
  it("reads the session, its inspection, the viewer's part, the assignee, calibration and the answers from the record", async () => {
    const s = await verifiedSession(teller.id);
    await sql`UPDATE service_sessions SET status = 'ended', ended_at = now(), outcome = 'resolved' WHERE id = ${s.sessionId}`;
    expect(await inspectionView(randomUUID(), qc.id)).toBeUndefined();
    const v = (await inspectionView(s.sessionId, qc.id))!;
    expect(v.session).toEqual(await getSessionSummary(s.sessionId));
    expect(v).toMatchObject({ inspection: undefined, ownSession: false, assignee: undefined, blind: false });
    expect(v.autos).toEqual(await autoAnswers(s.sessionId));
    expect(v.autos.confirmation_done).toEqual({ value: 'yes', detail: '' });
    expect(v.autos.closed_with_outcome).toEqual({ value: 'yes', detail: 'resolved' });
    // The session's own teller took part in it.
    expect((await inspectionView(s.sessionId, teller.id))!.ownSession).toBe(true);
    await sql`INSERT INTO qc_assignments (session_id, inspector_id, reason, assigned_by, note) VALUES (${s.sessionId}, ${qc.id}, 'manual', ${supervisor.id}, 'test')`;
    expect((await inspectionView(s.sessionId, supervisor.id))!.assignee).toEqual({ id: qc.id, name: qc.displayName });
    const ws = await inspectionWorkspace(s.sessionId);
    expect(await workspaceScorecard(v.inspection, v.session.channel, listSessionCases(s.sessionId))).toEqual(ws?.scorecard);
  });
});
