import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { requestNameChange } from '@/lib/customers/info-change';
import { action } from './actions';
import { makeCustomer, makeUser, pendingMobileChange, verifiedSession, type TestCustomer, type TestUser } from './factories';
import { actAs, auditSince, businessChecksums, maxAuditSeq } from './helpers';

let supervisor: TestUser;
let teller: TestUser;
let customer: TestCustomer;

beforeAll(async () => {
  supervisor = await makeUser('supervisor');
  teller = await makeUser('teller');
  // A customer in front of the supervisor: their mobile change awaits a decision.
  customer = (await pendingMobileChange(teller.id)).customer;
});

const reveal = (field: string, reason = '核对客户投诉材料') => action('customer.reveal')(null, { customerId: customer.id, field, reason });

describe('revealing a masked personal field', () => {
  it('gives a supervisor the full value, with the reveal audited (who, whose, which field, why) and the value nowhere in the audit', async () => {
    actAs(supervisor.sid);
    const seq = await maxAuditSeq();
    expect(await reveal('idNumber')).toMatchObject({ ok: true, data: { value: customer.idNumber } });
    expect(await reveal('mobile', '客户来电要求核实预留手机号')).toMatchObject({ ok: true, data: { value: customer.mobile } });
    const audit = await auditSince(seq);
    expect(audit).toMatchObject([
      { action: 'customer.reveal', outcome: 'ok', actor_id: supervisor.id, entity_id: customer.id, details: { field: 'idNumber', reason: '核对客户投诉材料' } },
      { action: 'customer.reveal', outcome: 'ok', actor_id: supervisor.id, entity_id: customer.id, details: { field: 'mobile', reason: '客户来电要求核实预留手机号' } },
    ]);
    expect(JSON.stringify(audit)).not.toContain(customer.idNumber);
    expect(JSON.stringify(audit)).not.toContain(customer.mobile);
  });

  it('needs a reason', async () => {
    actAs(supervisor.sid);
    expect(await reveal('idNumber', ' ')).toMatchObject({ ok: false, fieldErrors: { reason: ['errors.revealReasonRequired'] } });
  });

  it('is refused to a teller, who gets no value; the attempt is audited and nothing changes', async () => {
    actAs(teller.sid);
    const before = await businessChecksums();
    const seq = await maxAuditSeq();
    const r = await reveal('idNumber');
    expect(r).toEqual({ ok: false, message: 'errors.forbidden', fieldErrors: {} });
    expect(JSON.stringify(r)).not.toContain(customer.idNumber);
    expect(await auditSince(seq)).toMatchObject([{ action: 'customer.reveal', outcome: 'denied', actor_id: teller.id, entity_id: customer.id, details: { reason: 'role' } }]);
    expect(await businessChecksums()).toEqual(before);
  });

  it("is refused for a customer who is not in front of the supervisor (no case or request pending, no contact handed to them)", async () => {
    const stranger = await makeCustomer();
    actAs(supervisor.sid);
    const seq = await maxAuditSeq();
    const r = await action('customer.reveal')(null, { customerId: stranger.id, field: 'idNumber', reason: '随便看看客户资料' });
    expect(r).toMatchObject({ ok: false, message: 'errors.notFound' });
    expect(JSON.stringify(r)).not.toContain(stranger.idNumber);
    expect(await auditSince(seq)).toMatchObject([{ action: 'customer.reveal', outcome: 'denied', entity_id: stranger.id }]);
  });
});

/** A reveal of one side of a case, as the action takes it. */
const revealCase = (caseId: string, side: 'old' | 'new', reason: string) => action('case.reveal')(null, { caseId, side, reason });

/** A refused reveal: no value, nothing written, the attempt audited as denied against the case. */
async function expectNoReveal(caseId: string, side: 'old' | 'new', secret: string) {
  const before = await businessChecksums();
  const seq = await maxAuditSeq();
  const r = await revealCase(caseId, side, '再核对一次材料');
  expect(r).toMatchObject({ ok: false, message: 'errors.notFound' });
  expect(JSON.stringify(r)).not.toContain(secret);
  expect(await auditSince(seq)).toMatchObject([{ action: 'case.reveal', outcome: 'denied', entity_id: caseId }]);
  expect(await businessChecksums()).toEqual(before);
}

describe("revealing one side of a pending information change to its checker", () => {
  it('the checker sees the requested and the current mobile in full, audited with the reason; once decided it is refused', async () => {
    const p = await pendingMobileChange(teller.id);
    actAs(supervisor.sid);
    const seq = await maxAuditSeq();
    expect(await revealCase(p.caseId, 'new', '与客户提交的申请书核对')).toMatchObject({ ok: true, data: { value: p.newMobile } });
    expect(await revealCase(p.caseId, 'old', '与客户原预留号码核对')).toMatchObject({ ok: true, data: { value: p.customer.mobile } });
    const audit = await auditSince(seq);
    expect(audit).toMatchObject([
      { action: 'case.reveal', outcome: 'ok', actor_id: supervisor.id, entity_id: p.caseId, details: { side: 'new', reason: '与客户提交的申请书核对' } },
      { action: 'case.reveal', outcome: 'ok', actor_id: supervisor.id, entity_id: p.caseId, details: { side: 'old', reason: '与客户原预留号码核对' } },
    ]);
    const rows = await sql<{ entity_type: string }[]>`SELECT entity_type FROM audit_events WHERE seq > ${seq} ORDER BY seq`;
    expect(rows.map((r) => r.entity_type)).toEqual(['case', 'case']);
    expect(JSON.stringify(audit)).not.toContain(p.newMobile);
    expect(JSON.stringify(audit)).not.toContain(p.customer.mobile);
    // Decided: nothing left to check, so nothing to reveal.
    expect(await action('case.decide')(null, { caseId: p.caseId, decision: 'approve' })).toMatchObject({ ok: true, data: { state: 'completed' } });
    await expectNoReveal(p.caseId, 'new', p.newMobile);
  });

  it('is refused to a teller, even the maker', async () => {
    const p = await pendingMobileChange(teller.id);
    actAs(teller.sid);
    const before = await businessChecksums();
    const r = await revealCase(p.caseId, 'new', '与客户提交的申请书核对');
    expect(r).toEqual({ ok: false, message: 'errors.forbidden', fieldErrors: {} });
    expect(JSON.stringify(r)).not.toContain(p.newMobile);
    expect(await businessChecksums()).toEqual(before);
  });

  it('is refused for a rejected or withdrawn case', async () => {
    const rejected = await pendingMobileChange(teller.id);
    actAs(supervisor.sid);
    expect(await action('case.decide')(null, { caseId: rejected.caseId, decision: 'reject', reasonCode: 'verification_doubt', opinion: '无法核实本人' })).toMatchObject({ ok: true });
    await expectNoReveal(rejected.caseId, 'new', rejected.newMobile);
    const withdrawn = await pendingMobileChange(teller.id);
    actAs(teller.sid);
    expect(await action('case.cancel')(null, { caseId: withdrawn.caseId })).toMatchObject({ ok: true });
    actAs(supervisor.sid);
    await expectNoReveal(withdrawn.caseId, 'old', withdrawn.customer.mobile);
  });

  it('is refused for a case type it does not cover (a name change)', async () => {
    const s = await verifiedSession(teller.id);
    const opened = await requestNameChange(s.sessionId, teller.id, { newName: '改名后', reason: '户籍更名', idempotencyKey: randomUUID() });
    expect(opened.state).toBe('pending_approval');
    actAs(supervisor.sid);
    await expectNoReveal(opened.id, 'new', '改名后');
  });

  it("is refused to the case's own maker", async () => {
    // A supervisor who made the case (in a session of their own) is not its checker.
    const maker = await makeUser('supervisor');
    const p = await pendingMobileChange(maker.id);
    actAs(maker.sid);
    await expectNoReveal(p.caseId, 'new', p.newMobile);
    actAs(supervisor.sid);
    expect(await revealCase(p.caseId, 'new', '与客户提交的申请书核对')).toMatchObject({ ok: true, data: { value: p.newMobile } });
  });
});
