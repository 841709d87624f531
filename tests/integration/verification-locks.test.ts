import { describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { action } from './actions';
import { basicVerifiedSession, makeUser, sessionWithCustomer } from './factories';
import { actAs, businessChecksums } from './helpers';
import { deliverAndReadCode } from './otp-helpers';

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('three failures lock the customer across sessions, and a supervisor clears it', () => {
  it('three wrong codes: locked in another teller\'s session too, flagged, cleared by a supervisor, audited', async () => {
    const teller = await makeUser('teller');
    const other = await makeUser('teller');
    const supervisor = await makeUser('supervisor');
    const s = await basicVerifiedSession(teller.id);
    actAs(teller.sid);
    await action('verification.otpSend')(null, { sessionId: s.sessionId });
    const code = await deliverAndReadCode(s.sessionId);
    for (let i = 0; i < 3; i++) await action('verification.otpCheck')(null, { sessionId: s.sessionId, code: wrong(code) });

    // Another teller, another session, same customer: refused at the first step.
    actAs(other.sid);
    const elsewhere = (await sessionWithCustomer(other.id)).sessionId;
    await sql`UPDATE service_sessions SET customer_id = ${s.customer.id} WHERE id = ${elsewhere}`;
    const before = await businessChecksums();
    expect(await action('verification.basic')(null, { sessionId: elsewhere, name: s.customer.fullName, idNumber: s.customer.idNumber, mobile: s.customer.mobile })).toMatchObject({
      ok: false,
      message: 'errors.customerLocked',
    });
    expect(await businessChecksums()).toEqual(before);

    // The supervisor's exception queue has it; a clear needs a note.
    const [lock] = await sql`SELECT id, step, status FROM verification_locks WHERE customer_id = ${s.customer.id}`;
    expect(lock).toMatchObject({ step: 'otp', status: 'open' });
    actAs(supervisor.sid);
    expect(await action('verificationLock.clear')(null, { lockId: lock!.id, note: ' ' })).toMatchObject({ ok: false, fieldErrors: { note: ['errors.clearNoteRequired'] } });
    expect(await action('verificationLock.clear')(null, { lockId: lock!.id, note: '已回访客户本人' })).toMatchObject({ ok: true, message: 'approvals.lockCleared' });
    expect(await action('verificationLock.clear')(null, { lockId: lock!.id, note: '再次' })).toMatchObject({ ok: false, message: 'errors.lockNotOpen' });
    const audits = await sql`SELECT action, outcome FROM audit_events WHERE entity_id = ${s.customer.id} AND action IN ('verification.lock_raised', 'verificationLock.clear') ORDER BY seq`;
    expect(audits.map((a) => `${a.action}:${a.outcome}`)).toEqual(['verification.lock_raised:ok', 'verificationLock.clear:ok']);

    // Verification works again.
    actAs(other.sid);
    expect(await action('verification.basic')(null, { sessionId: elsewhere, name: s.customer.fullName, idNumber: s.customer.idNumber, mobile: s.customer.mobile })).toMatchObject({
      ok: true,
      data: { result: 'pass' },
    });
  });

  it('three basic-information mismatches lock too; a lock that has run out no longer blocks', async () => {
    const teller = await makeUser('teller');
    const s = await sessionWithCustomer(teller.id);
    actAs(teller.sid);
    const attempt = () => action('verification.basic')(null, { sessionId: s.sessionId, name: s.customer.fullName, idNumber: s.customer.idNumber, mobile: '13000000000' });
    expect(await attempt()).toMatchObject({ ok: true, data: { result: 'fail', locked: false } });
    expect(await attempt()).toMatchObject({ ok: true, data: { result: 'fail', locked: false } });
    expect(await attempt()).toMatchObject({ ok: true, data: { result: 'fail', locked: true }, message: 'teller.customerLockedNow' });
    expect(await attempt()).toMatchObject({ ok: false, message: 'errors.customerLocked' });
    await sql`UPDATE verification_locks SET locked_until = now() - interval '1 second' WHERE customer_id = ${s.customer.id}`;
    expect(await attempt()).toMatchObject({ ok: true, data: { result: 'fail', locked: false } });
  });
});
