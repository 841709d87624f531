import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { action } from './actions';
import { makeUser, startSession, type TestUser } from './factories';
import { actAs, maxAuditSeq } from './helpers';

// A refusal is only useful to an auditor if it says what was tried on.
describe('refusals name their target in the audit trail', () => {
  let owner: TestUser;
  let other: TestUser;
  let supervisor: TestUser;
  let sessionId: string;
  beforeAll(async () => {
    owner = await makeUser('teller');
    other = await makeUser('teller');
    supervisor = await makeUser('supervisor');
    sessionId = await startSession(owner.id);
  });

  async function lastAudit(since: number) {
    const [row] = await sql`SELECT action, outcome, entity_type, entity_id, details FROM audit_events WHERE seq > ${since} ORDER BY seq DESC LIMIT 1`;
    return row;
  }

  it('another teller ending my session: denied, with the session named', async () => {
    const seq = await maxAuditSeq();
    actAs(other.sid);
    expect(await action('session.end')(null, { sessionId, outcome: 'resolved', satisfaction: '5' })).toMatchObject({ ok: false, message: 'errors.sessionNotOpen' });
    expect(await lastAudit(seq)).toMatchObject({ action: 'session.end', outcome: 'denied', entity_type: 'service_session', entity_id: sessionId });
  });

  it('a wrong role: denied, with the session named', async () => {
    const seq = await maxAuditSeq();
    actAs(supervisor.sid);
    expect(await action('verification.otpSend')(null, { sessionId })).toMatchObject({ ok: false, message: 'errors.forbidden' });
    expect(await lastAudit(seq)).toMatchObject({ outcome: 'denied', entity_type: 'service_session', entity_id: sessionId, details: { reason: 'role' } });
  });

  it('a non-id in an id field is not recorded as a target', async () => {
    const seq = await maxAuditSeq();
    actAs(other.sid);
    await action('session.end')(null, { sessionId: "x' OR 1=1", outcome: 'resolved', satisfaction: '5' });
    expect(await lastAudit(seq)).toMatchObject({ outcome: 'failed', entity_type: null, entity_id: null });
  });

  it('a customer search needs my own open session and is audited without what was typed', async () => {
    const seq = await maxAuditSeq();
    actAs(owner.sid);
    const typed = '11010519491231002X';
    const found = await action('customer.search')(null, { sessionId, query: typed });
    expect(found.ok).toBe(true);
    const row = await lastAudit(seq);
    expect(row).toMatchObject({ action: 'customer.search', outcome: 'ok', entity_type: 'service_session', entity_id: sessionId });
    expect(JSON.stringify(row!.details)).not.toContain(typed);
    actAs(other.sid);
    expect(await action('customer.search')(null, { sessionId, query: '张' })).toMatchObject({ ok: false, message: 'errors.sessionNotOpen' });
  });
});
