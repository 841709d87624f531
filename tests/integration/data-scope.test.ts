import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { changeStaffRole } from '@/db/queries/staff';
import { createStaffSession } from '@/db/queries/staff-sessions';
import { action } from './actions';
import { endedSession, passLadder, freshIdNumber, freshMobile, makeUser, pendingMobileChange, verifiedSession, type TestUser } from './factories';
import { actAs, businessChecksums, confirmed } from './helpers';

// The right role is not enough: a teller works only in their own open sessions, and unknown ids are refused.
let owner: TestUser;
let other: TestUser;
let target: Awaited<ReturnType<typeof pendingMobileChange>>;

beforeAll(async () => {
  [owner, other] = await Promise.all([makeUser('teller'), makeUser('teller')]);
  // A session with a mobile change awaiting a supervisor; its ladder is passed again, so only the owner stands between.
  target = await pendingMobileChange(owner.id);
  await passLadder(target, owner.id);
});

async function expectRefusal(run: () => Promise<unknown>, message: string) {
  const before = await businessChecksums();
  expect(await run()).toMatchObject({ ok: false, message });
  expect(await businessChecksums()).toEqual(before);
}

describe("another teller's session", () => {
  it.each([
    ['customer.create', () => confirmed({ sessionId: target.sessionId, name: '外人', idNumber: '', mobile: freshMobile() })],
    ['customer.attach', () => ({ sessionId: target.sessionId, customerId: target.customer.id })],
    ['verification.basic', () => ({ sessionId: target.sessionId, name: target.customer.fullName, idNumber: target.customer.idNumber, mobile: target.customer.mobile })],
    ['changeRequest.create', () => ({ sessionId: target.sessionId, newMobile: freshMobile(), idempotencyKey: randomUUID() })],
    ['changeRequest.name', () => ({ sessionId: target.sessionId, newName: '外人改名', newNameConfirm: '外人改名', reason: '越权测试', idempotencyKey: randomUUID() })],
    ['changeRequest.document', () => ({ sessionId: target.sessionId, documentType: 'passport', newIdNumber: 'E12345678', newIdNumberConfirm: 'E12345678', documentExpiry: '2033-01-01', reason: '越权测试', idempotencyKey: randomUUID() })],
    ['changeRequest.birthDate', () => ({ sessionId: target.sessionId, newBirthDate: '1980-01-01', reason: '越权测试', idempotencyKey: randomUUID() })],
    ['customer.updateContact', () => ({ sessionId: target.sessionId, address: '越权地址', reviewed: 'on' })],
    ['session.end', () => ({ sessionId: target.sessionId, outcome: 'dropped', satisfaction: 'declined' })],
  ] as const)('%s is refused and changes nothing', async (name, payload) => {
    actAs(other.sid);
    const body: Record<string, unknown> = payload();
    if (name === 'customer.create') body.idNumber = body.idNumberConfirm = await freshIdNumber();
    await expectRefusal(() => action(name)(null, body), 'errors.sessionNotOpen');
  });

  it("the mobile change case in it cannot be withdrawn by another teller", async () => {
    actAs(other.sid);
    await expectRefusal(() => action('case.cancel')(null, { caseId: target.caseId }), 'errors.notYourCase');
    expect(await sql`SELECT state FROM cases WHERE id = ${target.caseId}`).toEqual([{ state: 'pending_approval' }]);
  });

  it('the owner can still work in it', async () => {
    actAs(owner.sid);
    expect(await action('session.end')(null, { sessionId: target.sessionId, outcome: 'resolved', satisfaction: '4' })).toMatchObject({ ok: true });
    const [row] = await sql`SELECT status FROM service_sessions WHERE id = ${target.sessionId}`;
    expect(row!.status).toBe('ended');
  });
});

describe('unknown or unsuitable ids', () => {
  it('a customer, a request, a case, a session or a staff member that does not exist', async () => {
    const [supervisor, qc, admin] = await Promise.all([makeUser('supervisor'), makeUser('qc'), makeUser('admin')]);
    actAs(owner.sid);
    const { sessionId, caseId } = await pendingMobileChange(owner.id);
    await expectRefusal(() => action('customer.attach')(null, { sessionId, customerId: randomUUID() }), 'errors.notFound');
    await expectRefusal(() => action('case.cancel')(null, { caseId: randomUUID() }), 'errors.notFound');
    actAs(supervisor.sid);
    await expectRefusal(() => action('changeRequest.decide')(null, { requestId: randomUUID(), decision: 'approved' }), 'errors.notFound');
    // A customer's information change is a case now: not a request the risk-override decision can reach.
    await expectRefusal(() => action('changeRequest.decide')(null, { requestId: caseId, decision: 'approved' }), 'errors.notFound');
    await expectRefusal(() => action('case.decide')(null, { caseId: randomUUID(), decision: 'approve' }), 'errors.notFound');
    await expectRefusal(() => action('case.reveal')(null, { caseId: randomUUID(), side: 'new', reason: '核对客户提交的材料' }), 'errors.notFound');
    actAs(qc.sid);
    await expectRefusal(
      () => action('inspection.submit')(null, { sessionId: randomUUID(), r_greeting: 'yes', r_attitude: '5' }),
      'errors.notFound',
    );
    actAs(admin.sid);
    await expectRefusal(() => action('staff.changeRole')(null, { staffId: randomUUID(), role: 'qc' }), 'errors.notFound');
    await expectRefusal(() => action('staff.setActive')(null, { staffId: randomUUID(), active: 'false' }), 'errors.notFound');
    await expectRefusal(() => action('staff.resetPassword')(null, { staffId: randomUUID(), password: 'Welcome-to-Counter-9' }), 'errors.notFound');
  });

  it('a customer who already exists is not created twice (a session that has its customer takes no other)', async () => {
    const { sessionId, customer } = await pendingMobileChange(owner.id);
    actAs(owner.sid);
    await expectRefusal(
      () => action('customer.create')(null, confirmed({ sessionId, name: customer.fullName, idNumber: customer.idNumber.toLowerCase(), mobile: freshMobile() })),
      'errors.customerAlreadyIdentified',
    );
  });

  it('a mobile change to the same number is refused', async () => {
    const { sessionId, customer } = await verifiedSession(owner.id);
    actAs(owner.sid);
    await expectRefusal(() => action('changeRequest.create')(null, { sessionId, newMobile: customer.mobile, idempotencyKey: randomUUID() }), 'errors.sameMobile');
  });

  it('a session that is already inspected, or inspected by its own teller promoted to QC, is refused', async () => {
    const sessionId = await endedSession(owner.id);
    const qc = await makeUser('qc');
    actAs(qc.sid);
    // The default scorecard, rated as the record answers (no business, the customer never confirmed): applicable 65
    // (verification, supplement and risk disclosure N/A), earned 55 (the confirmation missed) -> 85.
    const ratings = {
      r_greeting: 'yes', r_identity_statement: 'yes', r_verification_before_request: 'na', r_confirmation: 'no', r_data_accuracy: '5', r_supplement_followed: 'na',
      r_completeness: 'yes', r_risk_disclosure: 'na', r_attitude: '5', r_closed_with_outcome: 'yes', r_closing_words: 'yes',
    };
    expect(await action('inspection.submit')(null, { sessionId, ...ratings })).toMatchObject({ ok: true, data: { score: 85 } });
    await expectRefusal(() => action('inspection.submit')(null, { sessionId, ...ratings }), 'errors.alreadyInspected');

    const teller = await makeUser('teller');
    const own = await endedSession(teller.id);
    await changeStaffRole(teller.id, 'qc');
    actAs(await createStaffSession(teller.id));
    await expectRefusal(() => action('inspection.submit')(null, { sessionId: own, ...ratings }), 'errors.ownSession');
  });
});
