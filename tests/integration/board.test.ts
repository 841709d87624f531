import ExcelJS from 'exceljs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db, sql } from '@/db';
import { GET as boardEvents } from '@/app/api/board/events/route';
import { GET as boardExport } from '@/app/api/board/export/route';
import { GET as boardTilesRoute } from '@/app/api/board/tiles/route';
import { raiseLock } from '@/db/queries/verification-locks';
import { boardTiles, type BoardTiles } from '@/lib/board/tiles';
import { beijingDate } from '@/lib/calendar/working-days';
import { verifyBasicInformation } from '@/lib/sessions/service';
import { addDays } from '@/lib/board/period';
import { endedSession, makeCustomer, makeUser, pendingMobileChange, sessionWithCustomer, startSession, type TestUser } from './factories';
import { actAs, auditSince, businessChecksums, maxAuditSeq } from './helpers';

/*
 * The operations board on a seeded situation. The database is shared with the other files, so each tile is read before
 * and after this file's own records, at one fixed moment (tiles that depend on the clock then cannot drift between the
 * two readings), and the difference is what these records add.
 */
let supervisor: TestUser;
let makerName: string;
let handledName: string;
let before: BoardTiles;
let after: BoardTiles;
const now = new Date();

async function complaint(hoursAgo: { received: number; acknowledge: number; resolve: number }) {
  const [customer, recorder] = [await makeCustomer(), supervisor];
  await sql`
    INSERT INTO complaints (channel, customer_id, category, severity, content, received_at, recorded_by, policy_version, acknowledge_by, resolve_by)
    VALUES ('phone', ${customer.id}, 'delay', 'low', '等待时间过长', now() - make_interval(mins => ${hoursAgo.received * 60}), ${recorder.id}, 1,
      now() - make_interval(mins => ${hoursAgo.acknowledge * 60}), now() - make_interval(mins => ${hoursAgo.resolve * 60}))`;
}

beforeAll(async () => {
  supervisor = await makeUser('supervisor');
  before = await boardTiles(now);
  // Tellers signed in: one idle, one ending a contact (idle again), three busy (a contact, a mobile change awaiting
  // approval, a failed basic verification).
  await makeUser('teller');
  const [busy, maker, failing, ender] = [await makeUser('teller'), await makeUser('teller'), await makeUser('teller'), await makeUser('teller')];
  makerName = maker.displayName;
  handledName = ender.displayName;
  await startSession(busy.id);
  const change = await pendingMobileChange(maker.id);
  // Its approval is overdue.
  await sql`UPDATE cases SET sla_due_at = now() - interval '1 minute' WHERE id = ${change.caseId}`;
  const s = await sessionWithCustomer(failing.id);
  expect((await verifyBasicInformation(s.sessionId, failing.id, { name: s.customer.fullName, idNumber: s.customer.idNumber, mobile: '13000000000' })).result).toBe('fail');
  await raiseLock(db, { customerId: s.customer.id, step: 'basic', sessionId: s.sessionId, minutes: 30 });
  await endedSession(ender.id);
  // Complaints: one due later today and not acknowledged in time; one overdue on both deadlines.
  await complaint({ received: 3, acknowledge: 1, resolve: -1 / 60 });
  await complaint({ received: 4, acknowledge: 3, resolve: 2 });
  // A rectification due yesterday, not answered.
  const qc = await makeUser('qc');
  const inspected = await endedSession(busy.id);
  const [ins] = await sql<{ id: string }[]>`
    INSERT INTO inspections (session_id, inspector_id, scorecard, ratings, score, status, submitted_at) VALUES (${inspected}, ${qc.id}, 'test', '{}'::jsonb, 70, 'submitted', now()) RETURNING id`;
  const [finding] = await sql<{ id: string }[]>`INSERT INTO qc_findings (inspection_id, item_key, severity) VALUES (${ins!.id}, 'greeting', 'high') RETURNING id`;
  await sql`INSERT INTO rectifications (finding_id, teller_id, due_date, coaching_note) VALUES (${finding!.id}, ${busy.id}, ${addDays(beijingDate(now), -1)}, '规范问候')`;
  after = await boardTiles(now);
});

describe('the tiles', () => {
  it('count what the seeded situation adds, each from its own bounded query', () => {
    const delta = (pick: (t: BoardTiles) => number | null) => (pick(after) ?? 0) - (pick(before) ?? 0);
    // Open: the busy teller's contact, the mobile change's session and the failing one (all by phone).
    expect(delta((t) => t.sessionsOpen.total)).toBe(3);
    expect(delta((t) => t.sessionsOpen.phone)).toBe(3);
    expect(delta((t) => t.tellers.busy)).toBe(3);
    expect(delta((t) => t.tellers.idle)).toBe(2);
    expect(delta((t) => t.approvals.pending)).toBe(1);
    expect(delta((t) => t.approvals.overdue)).toBe(1);
    expect(delta((t) => t.exceptions.open)).toBe(1);
    expect(delta((t) => t.complaints.dueToday)).toBe(1);
    expect(delta((t) => t.complaints.overdue)).toBe(1);
    expect(delta((t) => t.complaints.unacknowledged)).toBe(2);
    expect(delta((t) => t.rectifications.overdue)).toBe(1);
    // Handled today: the ended contact and the inspected one, both rated 5.
    expect(delta((t) => t.today.handled)).toBe(2);
    expect(delta((t) => t.today.rated)).toBe(2);
    // Verification steps today: the mobile change's four passes and one failure.
    expect(delta((t) => t.verifications.total)).toBe(5);
    expect(delta((t) => t.verifications.failed)).toBe(1);
    expect(after.verifications.failureRate).toBeCloseTo(after.verifications.failed / after.verifications.total);
  });

  it('say how long the oldest approval has waited', async () => {
    expect((await boardTiles()).approvals.oldestWaitSeconds).toBeGreaterThanOrEqual(0);
  });

  it('are served to supervisors only (a refusal audited); the event stream too', async () => {
    actAs(null);
    expect((await boardTilesRoute()).status).toBe(401);
    const teller = await makeUser('teller');
    actAs(teller.sid);
    const seq = await maxAuditSeq();
    expect((await boardTilesRoute()).status).toBe(403);
    expect(await auditSince(seq)).toMatchObject([{ action: 'screen.view', outcome: 'denied', actor_id: teller.id }]);
    expect((await boardEvents(new Request('http://localhost/api/board/events'))).status).toBe(403);
    actAs(supervisor.sid);
    const res = await boardTilesRoute();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ sessionsOpen: { total: expect.any(Number) }, approvals: { pending: expect.any(Number) } });
  });

  it('are told of a change on the sessions channel through the board event stream', async () => {
    actAs(supervisor.sid);
    const controller = new AbortController();
    const res = await boardEvents(new Request('http://localhost/api/board/events', { signal: controller.signal }));
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const heard = (async () => {
      let text = '';
      while (!text.includes('event: tiles')) text += new TextDecoder().decode((await reader.read()).value);
      return text;
    })();
    // The stream listens once its start has run: give it a moment, then change a session.
    await new Promise((r) => setTimeout(r, 200));
    await startSession((await makeUser('teller')).id);
    await expect(Promise.race([heard, new Promise((_, no) => setTimeout(() => no(new Error('no event')), 5_000))])).resolves.toContain('event: tiles');
    controller.abort();
  });
});

describe('the exports', () => {
  const saved = process.env.EXPORT_MAX_ROWS;
  afterEach(() => {
    if (saved === undefined) delete process.env.EXPORT_MAX_ROWS;
    else process.env.EXPORT_MAX_ROWS = saved;
  });
  const get = (query: string) => boardExport(new Request(`http://localhost/api/board/export?${query}`, { headers: { 'x-forwarded-for': '203.0.113.7' } }));

  it('give a list as CSV in the viewer language (UTF-8 with a byte-order mark), audited, never cached', async () => {
    actAs(supervisor.sid);
    const seq = await maxAuditSeq();
    const res = await get('list=approvals&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="board-approvals-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(lines[0]).toBe('提交时间,业务类型,经办柜员,授权级别,审批时限,时效状态,已等待（分钟）,认领主管');
    expect(lines.find((l) => l.includes(makerName))).toMatch(/,变更预留手机号,.*,已超时,/);
    expect(await auditSince(seq)).toMatchObject([
      { action: 'board.export', outcome: 'ok', actor_id: supervisor.id, ip: '203.0.113.7', details: { list: 'approvals', format: 'csv', rows: lines.length - 1 } },
    ]);
  });

  it('give a list as XLSX: a bold header row, one row per record', async () => {
    actAs(supervisor.sid);
    const res = await get(`list=handled&format=xlsx&from=${beijingDate(now)}&to=${beijingDate(now)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const ws = book.worksheets[0]!;
    expect(ws.name).toBe('已办结会话');
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.getRow(1).values).toEqual([undefined, '结束时间', '开始时间', '柜员', '渠道', '处理时长（秒）', '结束原因', '满意度']);
    const rows = ws.getSheetValues().filter((r) => Array.isArray(r) && r.includes(handledName)) as unknown[][];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual(expect.arrayContaining(['电话', '已解决', 5]));
  });

  it('refuse a list larger than the limit, offering the narrower export; the refusal audited, nothing written', async () => {
    process.env.EXPORT_MAX_ROWS = '1';
    actAs(supervisor.sid);
    const checksums = await businessChecksums();
    const seq = await maxAuditSeq();
    const res = await get('list=sessions-open&format=xlsx');
    expect(res.status).toBe(422);
    const today = beijingDate(new Date());
    expect(await res.json()).toEqual({ ok: false, message: 'errors.export.tooLarge', values: { limit: 1 }, filteredHref: `/api/board/export?list=sessions-open&format=xlsx&from=${today}&to=${today}` });
    expect(await auditSince(seq)).toMatchObject([{ action: 'board.export', outcome: 'failed', actor_id: supervisor.id, details: { list: 'sessions-open', format: 'xlsx', reason: 'too_large', limit: 1 } }]);
    expect(await businessChecksums()).toEqual(checksums);
    // A period is narrowed to its last day; a single day has nothing narrower to offer.
    const week = await get(`list=handled&format=csv&from=${addDays(today, -6)}&to=${today}`);
    expect((await week.json()).filteredHref).toBe(`/api/board/export?list=handled&format=csv&from=${today}&to=${today}`);
    expect((await (await get(`list=handled&format=csv&from=${today}&to=${today}`)).json()).filteredHref).toBeNull();
  });

  it('are for supervisors only; an unknown list or format is a bad request', async () => {
    actAs(null);
    expect((await get('list=approvals&format=csv')).status).toBe(401);
    const qc = await makeUser('qc');
    actAs(qc.sid);
    const seq = await maxAuditSeq();
    expect((await get('list=approvals&format=csv')).status).toBe(403);
    expect(await auditSince(seq)).toMatchObject([{ action: 'screen.view', outcome: 'denied', actor_id: qc.id }]);
    actAs(supervisor.sid);
    expect((await get('list=customers&format=csv')).status).toBe(400);
    expect((await get('list=approvals&format=pdf')).status).toBe(400);
  });
});
