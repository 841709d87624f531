import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { latestAssessment } from '@/db/queries/risk';
import { decryptPii } from '@/lib/crypto/pii';
import { action } from './actions';
import { freshIdNumber, freshMobile, makeUser, verifiedSession, type TestUser } from './factories';
import { actAs, auditSince, businessChecksums, maxAuditSeq } from './helpers';

let teller: TestUser;
let supervisor: TestUser;
beforeAll(async () => {
  [teller, supervisor] = await Promise.all([makeUser('teller'), makeUser('supervisor')]);
});

const idOf = (r: unknown) => (r as { data: { id: string } }).data.id;
const messages = (sessionId: string) =>
  sql<{ channel: string; template: string }[]>`SELECT channel::text AS channel, template FROM outbox_messages WHERE session_id = ${sessionId} AND template <> 'otp' ORDER BY channel::text, template`;
const caseOf = async (caseId: string) =>
  (await sql<{ type: string; state: string; maker_id: string; customer_id: string; session_id: string; target: string; required_level: number; payload_enc: string }[]>`
    SELECT type, state, maker_id, customer_id, session_id, target, required_level, payload_enc FROM cases WHERE id = ${caseId}`)[0]!;
const payloadOf = async (caseId: string) => JSON.parse(decryptPii((await caseOf(caseId)).payload_enc)) as { kind: string; old: string; new: string; reason: string | null };
const caseEvents = async (caseId: string) => (await sql<{ kind: string }[]>`SELECT kind FROM case_events WHERE case_id = ${caseId} ORDER BY created_at, kind`).map((e) => e.kind);
const approve = (caseId: string) => action('case.decide')(null, { caseId, decision: 'approve' });

describe('an identity change is a case under dual control', () => {
  it('a name change: requested with its reason, nothing changes until a supervisor approves; then the record, the history and the notice', async () => {
    const s = await verifiedSession(teller.id);
    actAs(teller.sid);
    const key = randomUUID();
    expect(await action('changeRequest.name')(null, { sessionId: s.sessionId, newName: '新名字', newNameConfirm: '新名子', reason: '户籍更名', idempotencyKey: key })).toMatchObject({
      ok: false,
      fieldErrors: { newNameConfirm: ['errors.confirmMismatch'] },
    });
    // The form's key is required: without it nothing is submitted.
    expect(await action('changeRequest.name')(null, { sessionId: s.sessionId, newName: '新名字', newNameConfirm: '新名字', reason: '户籍更名' })).toMatchObject({
      ok: false,
      fieldErrors: { idempotencyKey: expect.any(Array) },
    });
    const seq = await maxAuditSeq();
    const r = await action('changeRequest.name')(null, { sessionId: s.sessionId, newName: '新名字', newNameConfirm: '新名字', reason: '户籍更名', idempotencyKey: key });
    expect(r).toMatchObject({ ok: true, message: 'cases.submitted', data: { state: 'pending_approval' } });
    const caseId = idOf(r);
    expect(await auditSince(seq)).toMatchObject([{ action: 'changeRequest.name', outcome: 'ok', actor_id: teller.id, entity_id: caseId }]);
    expect((await sql`SELECT entity_type FROM audit_events WHERE seq > ${seq}`)[0]!.entity_type).toBe('case');
    expect((await sql`SELECT name FROM customers WHERE id = ${s.customer.id}`)[0]!.name).toBe(s.customer.fullName);
    expect(await caseOf(caseId)).toMatchObject({
      type: 'change_name', state: 'pending_approval', maker_id: teller.id, customer_id: s.customer.id, session_id: s.sessionId, target: `customer:${s.customer.id}:change_name`, required_level: 1,
    });
    // The old and the new value travel sealed in the case.
    expect(await payloadOf(caseId)).toEqual({ kind: 'change_name', old: s.customer.fullName, new: '新名字', reason: '户籍更名' });
    expect(JSON.stringify(await sql`SELECT * FROM cases WHERE id = ${caseId}`)).not.toContain('新名字');

    // The same key again (a double click, a retry): the same case, nothing new.
    const again = await action('changeRequest.name')(null, { sessionId: s.sessionId, newName: '新名字', newNameConfirm: '新名字', reason: '户籍更名', idempotencyKey: key });
    expect(again).toMatchObject({ ok: true, message: 'cases.alreadySubmitted', data: { id: caseId, state: 'pending_approval' } });
    expect(await sql`SELECT id FROM cases WHERE customer_id = ${s.customer.id}`).toEqual([{ id: caseId }]);

    actAs(supervisor.sid);
    expect(await approve(caseId)).toMatchObject({ ok: true, data: { state: 'completed' }, message: 'cases.approvedExecuted' });
    expect((await sql`SELECT name FROM customers WHERE id = ${s.customer.id}`)[0]!.name).toBe('新名字');
    expect((await caseOf(caseId)).state).toBe('completed');
    expect(await caseEvents(caseId)).toEqual(expect.arrayContaining(['decision.approve', 'case.approve', 'case.execute', 'case.complete']));
    const changes = await sql`SELECT field, old_masked, new_masked, request_id, case_id, changed_by, approved_by FROM customer_changes WHERE customer_id = ${s.customer.id}`;
    expect(changes).toEqual([{ field: 'name', old_masked: s.customer.fullName, new_masked: '新名字', request_id: null, case_id: caseId, changed_by: teller.id, approved_by: supervisor.id }]);
    expect(await messages(s.sessionId)).toEqual([
      { channel: 'in_app', template: 'identityChanged' },
      { channel: 'sms', template: 'identityChanged' },
    ]);
  });

  it('a mobile change: applied on approval, the new number told and the old one warned', async () => {
    const s = await verifiedSession(teller.id);
    const newMobile = freshMobile();
    actAs(teller.sid);
    const r = await action('changeRequest.create')(null, { sessionId: s.sessionId, newMobile, idempotencyKey: randomUUID() });
    expect(r).toMatchObject({ ok: true, message: 'cases.submitted', data: { state: 'pending_approval' } });
    expect(await payloadOf(idOf(r))).toEqual({ kind: 'change_mobile', old: s.customer.mobile, new: newMobile, reason: null });
    expect(decryptPii((await sql`SELECT mobile_enc FROM customers WHERE id = ${s.customer.id}`)[0]!.mobile_enc)).toBe(s.customer.mobile);

    actAs(supervisor.sid);
    expect(await approve(idOf(r))).toMatchObject({ ok: true, data: { state: 'completed' } });
    expect(decryptPii((await sql`SELECT mobile_enc FROM customers WHERE id = ${s.customer.id}`)[0]!.mobile_enc)).toBe(newMobile);
    const [change] = await sql`SELECT field, case_id, request_id, changed_by, approved_by FROM customer_changes WHERE customer_id = ${s.customer.id}`;
    expect(change).toEqual({ field: 'mobile', case_id: idOf(r), request_id: null, changed_by: teller.id, approved_by: supervisor.id });
    const sent = await sql`SELECT channel::text AS channel, template, recipient_last4 FROM outbox_messages WHERE session_id = ${s.sessionId} AND template <> 'otp' ORDER BY template, channel::text`;
    expect(sent).toEqual([
      { channel: 'in_app', template: 'mobileChanged', recipient_last4: '' },
      { channel: 'sms', template: 'mobileChanged', recipient_last4: newMobile.slice(-4) },
      { channel: 'sms', template: 'mobileChangedNotice', recipient_last4: s.customer.mobile.slice(-4) },
    ]);
  });

  it('a rejected change changes nothing and the customer hears the outcome and its category only', async () => {
    const s = await verifiedSession(teller.id);
    actAs(teller.sid);
    const r = await action('changeRequest.name')(null, { sessionId: s.sessionId, newName: '冒名', newNameConfirm: '冒名', reason: '来电要求', idempotencyKey: randomUUID() });
    actAs(supervisor.sid);
    // A refusal needs its reason and the supervisor's opinion.
    expect(await action('case.decide')(null, { caseId: idOf(r), decision: 'reject' })).toMatchObject({
      ok: false, fieldErrors: { reasonCode: ['errors.reasonCodeRequired'], opinion: ['errors.opinionRequired'] },
    });
    expect((await caseOf(idOf(r))).state).toBe('pending_approval');
    expect(await action('case.decide')(null, { caseId: idOf(r), decision: 'reject', reasonCode: 'verification_doubt', opinion: '无户籍证明' })).toMatchObject({
      ok: true, data: { state: 'rejected' }, message: 'cases.rejected',
    });
    expect((await sql`SELECT name FROM customers WHERE id = ${s.customer.id}`)[0]!.name).toBe(s.customer.fullName);
    expect(await sql`SELECT 1 FROM customer_changes WHERE customer_id = ${s.customer.id}`).toHaveLength(0);
    expect((await caseOf(idOf(r))).state).toBe('rejected');
    expect(await messages(s.sessionId)).toEqual([
      { channel: 'in_app', template: 'businessRejected' },
      { channel: 'sms', template: 'businessRejected' },
    ]);
    const [sms] = await sql`SELECT body_enc FROM outbox_messages WHERE session_id = ${s.sessionId} AND channel = 'sms' AND template = 'businessRejected'`;
    const body = decryptPii(sms!.body_enc);
    expect(body).toContain('变更姓名');
    expect(body).toContain('身份核实未通过');
    expect(body).not.toContain('无户籍证明');
    // A decided case stays decided.
    expect(await approve(idOf(r))).toMatchObject({ ok: false, message: expect.stringMatching(/^errors\.caseDecided/) });
  });

  it('a date of birth follows a document that carries it; for a passport holder it can be corrected', async () => {
    const resident = await verifiedSession(teller.id);
    actAs(teller.sid);
    const before = await businessChecksums();
    expect(await action('changeRequest.birthDate')(null, { sessionId: resident.sessionId, newBirthDate: '1980-01-01', reason: '更正', idempotencyKey: randomUUID() })).toMatchObject({
      ok: false,
      fieldErrors: { newBirthDate: ['errors.birthDateFromDocument'] },
    });
    expect(await businessChecksums()).toEqual(before);
    const foreigner = await verifiedSession(teller.id, 'passport');
    const r = await action('changeRequest.birthDate')(null, { sessionId: foreigner.sessionId, newBirthDate: '1979-05-15', reason: '护照信息更正', idempotencyKey: randomUUID() });
    expect(r).toMatchObject({ ok: true, data: { state: 'pending_approval' } });
    expect((await sql`SELECT to_char(birth_date, 'YYYY-MM-DD') AS d FROM customers WHERE id = ${foreigner.customer.id}`)[0]!.d).toBe('1979-03-15');
    actAs(supervisor.sid);
    expect(await approve(idOf(r))).toMatchObject({ ok: true, data: { state: 'completed' } });
    expect((await sql`SELECT to_char(birth_date, 'YYYY-MM-DD') AS d FROM customers WHERE id = ${foreigner.customer.id}`)[0]!.d).toBe('1979-05-15');
    expect((await sql`SELECT old_masked, new_masked, case_id, approved_by FROM customer_changes WHERE customer_id = ${foreigner.customer.id}`)).toEqual([
      { old_masked: '1979-**-**', new_masked: '1979-**-**', case_id: idOf(r), approved_by: supervisor.id },
    ]);
    expect(await latestAssessment(foreigner.customer.id)).toMatchObject({ trigger: 'change', assessedBy: supervisor.id });
  });

  it('a document another customer holds is refused at the field', async () => {
    const a = await verifiedSession(teller.id);
    const b = await verifiedSession(teller.id);
    actAs(teller.sid);
    const before = await businessChecksums();
    expect(
      await action('changeRequest.document')(null, {
        sessionId: a.sessionId, documentType: 'resident_id', newIdNumber: b.customer.idNumber, newIdNumberConfirm: b.customer.idNumber, longTerm: 'on', reason: '证件更换', idempotencyKey: randomUUID(),
      }),
    ).toMatchObject({ ok: false, message: 'errors.documentTaken', fieldErrors: { newIdNumber: ['errors.documentTakenField'] } });
    expect(await businessChecksums()).toEqual(before);
  });

  it('a document registered to another customer while the change waited is refused at approval; nothing changes', async () => {
    const a = await verifiedSession(teller.id);
    const b = await verifiedSession(teller.id);
    const newId = await freshIdNumber();
    const change = (sessionId: string) =>
      action('changeRequest.document')(null, { sessionId, documentType: 'resident_id', newIdNumber: newId, newIdNumberConfirm: newId, longTerm: 'on', reason: '证件号码更正', idempotencyKey: randomUUID() });
    actAs(teller.sid);
    const forA = await change(a.sessionId);
    const forB = await change(b.sessionId);
    expect([forA, forB]).toMatchObject([{ ok: true }, { ok: true }]);
    actAs(supervisor.sid);
    expect(await approve(idOf(forB))).toMatchObject({ ok: true, data: { state: 'completed' } });
    const before = await businessChecksums();
    expect(await approve(idOf(forA))).toMatchObject({ ok: false, message: 'errors.documentTaken' });
    expect(await businessChecksums()).toEqual(before);
    expect((await caseOf(idOf(forA))).state).toBe('pending_approval');
    expect(decryptPii((await sql`SELECT id_number_enc FROM customers WHERE id = ${a.customer.id}`)[0]!.id_number_enc)).toBe(a.customer.idNumber);
  });
});

describe('periodic review (定期复核)', () => {
  it('an expired document blocks high-risk business until a renewed document is approved', async () => {
    const s = await verifiedSession(teller.id);
    await sql`UPDATE customers SET document_expiry = current_date - 5 WHERE id = ${s.customer.id}`;
    actAs(teller.sid);
    const before = await businessChecksums();
    expect(await action('changeRequest.create')(null, { sessionId: s.sessionId, newMobile: freshMobile(), idempotencyKey: randomUUID() })).toMatchObject({ ok: false, message: 'errors.documentExpiredBlocked' });
    expect(await businessChecksums()).toEqual(before);
    // The renewal itself stays open: same number, new end date.
    const renewed = await action('changeRequest.document')(null, {
      sessionId: s.sessionId, documentType: 'resident_id', newIdNumber: s.customer.idNumber, newIdNumberConfirm: s.customer.idNumber, documentExpiry: '2040-12-31', reason: '证件到期换领', idempotencyKey: randomUUID(),
    });
    expect(renewed).toMatchObject({ ok: true, data: { state: 'pending_approval' } });
    actAs(supervisor.sid);
    expect(await approve(idOf(renewed))).toMatchObject({ ok: true, data: { state: 'completed' } });
    expect((await sql`SELECT to_char(document_expiry, 'YYYY-MM-DD') AS d FROM customers WHERE id = ${s.customer.id}`)[0]!.d).toBe('2040-12-31');
    const [change] = await sql`SELECT field, new_masked, case_id FROM customer_changes WHERE customer_id = ${s.customer.id} AND field = 'document'`;
    expect(change).toEqual({ field: 'document', new_masked: `resident_id **************${s.customer.idNumber.slice(-4)} 2040-12-31`, case_id: idOf(renewed) });
    expect(await latestAssessment(s.customer.id)).toMatchObject({ trigger: 'change' });
    // A change uses up the verification behind it: a new contact, verified again, may now change the mobile.
    const again = await verifiedSession(teller.id);
    await sql`UPDATE service_sessions SET customer_id = ${s.customer.id} WHERE id = ${again.sessionId}`;
    await sql`UPDATE verifications SET customer_id = ${s.customer.id} WHERE session_id = ${again.sessionId}`;
    actAs(teller.sid);
    expect(await action('changeRequest.create')(null, { sessionId: again.sessionId, newMobile: freshMobile(), idempotencyKey: randomUUID() })).toMatchObject({ ok: true, data: { state: 'pending_approval' } });
  });

  it('a new document number is re-sealed with its blind index and last 4, and is nowhere in clear', async () => {
    const s = await verifiedSession(teller.id);
    const newId = await freshIdNumber();
    actAs(teller.sid);
    const r = await action('changeRequest.document')(null, {
      sessionId: s.sessionId, documentType: 'resident_id', newIdNumber: newId, newIdNumberConfirm: newId, longTerm: 'on', reason: '证件号码更正', idempotencyKey: randomUUID(),
    });
    expect(r).toMatchObject({ ok: true });
    actAs(supervisor.sid);
    expect(await approve(idOf(r))).toMatchObject({ ok: true, data: { state: 'completed' } });
    const [row] = await sql`SELECT id_number_enc, id_number_last4 FROM customers WHERE id = ${s.customer.id}`;
    expect(decryptPii(row!.id_number_enc)).toBe(newId);
    expect(row!.id_number_last4).toBe(newId.slice(-4));
    expect(JSON.stringify(await sql`SELECT * FROM cases WHERE id = ${idOf(r)}`)).not.toContain(newId);
    expect(JSON.stringify(await sql`SELECT * FROM case_events WHERE case_id = ${idOf(r)}`)).not.toContain(newId);
    expect(JSON.stringify(await sql`SELECT * FROM customer_changes WHERE customer_id = ${s.customer.id}`)).not.toContain(newId);
    expect(JSON.stringify(await sql`SELECT details FROM audit_events WHERE entity_id = ${idOf(r)}`)).not.toContain(newId);
  });
});

describe('contact details need a review step only', () => {
  it('refused without the review tick; applied at once with history, a notice, and a new assessment when the occupation changes', async () => {
    const s = await verifiedSession(teller.id);
    actAs(teller.sid);
    expect(await action('customer.updateContact')(null, { sessionId: s.sessionId, address: '北京市朝阳区建国路 1 号' })).toMatchObject({ ok: false, fieldErrors: { reviewed: ['errors.reviewRequired'] } });
    expect(await action('customer.updateContact')(null, { sessionId: s.sessionId, reviewed: 'on' })).toMatchObject({ ok: false, message: 'errors.nothingChanged' });
    const r = await action('customer.updateContact')(null, { sessionId: s.sessionId, address: '北京市朝阳区建国路 1 号', email: 'Li.Si@Example.com', occupation: 'precious_metals_dealer', reviewed: 'on' });
    expect(r).toMatchObject({ ok: true, message: 'teller.contactUpdated', data: { fields: ['address', 'email', 'occupation'] } });
    const [row] = await sql`SELECT address_enc, address_masked, email_masked, occupation FROM customers WHERE id = ${s.customer.id}`;
    expect(decryptPii(row!.address_enc)).toBe('北京市朝阳区建国路 1 号');
    expect(row).toMatchObject({ address_masked: '北京市朝阳区****', email_masked: 'l***@example.com', occupation: 'precious_metals_dealer' });
    const history = await sql`SELECT field, old_masked, new_masked, approved_by, case_id FROM customer_changes WHERE customer_id = ${s.customer.id} ORDER BY field`;
    expect(history).toEqual([
      { field: 'address', old_masked: '上海市黄浦区****', new_masked: '北京市朝阳区****', approved_by: null, case_id: null },
      { field: 'email', old_masked: null, new_masked: 'l***@example.com', approved_by: null, case_id: null },
      { field: 'occupation', old_masked: 'office_clerk', new_masked: 'precious_metals_dealer', approved_by: null, case_id: null },
    ]);
    // No case: contact details need no approval.
    expect(await sql`SELECT id FROM cases WHERE customer_id = ${s.customer.id}`).toEqual([]);
    expect((await messages(s.sessionId)).map((m) => `${m.channel}:${m.template}`)).toEqual(['email:contactChanged', 'in_app:contactChanged', 'sms:contactChanged']);
    expect(await latestAssessment(s.customer.id)).toMatchObject({ trigger: 'change', score: 30, computedLevel: 'medium' });
  });
});
