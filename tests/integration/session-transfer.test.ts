import { describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { action } from './actions';
import { makeUser, sessionWithCustomer } from './factories';
import { actAs, businessChecksums } from './helpers';

describe('handing a contact to another teller', () => {
  it('moves the session to the receiver with the note; both sides are on the timeline; the sender can no longer act', async () => {
    const from = await makeUser('teller');
    const to = await makeUser('teller');
    const s = await sessionWithCustomer(from.id);
    actAs(from.sid);
    expect(await action('session.transfer')(null, { sessionId: s.sessionId, toStaffId: to.id, note: '客户咨询理财，转理财专席' })).toMatchObject({ ok: true, message: 'teller.transferred' });
    const [row] = await sql`SELECT teller_id, transferred_from_id, transfer_note FROM service_sessions WHERE id = ${s.sessionId}`;
    expect(row).toEqual({ teller_id: to.id, transferred_from_id: from.id, transfer_note: '客户咨询理财，转理财专席' });
    const events = await sql`SELECT kind, actor_id FROM session_events WHERE session_id = ${s.sessionId} AND kind LIKE 'session.transferred%' ORDER BY id`;
    expect(events).toEqual([
      { kind: 'session.transferred_out', actor_id: from.id },
      { kind: 'session.transferred_in', actor_id: from.id },
    ]);
    expect(await action('session.end')(null, { sessionId: s.sessionId, outcome: 'resolved', satisfaction: '5' })).toMatchObject({ ok: false, message: 'errors.sessionNotOpen' });
    actAs(to.sid);
    expect(await action('session.end')(null, { sessionId: s.sessionId, outcome: 'resolved', satisfaction: '5' })).toMatchObject({ ok: true });
  });

  it('refuses oneself, a supervisor, a disabled teller, and an empty note, writing nothing', async () => {
    const from = await makeUser('teller');
    const supervisor = await makeUser('supervisor');
    const disabled = await makeUser('teller');
    await sql`UPDATE staff SET active = false WHERE id = ${disabled.id}`;
    const s = await sessionWithCustomer(from.id);
    actAs(from.sid);
    const before = await businessChecksums();
    const attempt = (toStaffId: string, note = '转接') => action('session.transfer')(null, { sessionId: s.sessionId, toStaffId, note });
    expect(await attempt(from.id)).toMatchObject({ ok: false, fieldErrors: { toStaffId: ['errors.transferToSelf'] } });
    expect(await attempt(supervisor.id)).toMatchObject({ ok: false, fieldErrors: { toStaffId: ['errors.transferTarget'] } });
    expect(await attempt(disabled.id)).toMatchObject({ ok: false, fieldErrors: { toStaffId: ['errors.transferTarget'] } });
    expect(await attempt(supervisor.id, ' ')).toMatchObject({ ok: false, fieldErrors: { note: ['errors.transferNoteRequired'] } });
    expect(await businessChecksums()).toEqual(before);
  });

  it('refuses a teller who is not signed in: nobody would pick the contact up', async () => {
    const from = await makeUser('teller');
    const offline = await makeUser('teller');
    await sql`UPDATE staff_sessions SET ended_at = now(), end_reason = 'signed_out' WHERE staff_id = ${offline.id}`;
    const s = await sessionWithCustomer(from.id);
    actAs(from.sid);
    expect(await action('session.transfer')(null, { sessionId: s.sessionId, toStaffId: offline.id, note: '转接' })).toMatchObject({
      ok: false,
      fieldErrors: { toStaffId: ['errors.transferOffline'] },
    });
  });
});
