import { beforeAll, describe, expect, it } from 'vitest';
import { action } from './actions';
import { makeCustomer, makeUser, pendingRequest, type TestCustomer, type TestUser } from './factories';
import { actAs, auditSince, businessChecksums, maxAuditSeq } from './helpers';

let supervisor: TestUser;
let teller: TestUser;
let customer: TestCustomer;

beforeAll(async () => {
  supervisor = await makeUser('supervisor');
  teller = await makeUser('teller');
  // A customer in front of the supervisor: their request awaits a decision.
  customer = (await pendingRequest(teller.id)).customer;
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

  it("is refused for a customer who is not in front of the supervisor (no pending request, no contact handed to them)", async () => {
    const stranger = await makeCustomer();
    actAs(supervisor.sid);
    const seq = await maxAuditSeq();
    const r = await action('customer.reveal')(null, { customerId: stranger.id, field: 'idNumber', reason: '随便看看客户资料' });
    expect(r).toMatchObject({ ok: false, message: 'errors.notFound' });
    expect(JSON.stringify(r)).not.toContain(stranger.idNumber);
    expect(await auditSince(seq)).toMatchObject([{ action: 'customer.reveal', outcome: 'denied', entity_id: stranger.id }]);
  });
});

describe("revealing a pending request's value to its checker", () => {
  it('the checker sees the requested mobile in full, audited with the reason; once decided it is refused', async () => {
    const p = await pendingRequest(teller.id);
    actAs(supervisor.sid);
    const seq = await maxAuditSeq();
    const r = await action('changeRequest.reveal')(null, { requestId: p.requestId, side: 'new', reason: '与客户提交的申请书核对' });
    expect(r).toMatchObject({ ok: true, data: { value: p.newMobile } });
    const audit = await auditSince(seq);
    expect(audit).toMatchObject([{ action: 'changeRequest.reveal', outcome: 'ok', entity_id: p.requestId, details: { side: 'new', reason: '与客户提交的申请书核对' } }]);
    expect(JSON.stringify(audit)).not.toContain(p.newMobile);
    // Decided: nothing left to check, so nothing to reveal.
    expect(await action('changeRequest.decide')(null, { requestId: p.requestId, decision: 'approved' })).toMatchObject({ ok: true });
    const before = await businessChecksums();
    expect(await action('changeRequest.reveal')(null, { requestId: p.requestId, side: 'new', reason: '决定后再看' })).toMatchObject({ ok: false, message: 'errors.notFound' });
    expect(await businessChecksums()).toEqual(before);
  });
});
