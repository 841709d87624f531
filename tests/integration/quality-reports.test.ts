import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { GET as reportCsv } from '@/app/api/quality/report/route';
import { mostFailedItems, monthBounds, qualityByTeller, qualityTrend } from '@/lib/qc/reports';
import { beijingDate } from '@/lib/calendar/working-days';
import { runAs } from './actions';
import { endedSession, makeUser, uniqueName, type TestUser } from './factories';
import { actAs, auditSince, maxAuditSeq } from './helpers';

let teller: TestUser;
let inspector: TestUser;
let resolver: TestUser;
const month = beijingDate(new Date()).slice(0, 7);
const teamName = uniqueName('远程组');

/** Every item met as the record answers: applicable 75 (verification and supplement N/A), earned 65 → 87. */
const rated = (sessionId: string, over: Record<string, string> = {}) => ({
  sessionId, r_greeting: 'yes', r_identity_statement: 'yes', r_verification_before_request: 'na', r_confirmation: 'no', r_data_accuracy: '5', r_supplement_followed: 'na',
  r_completeness: 'yes', r_risk_disclosure: 'yes', r_attitude: '5', r_closed_with_outcome: 'yes', r_closing_words: 'yes', ...over,
});

async function submitted(over: Record<string, string> = {}): Promise<string> {
  const r = await runAs(inspector, 'inspection.submit', rated(await endedSession(teller.id), over));
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  return (r as { data: { id: string } }).data.id;
}

beforeAll(async () => {
  [teller, inspector, resolver] = await Promise.all([makeUser('teller'), makeUser('qc'), makeUser('supervisor')]);
  // The teller is the only member of a team of this file's own.
  const [team] = await sql<{ id: string }[]>`INSERT INTO teams (name) VALUES (${teamName}) RETURNING id`;
  await sql`UPDATE staff SET team_id = ${team!.id} WHERE id = ${teller.id}`;
  // Three inspections of the teller: all met (65 of 75 → 87); accuracy 0 (50 of 75 → 67, a rectification: the item is
  // weighted 15, high); greeting missed (55 of 75 → 73), disputed and upheld back to 87.
  await submitted();
  await submitted({ r_data_accuracy: '0', c_data_accuracy: '金额未复述' });
  const disputed = await submitted({ r_greeting: 'no' });
  expect(await runAs(teller, 'inspection.dispute', { inspectionId: disputed, explanation: '录音开头已问候', d_greeting: 'on' })).toMatchObject({ ok: true });
  const [d] = await sql<{ id: string }[]>`SELECT id FROM inspection_disputes WHERE inspection_id = ${disputed}`;
  expect(await runAs(resolver, 'dispute.resolve', { disputeId: d!.id, resolution: 'accepted', note: '录音核实已问候', r_greeting: 'yes' })).toMatchObject({ ok: true });
});

describe('quality per teller and month', () => {
  it('averages the final scores, counts critical failures, disputes upheld and rectifications', async () => {
    const { tellers, teams, team } = await qualityByTeller(month);
    const mine = tellers.find((t) => t.tellerId === teller.id)!;
    // Scores 87, 67 and 87 (73 before the upheld dispute): average 80.3.
    const figures = { inspections: 3, averageScore: 80.3, criticalFailures: 0, disputes: 1, disputesUpheld: 1, rectifications: 1, rectificationsOnTime: 0 };
    expect(mine).toMatchObject({ ...figures, teamName });
    // Their team's row is theirs (its only member).
    expect(teams.find((t) => t.teamName === teamName)).toEqual({ teamName, ...figures });
    expect(team.inspections).toBeGreaterThanOrEqual(3);
    // The greeting finding was overturned by the dispute: only the accuracy finding of this teller counts as failed.
    const failed = await mostFailedItems(month, 50);
    expect(failed.find((f) => f.itemKey === 'data_accuracy')?.failures).toBeGreaterThanOrEqual(1);
  });

  it('months are Beijing calendar months, and the trend lists six of them up to the one asked', async () => {
    expect(monthBounds('2026-11')).toEqual({ start: '2026-10-31T16:00:00.000Z', end: '2026-11-30T16:00:00.000Z' });
    expect(monthBounds('2026-12')).toEqual({ start: '2026-11-30T16:00:00.000Z', end: '2026-12-31T16:00:00.000Z' });
    const trend = await qualityTrend(month);
    expect(trend).toHaveLength(6);
    expect(trend.at(-1)).toMatchObject({ month });
    expect(trend.at(-1)!.inspections).toBeGreaterThanOrEqual(3);
  });
});

describe('the CSV export', () => {
  const get = (m: string) => reportCsv(new Request(`http://localhost/api/quality/report?month=${m}`, { headers: { 'x-forwarded-for': '203.0.113.7' } }));

  it('is for QC and supervisors only: signed out 401, a teller 403 (audited)', async () => {
    actAs(null);
    expect((await get(month)).status).toBe(401);
    const seq = await maxAuditSeq();
    actAs(teller.sid);
    expect((await get(month)).status).toBe(403);
    expect(await auditSince(seq)).toMatchObject([{ action: 'screen.view', outcome: 'denied', actor_id: teller.id }]);
  });

  it('gives the month per teller, per team and all tellers last, as UTF-8 with a byte-order mark; audited; never cached', async () => {
    const seq = await maxAuditSeq();
    actAs(inspector.sid);
    const res = await get(month);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(lines[0]).toBe('柜员,班组,质检数,平均得分,严重差错,申诉,申诉采纳,整改,按期整改');
    expect(lines.find((l) => l.startsWith(`${teller.displayName},`))).toBe(`${teller.displayName},${teamName},3,80.3,0,1,1,1,0`);
    expect(lines.find((l) => l.startsWith(`${teamName} 合计,`))).toBe(`${teamName} 合计,${teamName},3,80.3,0,1,1,1,0`);
    expect(lines.at(-1)).toMatch(/^全体柜员,/);
    expect(await auditSince(seq)).toMatchObject([{ action: 'report.export', outcome: 'ok', actor_id: inspector.id, details: { month } }]);
  });

  it('refuses a month that is not YYYY-MM', async () => {
    actAs(inspector.sid);
    expect((await get('2026-13')).status).toBe(400);
    expect((await get('x')).status).toBe(400);
  });
});
