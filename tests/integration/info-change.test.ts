import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { latestAssessment } from '@/db/queries/risk';
import { decryptPii } from '@/lib/crypto/pii';
import { action } from './actions';
import { freshIdNumber, freshMobile, makeUser, verifiedSession, type TestUser } from './factories';
import { actAs, businessChecksums } from './helpers';

let teller: TestUser;
let supervisor: TestUser;
beforeAll(async () => {
  [teller, supervisor] = await Promise.all([makeUser('teller'), makeUser('supervisor')]);
});

const idOf = (r: unknown) => (r as { data: { id: string } }).data.id;
const messages = (sessionId: string) =>
  sql<{ channel: string; template: string }[]>`SELECT channel::text AS channel, template FROM outbox_messages WHERE session_id = ${sessionId} AND template <> 'otp' ORDER BY channel::text, template`;

describe('an identity change under dual control', () => {
  it('a name change: requested with its reason, nothing changes until a supervisor approves; then the record, the history and the notice', async () => {
    const s = await verifiedSession(teller.id);
    actAs(teller.sid);
    expect(await action('changeRequest.name')(null, { sessionId: s.sessionId, newName: '新名字', newNameConfirm: '新名子', reason: '户籍更名' })).toMatchObject({
      ok: false,
      fieldErrors: { newNameConfirm: ['errors.confirmMismatch'] },
    });
    const r = await action('changeRequest.name')(null, { sessionId: s.sessionId, newName: '新名字', newNameConfirm: '新名字', reason: '户籍更名' });
    expect(r).toMatchObject({ ok: true, message: 'teller.requestSubmitted' });
    expect((await sql`SELECT name FROM customers WHERE id = ${s.customer.id}`)[0]!.name).toBe(s.customer.fullName);
    const [request] = await sql`SELECT type, reason, old_value_enc, new_value_enc FROM change_requests WHERE id = ${idOf(r)}`;
    expect(request).toMatchObject({ type: 'change_name', reason: '户籍更名' });
    expect([decryptPii(request!.old_value_enc), decryptPii(request!.new_value_enc)]).toEqual([s.customer.fullName, '新名字']);

    actAs(supervisor.sid);
    expect(await action('changeRequest.decide')(null, { requestId: idOf(r), decision: 'approved' })).toMatchObject({ ok: true });
    expect((await sql`SELECT name FROM customers WHERE id = ${s.customer.id}`)[0]!.name).toBe('新名字');
    const [change] = await sql`SELECT field, old_masked, new_masked, request_id, changed_by, approved_by FROM customer_changes WHERE customer_id = ${s.customer.id}`;
    expect(change).toEqual({ field: 'name', old_masked: s.customer.fullName, new_masked: '新名字', request_id: idOf(r), changed_by: teller.id, approved_by: supervisor.id });
    expect(await messages(s.sessionId)).toEqual([
      { channel: 'in_app', template: 'identityChanged' },
      { channel: 'sms', template: 'identityChanged' },
    ]);
  });

  it('a rejected change changes nothing and the customer hears the outcome only', async () => {
    const s = await verifiedSession(teller.id);
    actAs(teller.sid);
    const r = await action('changeRequest.name')(null, { sessionId: s.sessionId, newName: '冒名', newNameConfirm: '冒名', reason: '来电要求' });
    actAs(supervisor.sid);
    expect(await action('changeRequest.decide')(null, { requestId: idOf(r), decision: 'rejected', reason: '无户籍证明' })).toMatchObject({ ok: true });
    expect((await sql`SELECT name FROM customers WHERE id = ${s.customer.id}`)[0]!.name).toBe(s.customer.fullName);
    expect(await sql`SELECT 1 FROM customer_changes WHERE customer_id = ${s.customer.id}`).toHaveLength(0);
    expect((await messages(s.sessionId)).map((m) => m.template)).toEqual(['changeRejected', 'changeRejected']);
  });

  it('a date of birth follows a document that carries it; for a passport holder it can be corrected', async () => {
    const resident = await verifiedSession(teller.id);
    actAs(teller.sid);
    const before = await businessChecksums();
    expect(await action('changeRequest.birthDate')(null, { sessionId: resident.sessionId, newBirthDate: '1980-01-01', reason: '更正' })).toMatchObject({
      ok: false,
      fieldErrors: { newBirthDate: ['errors.birthDateFromDocument'] },
    });
    expect(await businessChecksums()).toEqual(before);
    const foreigner = await verifiedSession(teller.id, 'passport');
    const r = await action('changeRequest.birthDate')(null, { sessionId: foreigner.sessionId, newBirthDate: '1979-05-15', reason: '护照信息更正' });
    actAs(supervisor.sid);
    expect(await action('changeRequest.decide')(null, { requestId: idOf(r), decision: 'approved' })).toMatchObject({ ok: true });
    expect((await sql`SELECT to_char(birth_date, 'YYYY-MM-DD') AS d FROM customers WHERE id = ${foreigner.customer.id}`)[0]!.d).toBe('1979-05-15');
    expect((await sql`SELECT old_masked, new_masked FROM customer_changes WHERE customer_id = ${foreigner.customer.id}`)[0]).toEqual({ old_masked: '1979-**-**', new_masked: '1979-**-**' });
    expect(await latestAssessment(foreigner.customer.id)).toMatchObject({ trigger: 'change' });
  });

  it("a document another customer holds is refused at the field", async () => {
    const a = await verifiedSession(teller.id);
    const b = await verifiedSession(teller.id);
    actAs(teller.sid);
    expect(
      await action('changeRequest.document')(null, { sessionId: a.sessionId, documentType: 'resident_id', newIdNumber: b.customer.idNumber, newIdNumberConfirm: b.customer.idNumber, longTerm: 'on', reason: '证件更换' }),
    ).toMatchObject({ ok: false, message: 'errors.documentTaken', fieldErrors: { newIdNumber: ['errors.documentTakenField'] } });
  });
});

describe('periodic review (定期复核)', () => {
  it('an expired document blocks high-risk business until a renewed document is approved', async () => {
    const s = await verifiedSession(teller.id);
    await sql`UPDATE customers SET document_expiry = current_date - 5 WHERE id = ${s.customer.id}`;
    actAs(teller.sid);
    const before = await businessChecksums();
    expect(await action('changeRequest.create')(null, { sessionId: s.sessionId, newMobile: freshMobile() })).toMatchObject({ ok: false, message: 'errors.documentExpiredBlocked' });
    expect(await businessChecksums()).toEqual(before);
    // The renewal itself stays open: same number, new end date.
    const renewed = await action('changeRequest.document')(null, {
      sessionId: s.sessionId, documentType: 'resident_id', newIdNumber: s.customer.idNumber, newIdNumberConfirm: s.customer.idNumber, documentExpiry: '2040-12-31', reason: '证件到期换领',
    });
    expect(renewed).toMatchObject({ ok: true });
    actAs(supervisor.sid);
    expect(await action('changeRequest.decide')(null, { requestId: idOf(renewed), decision: 'approved' })).toMatchObject({ ok: true });
    expect((await sql`SELECT to_char(document_expiry, 'YYYY-MM-DD') AS d FROM customers WHERE id = ${s.customer.id}`)[0]!.d).toBe('2040-12-31');
    const [change] = await sql`SELECT field, new_masked FROM customer_changes WHERE customer_id = ${s.customer.id} AND field = 'document'`;
    expect(change).toEqual({ field: 'document', new_masked: `resident_id **************${s.customer.idNumber.slice(-4)} 2040-12-31` });
    // A request uses up the verification behind it: a new contact, verified again, may now change the mobile.
    const again = await verifiedSession(teller.id);
    await sql`UPDATE service_sessions SET customer_id = ${s.customer.id} WHERE id = ${again.sessionId}`;
    await sql`UPDATE verifications SET customer_id = ${s.customer.id} WHERE session_id = ${again.sessionId}`;
    actAs(teller.sid);
    expect(await action('changeRequest.create')(null, { sessionId: again.sessionId, newMobile: freshMobile() })).toMatchObject({ ok: true });
  });

  it('a new document number is re-sealed with its blind index and last 4', async () => {
    const s = await verifiedSession(teller.id);
    const newId = await freshIdNumber();
    actAs(teller.sid);
    const r = await action('changeRequest.document')(null, { sessionId: s.sessionId, documentType: 'resident_id', newIdNumber: newId, newIdNumberConfirm: newId, longTerm: 'on', reason: '证件号码更正' });
    actAs(supervisor.sid);
    await action('changeRequest.decide')(null, { requestId: idOf(r), decision: 'approved' });
    const [row] = await sql`SELECT id_number_enc, id_number_last4 FROM customers WHERE id = ${s.customer.id}`;
    expect(decryptPii(row!.id_number_enc)).toBe(newId);
    expect(row!.id_number_last4).toBe(newId.slice(-4));
    expect(JSON.stringify(await sql`SELECT * FROM change_requests WHERE id = ${idOf(r)}`)).not.toContain(newId);
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
    const history = await sql`SELECT field, old_masked, new_masked, approved_by FROM customer_changes WHERE customer_id = ${s.customer.id} ORDER BY field`;
    expect(history).toEqual([
      { field: 'address', old_masked: '上海市黄浦区****', new_masked: '北京市朝阳区****', approved_by: null },
      { field: 'email', old_masked: null, new_masked: 'l***@example.com', approved_by: null },
      { field: 'occupation', old_masked: 'office_clerk', new_masked: 'precious_metals_dealer', approved_by: null },
    ]);
    expect((await messages(s.sessionId)).map((m) => `${m.channel}:${m.template}`)).toEqual(['email:contactChanged', 'in_app:contactChanged', 'sms:contactChanged']);
    expect(await latestAssessment(s.customer.id)).toMatchObject({ trigger: 'change', score: 30, computedLevel: 'medium' });
  });
});
