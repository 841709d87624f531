import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { currentScorecards, pickScorecard, type PublishedScorecard } from '@/lib/qc/scorecards';
import { templateDefinitionSchema } from '@/lib/qc/template';
import { action } from './actions';
import { makeUser, uniqueName, type TestUser } from './factories';
import { actAs, auditSince, businessChecksums, maxAuditSeq, pgFailure } from './helpers';

// Scorecard templates are configuration under four-eyes: a QC member proposes, a second QC member or a supervisor
// publishes. Every template made here applies to the chat channel only (with a case type where it matters): no other
// test file inspects a chat session, so none of them scores with these instead of the default template.

let qcA: TestUser;
let qcB: TestUser;
let supervisor: TestUser;
let teller: TestUser;
let admin: TestUser;

beforeAll(async () => {
  [qcA, qcB, supervisor, teller, admin] = await Promise.all([makeUser('qc'), makeUser('qc'), makeUser('supervisor'), makeUser('teller'), makeUser('admin')]);
});

type Item = { key: string; title: string; weight: number; scale: { kind: 'yes_no' } | { kind: 'points'; max: number }; critical?: boolean; allowNa?: boolean; auto?: string };
type Section = { key: string; title: string; items: Item[] };

const ITEMS: Item[] = [
  { key: 'greeting', title: '规范问候', weight: 40, scale: { kind: 'yes_no' } },
  { key: 'accuracy', title: '录入准确', weight: 60, scale: { kind: 'points', max: 5 } },
];
const definition = (sections: Section[] = [{ key: 'main', title: '服务规范', items: ITEMS }]) => JSON.stringify({ sections });
/** The definition as stored: parsed, with the defaults filled in (guidance, critical, N/A). */
const stored = (json: string) => templateDefinitionSchema.parse(JSON.parse(json));

/** A proposal of a new chat-only template, through the action as `user`; returns its ids. */
async function proposeNew(user: TestUser, over: Record<string, string> = {}): Promise<{ id: string; templateId: string; name: string }> {
  const name = over.name ?? uniqueName('评分表');
  actAs(user.sid);
  const r = await action('scorecard.propose')(null, { name, channels: 'chat', definition: definition(), note: '新增在线文字渠道评分表', ...over });
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true, message: 'scorecards.proposed' });
  return { ...(r as { data: { id: string; templateId: string } }).data, name };
}

async function decide(user: TestUser, scorecardProposalId: string, decision: 'approve' | 'reject' = 'approve', note = '') {
  actAs(user.sid);
  return action('scorecard.decide')(null, { scorecardProposalId, decision, note });
}

describe('a scorecard version is published by a second person', () => {
  it('a proposal does not apply; its proposer cannot publish it; a supervisor does, as version 1', async () => {
    const before = await currentScorecards();
    const p = await proposeNew(qcA, { businesses: 'transfer_external' });
    expect(await currentScorecards()).toEqual(before);
    expect(await sql`SELECT name, channels, businesses, created_by FROM scorecard_templates WHERE id = ${p.templateId}`).toEqual([
      { name: p.name, channels: ['chat'], businesses: ['transfer_external'], created_by: qcA.id },
    ]);
    expect(await sql`SELECT status, base_version, proposed_by FROM scorecard_proposals WHERE id = ${p.id}`).toEqual([{ status: 'pending', base_version: null, proposed_by: qcA.id }]);

    // The proposer's own decision: denied, audited, nothing written.
    const unchanged = await businessChecksums();
    const seq = await maxAuditSeq();
    expect(await decide(qcA, p.id)).toEqual({ ok: false, message: 'errors.qc.ownProposal', fieldErrors: {} });
    expect(await businessChecksums()).toEqual(unchanged);
    expect(await auditSince(seq)).toMatchObject([{ action: 'scorecard.decide', outcome: 'denied', actor_id: qcA.id, entity_id: p.id, details: { reason: 'errors.qc.ownProposal' } }]);

    expect(await decide(supervisor, p.id)).toMatchObject({ ok: true, message: 'scorecards.published', data: { templateId: p.templateId, version: 1 } });
    expect(await sql`SELECT version, proposed_by, approved_by FROM scorecard_versions WHERE template_id = ${p.templateId}`).toEqual([{ version: 1, proposed_by: qcA.id, approved_by: supervisor.id }]);
    expect(await sql`SELECT status, decided_by FROM scorecard_proposals WHERE id = ${p.id}`).toEqual([{ status: 'approved', decided_by: supervisor.id }]);
    const published = (await currentScorecards()).find((s) => s.templateId === p.templateId);
    expect(published).toEqual({ templateId: p.templateId, name: p.name, version: 1, channels: ['chat'], businesses: ['transfer_external'], definition: stored(definition()) });
    // Decided once.
    expect(await decide(qcB, p.id, 'reject', '重复')).toMatchObject({ ok: false, message: 'errors.alreadyDecided' });
  });

  it('a second QC member may publish too; a rejection publishes nothing', async () => {
    const p = await proposeNew(qcA);
    expect(await decide(qcB, p.id, 'reject', '权重需要再讨论')).toMatchObject({ ok: true, message: 'scorecards.rejected', data: { templateId: p.templateId } });
    expect(await sql`SELECT status, decided_by, decision_note FROM scorecard_proposals WHERE id = ${p.id}`).toEqual([{ status: 'rejected', decided_by: qcB.id, decision_note: '权重需要再讨论' }]);
    expect(await sql`SELECT version FROM scorecard_versions WHERE template_id = ${p.templateId}`).toEqual([]);
    const q = await proposeNew(qcB);
    expect(await decide(qcA, q.id)).toMatchObject({ ok: true, data: { version: 1 } });
    expect(await sql`SELECT proposed_by, approved_by FROM scorecard_versions WHERE template_id = ${q.templateId}`).toEqual([{ proposed_by: qcB.id, approved_by: qcA.id }]);
  });

  it('one pending proposal per template; approving one written on a version since replaced is refused', async () => {
    const first = await proposeNew(qcA);
    expect(await decide(supervisor, first.id)).toMatchObject({ ok: true, data: { version: 1 } });

    // Version 2, proposed on top of version 1.
    actAs(qcA.sid);
    const v2 = { templateId: first.templateId, definition: definition([{ key: 'main', title: '服务规范', items: [ITEMS[0]!, { ...ITEMS[1]!, weight: 20 }] }]), note: '下调准确性权重' };
    const proposed = await action('scorecard.propose')(null, v2);
    expect(proposed).toMatchObject({ ok: true, data: { templateId: first.templateId } });
    const staleId = (proposed as { data: { id: string } }).data.id;
    expect(await sql`SELECT base_version FROM scorecard_proposals WHERE id = ${staleId}`).toEqual([{ base_version: 1 }]);

    // A second one for the same template waits its turn: refused, nothing written.
    let unchanged = await businessChecksums();
    actAs(qcB.sid);
    expect(await action('scorecard.propose')(null, { ...v2, note: '另一种调整' })).toEqual({ ok: false, message: 'errors.qc.proposalPending', fieldErrors: {} });
    expect(await businessChecksums()).toEqual(unchanged);

    // The app cannot make a rival while one waits, so a rival version 2 is published the way the migrations publish
    // (no proposer): the proposal was written on version 1, which is no longer current.
    await sql`INSERT INTO scorecard_versions (template_id, version, definition, note) SELECT template_id, 2, definition, '迁移发布' FROM scorecard_versions WHERE template_id = ${first.templateId} AND version = 1`;
    unchanged = await businessChecksums();
    expect(await decide(supervisor, staleId)).toEqual({ ok: false, message: 'errors.qc.scorecardChanged', fieldErrors: {} });
    expect(await businessChecksums()).toEqual(unchanged);
    expect(await sql`SELECT status FROM scorecard_proposals WHERE id = ${staleId}`).toEqual([{ status: 'pending' }]);
    expect((await currentScorecards()).find((s) => s.templateId === first.templateId)).toMatchObject({ version: 2, definition: stored(definition()) });
    // It can still be sent back, which frees the template for a proposal on the current version.
    expect(await decide(supervisor, staleId, 'reject', '请基于第 2 版重新提出')).toMatchObject({ ok: true });
    actAs(qcB.sid);
    expect(await action('scorecard.propose')(null, { ...v2, note: '基于第 2 版下调准确性权重' })).toMatchObject({ ok: true });
  });

  it('a template name is taken once', async () => {
    const p = await proposeNew(qcA);
    const unchanged = await businessChecksums();
    actAs(qcB.sid);
    expect(await action('scorecard.propose')(null, { name: p.name, channels: 'chat', definition: definition(), note: '同名' })).toEqual({
      ok: false,
      message: 'errors.qc.templateNameTaken',
      fieldErrors: { name: ['errors.qc.templateNameTaken'] },
    });
    expect(await businessChecksums()).toEqual(unchanged);
  });

  it('a teller or an admin may neither propose nor decide; a supervisor may not propose', async () => {
    const p = await proposeNew(qcA);
    for (const [user, name] of [
      [teller, 'scorecard.propose'],
      [admin, 'scorecard.propose'],
      [supervisor, 'scorecard.propose'],
      [teller, 'scorecard.decide'],
      [admin, 'scorecard.decide'],
    ] as const) {
      const before = await businessChecksums();
      const seq = await maxAuditSeq();
      actAs(user.sid);
      const payload = name === 'scorecard.propose' ? { name: uniqueName('越权'), definition: definition(), note: '越权提出' } : { scorecardProposalId: p.id, decision: 'approve' };
      expect(await action(name)(null, payload)).toEqual({ ok: false, message: 'errors.forbidden', fieldErrors: {} });
      expect(await businessChecksums()).toEqual(before);
      expect(await auditSince(seq)).toMatchObject([{ action: name, outcome: 'denied', actor_id: user.id, details: { reason: 'role' } }]);
    }
    expect(await sql`SELECT status FROM scorecard_proposals WHERE id = ${p.id}`).toEqual([{ status: 'pending' }]);
  });
});

describe('the database holds four-eyes and append-only versions', () => {
  let templateId: string;
  let proposalId: string;
  beforeAll(async () => {
    const p = await proposeNew(qcA);
    expect(await decide(qcB, p.id)).toMatchObject({ ok: true });
    templateId = p.templateId;
    proposalId = p.id;
  });

  it('a version approved by its own proposer is refused', async () => {
    expect(
      await pgFailure(() => sql`INSERT INTO scorecard_versions (template_id, version, definition, note, proposed_by, approved_by) VALUES (${templateId}, 2, '{"sections": []}', 'x', ${qcA.id}, ${qcA.id})`),
    ).toMatchObject({ constraint: 'scorecard_versions_four_eyes' });
    // A proposer with no approver at all, too.
    expect(await pgFailure(() => sql`INSERT INTO scorecard_versions (template_id, version, definition, note, proposed_by) VALUES (${templateId}, 2, '{"sections": []}', 'x', ${qcA.id})`)).toMatchObject({
      constraint: 'scorecard_versions_four_eyes',
    });
  });

  it('a published version can be neither changed nor deleted', async () => {
    expect(await pgFailure(() => sql`UPDATE scorecard_versions SET note = 'x' WHERE template_id = ${templateId}`)).toMatchObject({ message: expect.stringMatching(/append-only: UPDATE/) });
    expect(await pgFailure(() => sql`DELETE FROM scorecard_versions WHERE template_id = ${templateId}`)).toMatchObject({ message: expect.stringMatching(/append-only: DELETE/) });
    expect(await sql`SELECT version, approved_by FROM scorecard_versions WHERE template_id = ${templateId}`).toEqual([{ version: 1, approved_by: qcB.id }]);
  });

  it('a decided proposal is final; a pending one keeps its content and is never decided by its proposer', async () => {
    expect(await pgFailure(() => sql`UPDATE scorecard_proposals SET status = 'pending', decided_by = NULL, decided_at = NULL WHERE id = ${proposalId}`)).toMatchObject({
      message: expect.stringMatching(/already decided/),
    });
    expect(await pgFailure(() => sql`UPDATE scorecard_proposals SET decision_note = 'x' WHERE id = ${proposalId}`)).toMatchObject({ message: expect.stringMatching(/already decided/) });
    expect(await pgFailure(() => sql`DELETE FROM scorecard_proposals WHERE id = ${proposalId}`)).toMatchObject({ message: expect.stringMatching(/cannot be deleted/) });

    actAs(qcA.sid);
    const pending = await action('scorecard.propose')(null, { templateId, definition: definition(), note: '复核' });
    const pendingId = (pending as { data: { id: string } }).data.id;
    expect(await pgFailure(() => sql`UPDATE scorecard_proposals SET definition = '{"sections": []}' WHERE id = ${pendingId}`)).toMatchObject({ message: expect.stringMatching(/cannot be altered/) });
    expect(await pgFailure(() => sql`UPDATE scorecard_proposals SET status = 'approved', decided_by = ${qcA.id}, decided_at = now() WHERE id = ${pendingId}`)).toMatchObject({
      constraint: 'scorecard_proposals_four_eyes',
    });
    // Two pending for one template, even written directly.
    expect(await pgFailure(() => sql`INSERT INTO scorecard_proposals (template_id, base_version, definition, note, proposed_by) VALUES (${templateId}, 1, '{}', 'x', ${qcB.id})`)).toMatchObject({
      constraint: 'scorecard_proposals_one_pending_idx',
    });
  });
});

describe('a malformed definition is refused at its place, and nothing is written', () => {
  async function expectFieldErrors(payload: Record<string, string>, fieldErrors: Record<string, string[]>) {
    actAs(qcA.sid);
    const before = await businessChecksums();
    const seq = await maxAuditSeq();
    expect(await action('scorecard.propose')(null, { name: uniqueName('坏表'), note: '格式测试', ...payload })).toEqual({ ok: false, message: 'errors.checkFields', fieldErrors });
    expect(await businessChecksums()).toEqual(before);
    expect(await auditSince(seq)).toMatchObject([{ action: 'scorecard.propose', outcome: 'failed', details: { reason: 'invalid_input' } }]);
  }

  it('a duplicate item key, across sections', async () => {
    await expectFieldErrors(
      { definition: definition([{ key: 'a', title: '甲', items: ITEMS }, { key: 'b', title: '乙', items: [{ ...ITEMS[0]!, title: '再次问候' }] }]) },
      { 'definition.sections.1.items.0.key': ['errors.qc.duplicateKey'] },
    );
  });

  it('a weight of 0', async () => {
    await expectFieldErrors({ definition: definition([{ key: 'a', title: '甲', items: [ITEMS[0]!, { ...ITEMS[1]!, weight: 0 }] }]) }, { 'definition.sections.0.items.1.weight': ['errors.qc.weight'] });
  });

  it('an empty section, and no section at all', async () => {
    await expectFieldErrors({ definition: definition([{ key: 'a', title: '甲', items: ITEMS }, { key: 'b', title: '乙', items: [] }]) }, { 'definition.sections.1.items': ['errors.qc.emptySection'] });
    await expectFieldErrors({ definition: definition([]) }, { 'definition.sections': ['errors.qc.noSections'] });
  });

  it('a bad key, a points scale without a maximum, an unknown automatic check', async () => {
    await expectFieldErrors(
      {
        definition: definition([
          {
            key: 'a',
            title: '甲',
            items: [
              { ...ITEMS[0]!, key: 'Greeting!' },
              { ...ITEMS[1]!, scale: { kind: 'points' } as unknown as Item['scale'] },
              { ...ITEMS[0]!, key: 'otp', auto: 'guess' },
            ],
          },
        ]),
      },
      { 'definition.sections.0.items.0.key': ['errors.qc.itemKey'], 'definition.sections.0.items.1.scale.max': ['errors.invalid'], 'definition.sections.0.items.2.auto': ['errors.invalid'] },
    );
  });

  it('text that is not JSON', async () => {
    await expectFieldErrors({ definition: '{"sections": [' }, { definition: ['errors.invalid'] });
  });

  it('a new template without a name, an unknown channel or case type, an unknown template', async () => {
    await expectFieldErrors({ name: '', definition: definition() }, { name: ['errors.qc.templateNameRequired'] });
    await expectFieldErrors({ definition: definition(), channels: 'chat,fax', businesses: 'teleport' }, { 'channels.1': ['errors.invalid'], 'businesses.0': ['errors.invalid'] });
    actAs(qcA.sid);
    const before = await businessChecksums();
    expect(await action('scorecard.propose')(null, { templateId: randomUUID(), definition: definition(), note: '不存在的模板' })).toEqual({ ok: false, message: 'errors.notFound', fieldErrors: {} });
    expect(await businessChecksums()).toEqual(before);
  });
});

describe('which scorecard applies to a session', () => {
  it('the most specific published template: channel and case type, then either, then the general one; by name among equals', async () => {
    const prefix = uniqueName('择表');
    const publish = async (name: string, over: Record<string, string>) => {
      const p = await proposeNew(qcA, { name, ...over });
      expect(await decide(qcB, p.id)).toMatchObject({ ok: true });
      return p.templateId;
    };
    const both = await publish(`${prefix}-both`, { channels: 'chat', businesses: 'card_activation,open_card' });
    const chatB = await publish(`${prefix}-b`, { channels: 'chat' });
    const chatA = await publish(`${prefix}-a`, { channels: 'chat' });
    // Only this test's templates and the default one (another file may have published chat templates of its own).
    const mine = new Set([both, chatA, chatB]);
    const all = (await currentScorecards()).filter((s) => mine.has(s.templateId) || s.name === '通用服务质检表');
    expect(all).toHaveLength(4);
    const general = all.find((s) => s.name === '通用服务质检表')!;
    expect(general).toMatchObject({ channels: [], businesses: [] });
    const pick = (list: readonly PublishedScorecard[], channel: string, businesses: string[]) => pickScorecard(list, channel, businesses)?.templateId;

    expect(pick(all, 'chat', ['open_card'])).toBe(both);
    expect(pick(all, 'chat', ['change_mobile', 'card_activation'])).toBe(both);
    // A template naming case types does not fit a session with none of them; equals go by name.
    expect(pick(all, 'chat', [])).toBe(chatA);
    expect(pick(all, 'chat', ['change_mobile'])).toBe(chatA);
    // Another channel: only the general template fits.
    expect(pick(all, 'video', ['open_card'])).toBe(general.templateId);
    expect(pick(all, 'phone', [])).toBe(general.templateId);
    // Naming a case type is as specific as naming a channel, and beats the general template.
    const byBusiness = { ...all.find((s) => s.templateId === both)!, templateId: 'by-business', name: `${prefix}-0`, channels: [] };
    expect(pick([...all, byBusiness], 'phone', ['open_card'])).toBe('by-business');
    expect(pick([...all, byBusiness], 'chat', ['open_card'])).toBe(both);
    expect(pick([...all, byBusiness], 'chat', [])).toBe(chatA);
    expect(pick([], 'phone', [])).toBeUndefined();
  });
});
