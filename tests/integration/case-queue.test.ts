import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, sql } from '@/db';
import { listPendingCases, parseQueueCursor } from '@/db/queries/cases';
import { internalAccountId, postTransaction } from '@/db/queries/ledger';
import { onChannel } from '@/lib/live/channel';
import { claimCase, decideCase, submitTransfer } from '@/lib/cases/service';
import { submitPayout } from '@/lib/cases/account-business';
import { sessionWithAccount } from './card-factories';
import { makeUser, type TestUser } from './factories';
import { actAs, auditSince, maxAuditSeq } from './helpers';
import { GET as sessionCaseEvents } from '@/app/api/sessions/[sessionId]/cases/events/route';

let teller: TestUser;
let supervisor: TestUser;
let other: TestUser;

beforeAll(async () => {
  teller = await makeUser('teller');
  supervisor = await makeUser('supervisor');
  other = await makeUser('supervisor');
});

async function pendingTransfer(yuan = 100) {
  const s = await sessionWithAccount(teller.id);
  await db.transaction(async (tx) => {
    await postTransaction(tx, { kind: 'opening', description: 'test', createdBy: null, legs: [{ accountId: s.account.id, amount: 1_000_000 }, { accountId: await internalAccountId(tx, 'opening'), amount: -1_000_000 }] });
  });
  const c = await submitTransfer(s.sessionId, teller.id, { fromAccountId: s.account.id, toAccountNumber: '6228480012345678', payeeName: '王小二', amountFen: yuan * 100, idempotencyKey: randomUUID() });
  return { ...s, caseId: c.id };
}

describe('claiming a case', () => {
  it('shows who is on it, may be taken over, released only by its holder, and never blocks a decision', async () => {
    const p = await pendingTransfer();
    expect(await claimCase(p.caseId, teller.id, 'claim')).toEqual({ outcome: 'own_case' });
    expect(await claimCase(p.caseId, supervisor.id, 'claim')).toEqual({ outcome: 'claimed', previous: null });
    const seen = (await listPendingCases(other.id, {}, 1000)).items.find((c) => c.id === p.caseId);
    expect(seen).toMatchObject({ claimedBy: supervisor.id, claimedByName: supervisor.displayName });
    expect(await claimCase(p.caseId, other.id, 'release')).toEqual({ outcome: 'not_yours' });
    expect(await claimCase(p.caseId, other.id, 'claim')).toEqual({ outcome: 'claimed', previous: supervisor.id });
    // The first claimant can still decide.
    expect(await decideCase(p.caseId, supervisor.id, 'approve', null, null)).toMatchObject({ outcome: 'decided', state: 'completed' });
    expect(await claimCase(p.caseId, other.id, 'release')).toEqual({ outcome: 'not_pending' });
    const kinds = await sql<{ kind: string }[]>`SELECT kind FROM case_events WHERE case_id = ${p.caseId} AND kind LIKE 'case.claim%' ORDER BY created_at`;
    expect(kinds.map((k) => k.kind)).toEqual(['case.claimed', 'case.claimed']);
  });
});

describe('the maker’s live cases', () => {
  it('stream only to the session’s own teller: another teller gets a 404 (audited), signed out a 401', async () => {
    const p = await pendingTransfer();
    const other = await makeUser('teller');
    const get = (sid: string | null) => {
      actAs(sid);
      const controller = new AbortController();
      return { res: sessionCaseEvents(new Request(`http://localhost/api/sessions/${p.sessionId}/cases/events`, { signal: controller.signal }), { params: Promise.resolve({ sessionId: p.sessionId }) }), controller };
    };
    expect((await get(null).res).status).toBe(401);
    const seq = await maxAuditSeq();
    expect((await get(other.sid).res).status).toBe(404);
    expect(await auditSince(seq)).toEqual([expect.objectContaining({ actor_id: other.id, outcome: 'denied' })]);
    const mine = get(teller.sid);
    const res = await mine.res;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    mine.controller.abort();
  });
});

describe('the queue', () => {
  it('pages by keyset in SLA order without gaps or repeats, and filters by type and overdue', async () => {
    const viewer = await makeUser('supervisor');
    for (let i = 0; i < 5; i++) await pendingTransfer(100 + i);
    const all = (await listPendingCases(viewer.id, {}, 10_000)).items.map((c) => c.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page = await listPendingCases(viewer.id, { after: parseQueueCursor(cursor) }, 3);
      paged.push(...page.items.map((c) => c.id));
      if (!page.next) break;
      cursor = page.next;
    }
    expect(paged).toEqual(all);
    expect(parseQueueCursor('garbage')).toBeUndefined();

    const s = await sessionWithAccount(teller.id);
    await db.transaction(async (tx) => {
      await postTransaction(tx, { kind: 'opening', description: 'test', createdBy: null, legs: [{ accountId: s.account.id, amount: 100_000 }, { accountId: await internalAccountId(tx, 'opening'), amount: -100_000 }] });
    });
    const payout = await submitPayout(s.sessionId, teller.id, { fromAccountId: s.account.id, amountFen: 10_000, branch: 'gz_tianhe', idempotencyKey: randomUUID() });
    const payouts = (await listPendingCases(viewer.id, { type: 'payout' }, 10_000)).items;
    expect(payouts.map((c) => c.id)).toContain(payout.id);
    expect(payouts.every((c) => c.type === 'payout')).toBe(true);
    await sql`UPDATE cases SET sla_due_at = now() - interval '1 minute' WHERE id = ${payout.id}`;
    const overdue = (await listPendingCases(viewer.id, { overdueOnly: true }, 10_000)).items;
    expect(overdue.map((c) => c.id)).toContain(payout.id);
    expect(overdue.every((c) => c.overdue)).toBe(true);
  });

  it('announces every change of a case to every listener on the database (the live queue across instances)', async () => {
    const seen: string[] = [];
    const stop = await onChannel('cases', (id) => seen.push(id));
    try {
      const p = await pendingTransfer();
      await claimCase(p.caseId, supervisor.id, 'claim');
      await decideCase(p.caseId, supervisor.id, 'approve', null, null);
      // Each payload names the case and its session.
      await expect.poll(() => seen.filter((x) => x === `${p.caseId}:${p.sessionId}`).length).toBeGreaterThanOrEqual(3);
    } finally {
      stop();
    }
  });
});
