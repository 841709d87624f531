import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { currentWeights } from '@/lib/appraisal/service';
import type { ActionName } from '@/lib/auth/permissions';
import { currentPolicy } from '@/lib/complaints/deadline-policy';
import type { ConfigKind } from '@/lib/config-changes/kinds';
import { listPendingChanges } from '@/lib/config-changes/service';
import { expectRefusedAs as expectRefused, runAs as run } from './actions';
import { makeUser, uniqueName, type TestUser } from './factories';
import { auditSince, maxAuditSeq, pgFailure } from './helpers';

// Configuration changes need a second person (配置变更双人复核). Each kind is proposed through its own screen's action
// (nothing changes), refused a second pending change, never decided by its proposer (nor by the database), nor by a
// role that may not make it; another person's approval applies it, a rejection needs its note, and a proposal something
// else has overtaken cannot be approved. Other files share the database: the calendar days here are in 2032, the plan
// is this file's own, and the complaint policy and weights are put back to their defaults (as a newer version).

let users: { supervisor: TestUser; supervisor2: TestUser; admin: TestUser; admin2: TestUser; qc: TestUser; qc2: TestUser; teller: TestUser };
let planId: string;

const DEFAULT_WEIGHTS = { volume: 15, quality: 30, efficiency: 15, satisfaction: 20, compliance: 20 };
const changeId = (r: unknown) => (r as { data: { changeId: string } }).data.changeId;
const change = (id: string) => sql`SELECT kind, target, status, proposed_by, decided_by, decision_note FROM config_changes WHERE id = ${id}`;
const calendarDay = (day: string) => sql`SELECT kind, name, set_by FROM working_calendar WHERE day = ${day}`;
const plan = () => sql`SELECT rate_kind, rate_value, new_teller_weeks, new_teller_rate, risk, active, updated_by FROM qc_plans WHERE id = ${planId}`;
const planForm = (over: Record<string, string> = {}) => ({
  planId, rateKind: 'count', rateValue: '2', newTellerWeeks: '6', newTellerRate: '3', failedVerification: 'on', rejectedApproval: '', fundsOverYuan: '50000', shortHandleSeconds: '', longHandleSeconds: '', lowSatisfaction: '2', active: 'on', note: '新柜员抽样加密', ...over,
});

beforeAll(async () => {
  const [supervisor, supervisor2, admin, admin2, qc, qc2, teller] = await Promise.all([
    makeUser('supervisor'), makeUser('supervisor'), makeUser('admin'), makeUser('admin'), makeUser('qc'), makeUser('qc'), makeUser('teller'),
  ]);
  users = { supervisor, supervisor2, admin, admin2, qc, qc2, teller };
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO qc_plans (name, period, rate_kind, rate_value, new_teller_weeks, new_teller_rate, risk)
    VALUES (${uniqueName('复核计划')}, 'week', 'percent', 0, 4, 0, '{"failedVerification": false, "rejectedApproval": false, "fundsOverFen": null, "shortHandleSeconds": null, "longHandleSeconds": null, "lowSatisfaction": null}'::jsonb)
    RETURNING id`;
  planId = row!.id;
});

afterAll(async () => {
  await sql`DELETE FROM working_calendar WHERE day LIKE '2032-%'`;
});

/**
 * One kind of configuration under four-eyes: proposed by `proposer` through `action`, decided by `checker`, refused to
 * `outsider` (a role config.decide admits but this kind does not). `read` is the configuration in force; `applied`
 * checks it after the approval; `overtake` changes it behind a pending proposal's back.
 */
type Case = {
  kind: ConfigKind;
  proposer: () => TestUser;
  checker: () => TestUser;
  outsider: () => TestUser;
  action: ActionName;
  payload: () => Record<string, unknown>;
  read: () => Promise<unknown>;
  applied: (before: unknown, after: unknown) => void;
  overtake: () => Promise<void>;
};

const CASES: Case[] = [
  {
    kind: 'complaint_policy',
    proposer: () => users.supervisor,
    checker: () => users.supervisor2,
    outsider: () => users.admin,
    action: 'complaintPolicy.update',
    payload: () => ({ 'default.acknowledgeDays': '1', 'default.resolveDays': '15', 'rules.0.category': 'fees', 'rules.0.acknowledgeDays': '1', 'rules.0.resolveDays': '10', note: '收费类投诉从严' }),
    read: () => currentPolicy(),
    applied: (before, after) => {
      expect(after).toEqual({ version: (before as { version: number }).version + 1, policy: { default: { acknowledgeDays: 1, resolveDays: 15 }, rules: [{ category: 'fees', acknowledgeDays: 1, resolveDays: 10 }] } });
    },
    // A newer version (the default again) written directly: also puts the default back for other files.
    overtake: async () => {
      await sql`INSERT INTO complaint_policies (version, policy, note) SELECT max(version) + 1, '{"default": {"acknowledgeDays": 1, "resolveDays": 15}, "rules": []}'::jsonb, '恢复默认' FROM complaint_policies`;
    },
  },
  {
    kind: 'calendar',
    proposer: () => users.admin,
    checker: () => users.admin2,
    outsider: () => users.supervisor,
    action: 'calendar.set',
    payload: () => ({ date: '2032-10-01', kind: 'holiday', name: '国庆节', note: '按国务院办公厅公布的安排' }),
    read: () => calendarDay('2032-10-01'),
    applied: (before, after) => {
      expect(before).toEqual([]);
      expect(after).toEqual([{ kind: 'holiday', name: '国庆节', set_by: users.admin2.id }]);
    },
    overtake: async () => {
      await sql`UPDATE working_calendar SET name = '国庆节（更正）' WHERE day = '2032-10-01'`;
    },
  },
  {
    kind: 'appraisal_weights',
    proposer: () => users.supervisor,
    checker: () => users.supervisor2,
    outsider: () => users.qc,
    action: 'appraisal.weights',
    payload: () => ({ volume: '20', quality: '20', efficiency: '20', satisfaction: '20', compliance: '20', note: '各维度同等权重' }),
    read: async () => {
      const w = await currentWeights();
      return { version: w.version, weights: w.weights };
    },
    applied: (before, after) => {
      expect(after).toEqual({ version: (before as { version: number }).version + 1, weights: { volume: 20, quality: 20, efficiency: 20, satisfaction: 20, compliance: 20 } });
    },
    overtake: async () => {
      await sql`INSERT INTO appraisal_weights (version, weights, note) SELECT max(version) + 1, ${JSON.stringify(DEFAULT_WEIGHTS)}::jsonb, '恢复默认权重' FROM appraisal_weights`;
    },
  },
  {
    kind: 'qc_plan',
    proposer: () => users.qc,
    // A supervisor may check QC's plans too (the stale proposal below is rejected by another QC member).
    checker: () => users.supervisor,
    outsider: () => users.admin,
    action: 'qcPlan.update',
    payload: () => planForm(),
    read: plan,
    applied: (before, after) => {
      expect(before).toMatchObject([{ rate_kind: 'percent', rate_value: 0, updated_by: null }]);
      expect(after).toEqual([
        {
          rate_kind: 'count', rate_value: 2, new_teller_weeks: 6, new_teller_rate: 3, active: true, updated_by: users.supervisor.id,
          risk: { failedVerification: true, rejectedApproval: false, fundsOverFen: 5_000_000, shortHandleSeconds: null, longHandleSeconds: null, lowSatisfaction: 2 },
        },
      ]);
    },
    overtake: async () => {
      await sql`UPDATE qc_plans SET active = false, updated_at = now() WHERE id = ${planId}`;
    },
  },
];

describe.each(CASES)('$kind', (c) => {
  let id: string;
  let before: unknown;

  it('a proposal changes nothing yet: it waits, listed with who proposed it and why', async () => {
    before = await c.read();
    const seq = await maxAuditSeq();
    const r = await run(c.proposer(), c.action, c.payload());
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, message: `config.proposed.${c.kind}` });
    id = changeId(r);
    expect(await c.read()).toEqual(before);
    expect(await change(id)).toEqual([{ kind: c.kind, target: expect.any(String), status: 'pending', proposed_by: c.proposer().id, decided_by: null, decision_note: null }]);
    expect(await auditSince(seq)).toMatchObject([{ action: c.action, outcome: 'ok', actor_id: c.proposer().id }]);
    const pending = await listPendingChanges(c.kind);
    expect(pending.find((p) => p.id === id)).toMatchObject({ proposedBy: c.proposer().id, proposerName: c.proposer().displayName, note: c.payload().note });
  });

  it('a second change of the same configuration is refused while one waits, whoever proposes it', async () => {
    await expectRefused(c.kind === 'qc_plan' ? users.qc2 : c.checker(), c.action, c.payload(), 'errors.config.pendingExists');
  });

  it('the proposer cannot decide it, and the database refuses a proposer as decider', async () => {
    await expectRefused(c.proposer(), 'config.decide', { changeId: id, decision: 'approve' }, 'errors.config.ownChange', {}, 'denied');
    await expectRefused(c.proposer(), 'config.decide', { changeId: id, decision: 'reject', note: '撤回' }, 'errors.config.ownChange', {}, 'denied');
    expect(await pgFailure(() => sql`UPDATE config_changes SET status = 'approved', decided_by = proposed_by, decided_at = now() WHERE id = ${id}`)).toMatchObject({ code: '23514', constraint: 'config_changes_four_eyes' });
  });

  it('a role that may not make this change cannot decide it; a teller decides nothing', async () => {
    await expectRefused(c.outsider(), 'config.decide', { changeId: id, decision: 'approve' }, 'errors.config.wrongRole', {}, 'denied');
    await expectRefused(users.teller, 'config.decide', { changeId: id, decision: 'approve' }, 'errors.forbidden', {}, 'denied');
  });

  it('a rejection needs its note', async () => {
    await expectRefused(c.checker(), 'config.decide', { changeId: id, decision: 'reject', note: '  ' }, 'errors.checkFields', { note: ['errors.config.rejectionNote'] });
  });

  it('another person approves it: it takes effect at once, with them recorded', async () => {
    const seq = await maxAuditSeq();
    expect(await run(c.checker(), 'config.decide', { changeId: id, decision: 'approve' })).toEqual({ ok: true, data: { status: 'approved' }, message: 'config.approved' });
    expect(await change(id)).toMatchObject([{ status: 'approved', decided_by: c.checker().id, decision_note: null }]);
    c.applied(before, await c.read());
    expect(await auditSince(seq)).toMatchObject([{ action: 'config.decide', outcome: 'ok', actor_id: c.checker().id, entity_id: id, details: { kind: c.kind, decision: 'approve' } }]);
    expect((await listPendingChanges(c.kind)).map((p) => p.id)).not.toContain(id);
  });

  it('is decided once: a second decision, an edit or a deletion is refused', async () => {
    await expectRefused(c.checker(), 'config.decide', { changeId: id, decision: 'reject', note: '再议' }, 'errors.alreadyDecided');
    expect(await pgFailure(() => sql`UPDATE config_changes SET status = 'rejected', decision_note = '改判' WHERE id = ${id}`)).toMatchObject({ code: '23514', message: expect.stringMatching(/decided once/) });
    expect(await pgFailure(() => sql`DELETE FROM config_changes WHERE id = ${id}`)).toMatchObject({ code: '23514', message: expect.stringMatching(/cannot be deleted/) });
  });

  it('a proposal overtaken by another change of the configuration cannot be approved, only rejected', async () => {
    // The same value again (for the calendar, the day's removal), then the configuration changes behind its back.
    const payload = c.kind === 'calendar' ? { date: '2032-10-01', note: '安排有变' } : c.payload();
    const r = await run(c.proposer(), c.kind === 'calendar' ? 'calendar.remove' : c.action, payload);
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    const stale = changeId(r);
    await c.overtake();
    const now = await c.read();
    await expectRefused(c.checker(), 'config.decide', { changeId: stale, decision: 'approve' }, 'errors.config.stale');
    expect(await c.read()).toEqual(now);
    const rejecter = c.kind === 'qc_plan' ? users.qc2 : c.checker();
    expect(await run(rejecter, 'config.decide', { changeId: stale, decision: 'reject', note: '配置已变更，请按现行配置重新提交' })).toEqual({ ok: true, data: { status: 'rejected' }, message: 'config.rejected' });
    expect(await change(stale)).toMatchObject([{ status: 'rejected', decided_by: rejecter.id, decision_note: '配置已变更，请按现行配置重新提交' }]);
    expect(await c.read()).toEqual(now);
  });
});

describe('the working calendar', () => {
  it('a removal is proposed only for a day that is set, and applies when approved', async () => {
    await expectRefused(users.admin, 'calendar.remove', { date: '2032-05-03', note: '误设' }, 'errors.calendar.notSet');
    // 2032-10-01 is set (approved above, its name corrected since): another administrator approves its removal.
    const id = changeId(await run(users.admin2, 'calendar.remove', { date: '2032-10-01', note: '安排取消' }));
    expect(await calendarDay('2032-10-01')).toHaveLength(1);
    expect(await run(users.admin, 'config.decide', { changeId: id, decision: 'approve', note: '核对无误' })).toMatchObject({ ok: true });
    expect(await calendarDay('2032-10-01')).toEqual([]);
    expect(await change(id)).toMatchObject([{ target: '2032-10-01', status: 'approved', decided_by: users.admin.id, decision_note: '核对无误' }]);
  });

  it('the day waits on its own: a change of another day may be proposed meanwhile', async () => {
    const a = changeId(await run(users.admin, 'calendar.set', { date: '2032-10-04', kind: 'holiday', name: '国庆节', note: '国庆' }));
    const b = changeId(await run(users.admin, 'calendar.set', { date: '2032-10-09', kind: 'workday', name: '国庆调休', note: '调休' }));
    expect((await listPendingChanges('calendar')).filter((p) => [a, b].includes(p.id)).map((p) => p.target)).toEqual(['2032-10-04', '2032-10-09']);
    for (const id of [a, b]) expect(await run(users.admin2, 'config.decide', { changeId: id, decision: 'reject', note: '待正式通知' })).toMatchObject({ ok: true });
    expect(await sql`SELECT day FROM working_calendar WHERE day IN ('2032-10-04', '2032-10-09')`).toEqual([]);
  });
});

describe('the database holds the rules by itself', () => {
  it('one pending change per configuration; a decision by its proposer, a decision without a decider, a rejection without a note', async () => {
    const { supervisor, supervisor2 } = users;
    const insert = (over: Record<string, unknown> = {}) => {
      const v = { kind: 'appraisal_weights', target: 'db-test', status: 'pending', decided_by: null, decided_at: null, decision_note: null, ...over };
      return sql`INSERT INTO config_changes (kind, target, payload, note, status, proposed_by, decided_by, decided_at, decision_note)
        VALUES (${v.kind as string}, ${v.target as string}, '{}'::jsonb, '测试', ${v.status as string}, ${supervisor.id}, ${v.decided_by as string | null}, ${v.decided_at as string | null}::timestamptz, ${v.decision_note as string | null})`;
    };
    await insert({ status: 'rejected', decided_by: supervisor2.id, decided_at: new Date().toISOString(), decision_note: '不同意' });
    await insert({ status: 'rejected', decided_by: supervisor2.id, decided_at: new Date().toISOString(), decision_note: '仍不同意' });
    expect(await pgFailure(() => insert({ status: 'approved', decided_by: supervisor.id, decided_at: new Date().toISOString() }))).toMatchObject({ code: '23514', constraint: 'config_changes_four_eyes' });
    expect(await pgFailure(() => insert({ status: 'approved' }))).toMatchObject({ code: '23514', constraint: 'config_changes_decision_shape' });
    expect(await pgFailure(() => insert({ decided_by: supervisor2.id }))).toMatchObject({ code: '23514', constraint: 'config_changes_decision_shape' });
    expect(await pgFailure(() => insert({ status: 'rejected', decided_by: supervisor2.id, decided_at: new Date().toISOString() }))).toMatchObject({ code: '23514', constraint: 'config_changes_decision_shape' });
    expect(await pgFailure(() => insert({ kind: 'branch_hours' }))).toMatchObject({ code: '23514', constraint: 'config_changes_kind' });
    // Two waiting for the same configuration: the second is refused. Its content never changes while it waits.
    await insert();
    expect(await pgFailure(() => insert())).toMatchObject({ code: '23505', constraint: 'config_changes_one_pending_idx' });
    expect(await pgFailure(() => sql`UPDATE config_changes SET payload = '{"weights": {}}'::jsonb WHERE target = 'db-test' AND status = 'pending'`)).toMatchObject({ code: '23514', message: expect.stringMatching(/decided once/) });
    expect(await pgFailure(() => sql`UPDATE config_changes SET status = 'rejected', decided_by = ${supervisor2.id}, decided_at = now(), decision_note = '测试', note = '改写' WHERE target = 'db-test' AND status = 'pending'`)).toMatchObject({
      code: '23514',
      message: expect.stringMatching(/cannot be altered/),
    });
    // Decided by SQL as the app does it, so nothing of this test stays pending.
    await sql`UPDATE config_changes SET status = 'rejected', decided_by = ${supervisor2.id}, decided_at = now(), decision_note = '测试' WHERE target = 'db-test' AND status = 'pending'`;
  });
});
