import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { currentApprovalPolicy } from '@/lib/cases/case-core';
import { action } from './actions';
import { makeUser, type TestUser } from './factories';
import { actAs, businessChecksums, pgFailure } from './helpers';

let a: TestUser;
let b: TestUser;
beforeAll(async () => {
  [a, b] = await Promise.all([makeUser('supervisor'), makeUser('supervisor')]);
  // A proposal another test file left waiting would block a new one here.
  await sql`UPDATE approval_policy_proposals SET status = 'rejected', decided_by = ${b.id}, decided_at = now() WHERE status = 'pending' AND proposed_by <> ${b.id}`;
  await sql`UPDATE approval_policy_proposals SET status = 'rejected', decided_by = ${a.id}, decided_at = now() WHERE status = 'pending'`;
});

const knobs = { largeAmount: '100000', slaLevel1: '5', slaLevel2: '20', expireAfterMinutes: '120', note: '大额门槛调整为 10 万元' };

describe('changing the approval policy is four-eyes', () => {
  it('a proposal does not apply until a second supervisor approves it; then it is the next version', async () => {
    const before = await currentApprovalPolicy();
    actAs(a.sid);
    const proposed = await action('approvalPolicy.propose')(null, knobs);
    expect(proposed).toMatchObject({ ok: true, message: 'policy.proposed' });
    const id = (proposed as { data: { id: string } }).data.id;
    expect((await currentApprovalPolicy()).version).toBe(before.version);
    // A second proposal while one waits is refused; the proposer cannot approve their own.
    expect(await action('approvalPolicy.propose')(null, knobs)).toMatchObject({ ok: false, message: 'errors.policyProposalPending' });
    const unchanged = await businessChecksums();
    expect(await action('approvalPolicy.decide')(null, { proposalId: id, decision: 'approve' })).toMatchObject({ ok: false, message: 'errors.ownProposal' });
    expect(await businessChecksums()).toEqual(unchanged);
    actAs(b.sid);
    expect(await action('approvalPolicy.decide')(null, { proposalId: id, decision: 'approve' })).toMatchObject({ ok: true, data: { version: before.version + 1 } });
    const after = await currentApprovalPolicy();
    expect(after.version).toBe(before.version + 1);
    expect(after.policy.slaMinutes).toEqual({ 1: 5, 2: 20 });
    expect(after.policy.rules.find((r) => r.id === 'fund_movement_large')!.when.minAmountFen).toBe(10_000_000);
    const [row] = await sql`SELECT proposed_by, approved_by FROM approval_policies WHERE version = ${after.version}`;
    expect(row).toEqual({ proposed_by: a.id, approved_by: b.id });
    // Decided once.
    expect(await action('approvalPolicy.decide')(null, { proposalId: id, decision: 'reject' })).toMatchObject({ ok: false, message: 'errors.alreadyDecided' });
    // Back to the defaults, the same way, so later files see the default bands.
    const back = await action('approvalPolicy.propose')(null, { largeAmount: '50000', slaLevel1: '10', slaLevel2: '30', expireAfterMinutes: '240', note: '恢复默认' });
    actAs(a.sid);
    expect(await action('approvalPolicy.decide')(null, { proposalId: (back as { data: { id: string } }).data.id, decision: 'approve' })).toMatchObject({ ok: true });
  });

  it('the database holds four-eyes on versions and proposals', async () => {
    const [{ v }] = await sql<{ v: number }[]>`SELECT max(version)::int AS v FROM approval_policies`;
    expect(await pgFailure(() => sql`INSERT INTO approval_policies (version, policy, note, proposed_by, approved_by) SELECT ${v + 1}, policy, 'x', ${a.id}, ${a.id} FROM approval_policies WHERE version = ${v}`)).toMatchObject({
      constraint: 'approval_policies_four_eyes',
    });
    expect(await pgFailure(() => sql`UPDATE approval_policies SET note = 'x' WHERE version = ${v}`)).toMatchObject({ message: expect.stringMatching(/append-only/) });
  });

  it('an expiry shorter than an SLA is refused at the field', async () => {
    actAs(a.sid);
    expect(await action('approvalPolicy.propose')(null, { ...knobs, expireAfterMinutes: '15' })).toMatchObject({ ok: false, fieldErrors: { expireAfterMinutes: ['errors.policyExpiryTooShort'] } });
  });
});
