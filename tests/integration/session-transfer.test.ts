import { describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { action } from './actions';
import { makeUser, sessionWithCustomer } from './factories';
import { actAs, businessChecksums } from './helpers';

describe('escalating a contact to a supervisor', () => {
  it('the supervisor receives it, notes, hands it back; the teller cannot act meanwhile; both sides on the timeline', async () => {
    const teller = await makeUser('teller');
    const supervisor = await makeUser('supervisor');
    const admin = await makeUser('admin');
    const s = await sessionWithCustomer(teller.id);
    actAs(teller.sid);
    expect(await action('session.transfer')(null, { sessionId: s.sessionId, toStaffId: admin.id, note: '升级' })).toMatchObject({ ok: false, fieldErrors: { toStaffId: ['errors.transferTarget'] } });
    expect(await action('session.transfer')(null, { sessionId: s.sessionId, toStaffId: supervisor.id, note: '客户对收费有异议，请主管处理' })).toMatchObject({ ok: true });
    expect(await action('session.note')(null, { sessionId: s.sessionId, note: '我还在' })).toMatchObject({ ok: false, message: 'errors.sessionNotOpen' });

    actAs(supervisor.sid);
    expect(await action('session.note')(null, { sessionId: s.sessionId, note: '已向客户解释收费标准，客户接受' })).toMatchObject({ ok: true, message: 'teller.noteAdded' });
    expect(await action('session.transfer')(null, { sessionId: s.sessionId, toStaffId: teller.id, note: '已解释，请继续办理' })).toMatchObject({ ok: true });
    const events = await sql`SELECT kind, actor_id, data->>'note' AS note FROM session_events WHERE session_id = ${s.sessionId} AND kind IN ('session.transferred_out', 'note.added') ORDER BY id`;
    expect(events).toEqual([
      { kind: 'session.transferred_out', actor_id: teller.id, note: '客户对收费有异议，请主管处理' },
      { kind: 'note.added', actor_id: supervisor.id, note: '已向客户解释收费标准，客户接受' },
      { kind: 'session.transferred_out', actor_id: supervisor.id, note: '已解释，请继续办理' },
    ]);
    actAs(teller.sid);
    expect(await action('session.end')(null, { sessionId: s.sessionId, outcome: 'resolved', satisfaction: '4' })).toMatchObject({ ok: true });
  });

  it('a supervisor may end an escalated contact; a supervisor it was not handed to may not touch it', async () => {
    const teller = await makeUser('teller');
    const supervisor = await makeUser('supervisor');
    const other = await makeUser('supervisor');
    const s = await sessionWithCustomer(teller.id);
    actAs(teller.sid);
    await action('session.transfer')(null, { sessionId: s.sessionId, toStaffId: supervisor.id, note: '请主管处理' });
    actAs(other.sid);
    const before = await businessChecksums();
    expect(await action('session.note')(null, { sessionId: s.sessionId, note: 'x' })).toMatchObject({ ok: false, message: 'errors.sessionNotOpen' });
    expect(await action('session.end')(null, { sessionId: s.sessionId, outcome: 'resolved', satisfaction: '5' })).toMatchObject({ ok: false, message: 'errors.sessionNotOpen' });
    expect(await businessChecksums()).toEqual(before);
    actAs(supervisor.sid);
    expect(await action('session.end')(null, { sessionId: s.sessionId, outcome: 'resolved', satisfaction: '5' })).toMatchObject({ ok: true });
  });
});

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

  it('refuses oneself, QC or an administrator, a disabled teller, and an empty note, writing nothing', async () => {
    const from = await makeUser('teller');
    const supervisor = await makeUser('qc');
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
