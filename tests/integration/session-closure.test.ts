import { describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { setStaffActive } from '@/db/queries/staff';
import { createStaffSession, endStaffSession } from '@/db/queries/staff-sessions';
import { getCurrentUser } from '@/lib/auth/current-user';
import { action } from './actions';
import { makeUser, startSession } from './factories';
import { actAs } from './helpers';

async function sessionRow(id: string) {
  const [row] = await sql`SELECT status, outcome, satisfaction, satisfaction_declined, closed_by_system FROM service_sessions WHERE id = ${id}`;
  return row;
}

describe('ending a contact', () => {
  it('records the outcome and the satisfaction rating, or that the customer declined', async () => {
    const teller = await makeUser('teller');
    actAs(teller.sid);
    const rated = await startSession(teller.id);
    expect(await action('session.end')(null, { sessionId: rated, outcome: 'resolved', satisfaction: '4' })).toMatchObject({ ok: true });
    expect(await sessionRow(rated)).toEqual({ status: 'ended', outcome: 'resolved', satisfaction: 4, satisfaction_declined: false, closed_by_system: false });
    const declined = await startSession(teller.id);
    expect(await action('session.end')(null, { sessionId: declined, outcome: 'dropped', satisfaction: 'declined' })).toMatchObject({ ok: true });
    expect(await sessionRow(declined)).toMatchObject({ outcome: 'dropped', satisfaction: null, satisfaction_declined: true });
    const [event] = await sql`SELECT data FROM session_events WHERE session_id = ${rated} AND kind = 'session.ended'`;
    expect(event!.data).toEqual({ outcome: 'resolved', satisfaction: 4 });
  });

  it('refuses an end without an outcome or a rating, and the database refuses a rating out of range', async () => {
    const teller = await makeUser('teller');
    actAs(teller.sid);
    const id = await startSession(teller.id);
    expect(await action('session.end')(null, { sessionId: id, satisfaction: '9' })).toMatchObject({
      ok: false,
      fieldErrors: { outcome: ['errors.outcome'], satisfaction: ['errors.satisfaction'] },
    });
    expect((await sessionRow(id))!.status).toBe('open');
    await expect(sql`UPDATE service_sessions SET status = 'ended', ended_at = now(), outcome = 'resolved', satisfaction = 6 WHERE id = ${id}`).rejects.toMatchObject({ code: '23514' });
    await expect(sql`UPDATE service_sessions SET status = 'ended', ended_at = now() WHERE id = ${id}`).rejects.toMatchObject({ code: '23514' });
  });
});

describe('contacts left open when the teller leaves are closed by the system as abandoned', () => {
  it('on sign-out: closed, on the timeline, and audited', async () => {
    const teller = await makeUser('teller');
    const id = await startSession(teller.id);
    expect(await endStaffSession(teller.sid, 'signed_out')).toBe(true);
    expect(await sessionRow(id)).toEqual({ status: 'ended', outcome: 'abandoned', satisfaction: null, satisfaction_declined: true, closed_by_system: true });
    const [event] = await sql`SELECT kind, actor_id, data FROM session_events WHERE session_id = ${id} ORDER BY id DESC LIMIT 1`;
    expect(event).toEqual({ kind: 'session.closed_by_system', actor_id: null, data: { reason: 'signed_out' } });
    const [audit] = await sql`SELECT action, outcome, actor_id, details FROM audit_events WHERE entity_id = ${id} ORDER BY seq DESC LIMIT 1`;
    expect(audit).toEqual({ action: 'session.auto_close', outcome: 'ok', actor_id: null, details: { reason: 'signed_out', teller: teller.id } });
  });

  it('not while the teller is still signed in elsewhere', async () => {
    const teller = await makeUser('teller');
    await createStaffSession(teller.id);
    const id = await startSession(teller.id);
    await endStaffSession(teller.sid, 'signed_out');
    expect((await sessionRow(id))!.status).toBe('open');
  });

  it('on the idle timeout, noticed at the next request', async () => {
    const teller = await makeUser('teller');
    const id = await startSession(teller.id);
    await sql`UPDATE staff_sessions SET last_seen_at = now() - interval '16 minutes' WHERE id = ${teller.sid}`;
    actAs(teller.sid);
    expect(await getCurrentUser()).toBeNull();
    expect(await sessionRow(id)).toMatchObject({ status: 'ended', outcome: 'abandoned', closed_by_system: true });
  });

  it('when an administrator disables the account', async () => {
    const teller = await makeUser('teller');
    const id = await startSession(teller.id);
    await setStaffActive(teller.id, false);
    expect(await sessionRow(id)).toMatchObject({ status: 'ended', outcome: 'abandoned' });
    const [event] = await sql`SELECT data FROM session_events WHERE session_id = ${id} ORDER BY id DESC LIMIT 1`;
    expect(event!.data).toEqual({ reason: 'disabled' });
  });
});
