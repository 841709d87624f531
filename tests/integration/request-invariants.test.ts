import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { makeUser, passLadder, pendingRequest, type TestUser } from './factories';

// The database, not only the code, refuses a decision without a checker, a reasonless rejection, or a request born decided.
describe('change request invariants in PostgreSQL', () => {
  let teller: TestUser;
  let supervisor: TestUser;
  beforeAll(async () => {
    teller = await makeUser('teller');
    supervisor = await makeUser('supervisor');
  });

  it('refuses an approval with no checker', async () => {
    const { requestId } = await pendingRequest(teller.id);
    await expect(sql`UPDATE change_requests SET status = 'approved', decided_at = now() WHERE id = ${requestId}`).rejects.toMatchObject({ code: '23514' });
    const [row] = await sql`SELECT status FROM change_requests WHERE id = ${requestId}`;
    expect(row!.status).toBe('pending');
  });

  it('refuses a rejection without a reason, even a NULL one', async () => {
    const { requestId } = await pendingRequest(teller.id);
    await expect(
      sql`UPDATE change_requests SET status = 'rejected', checker_id = ${supervisor.id}, decided_at = now(), decision_reason = NULL WHERE id = ${requestId}`,
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('refuses a request inserted already approved', async () => {
    const { requestId } = await pendingRequest(teller.id);
    await expect(sql`
      INSERT INTO change_requests (session_id, customer_id, type, old_value_enc, new_value_enc, maker_id, status, checker_id, decided_at)
      SELECT session_id, customer_id, type, old_value_enc, new_value_enc, maker_id, 'approved', ${supervisor.id}, now()
      FROM change_requests WHERE id = ${requestId}`).rejects.toMatchObject({ code: '23514' });
  });
});

describe('one pending request per customer and business', () => {
  it('refuses a second pending mobile change for the same customer, with a clear message, and writes nothing', async () => {
    const teller = await makeUser('teller');
    const first = await pendingRequest(teller.id);
    const { action } = await import('./actions');
    const { actAs } = await import('./helpers');
    actAs(teller.sid);
    await passLadder(first, teller.id);
    const [before] = await sql`SELECT count(*)::int AS n FROM change_requests WHERE customer_id = ${first.customer.id}`;
    const result = await action('changeRequest.create')(null, { sessionId: first.sessionId, newMobile: '13500001234' });
    expect(result).toMatchObject({ ok: false, message: 'errors.requestPending' });
    const [after] = await sql`SELECT count(*)::int AS n FROM change_requests WHERE customer_id = ${first.customer.id}`;
    expect(after!.n).toBe(before!.n);
  });

  it('a request uses up its verification: the next one in the session needs the ladder again', async () => {
    const teller = await makeUser('teller');
    const supervisor = await makeUser('supervisor');
    const first = await pendingRequest(teller.id);
    const { action } = await import('./actions');
    const { actAs } = await import('./helpers');
    actAs(supervisor.sid);
    expect(await action('changeRequest.decide')(null, { requestId: first.requestId, decision: 'rejected', reason: '号码非本人实名' })).toMatchObject({ ok: true });
    actAs(teller.sid);
    expect(await action('changeRequest.create')(null, { sessionId: first.sessionId, newMobile: '13500004321' })).toMatchObject({ ok: false, message: 'errors.verificationRequired' });
    await passLadder(first, teller.id);
    expect(await action('changeRequest.create')(null, { sessionId: first.sessionId, newMobile: '13500004321' })).toMatchObject({ ok: true });
  });
});
