import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { beijingDate } from '@/lib/calendar/working-days';
import { renderMarkdown } from '@/lib/kb/markdown';
import type { Segment } from '@/lib/kb/highlight';
import { decideVersion, getArticle, listOverdueReviews, noticeOverdueReviews, proposeVersion, searchArticles, suggestArticles } from '@/lib/kb/service';
import type { KbKind } from '@/lib/kb/schemas';
import type { Business } from '@/lib/cases/approval-policy';
import { expectRefusedAs as expectRefused, runAs as run } from './actions';
import { makeUser, uniqueName, type TestUser } from './factories';
import { businessChecksums, pgFailure } from './helpers';

// The knowledge base (知识库): supervisors and QC write versions, another of them publishes (four-eyes, also in the
// database), tellers search published articles in Chinese and English and mark them helpful or outdated.

const DAY = 86_400_000;
const inDays = (n: number) => beijingDate(new Date(Date.now() + n * DAY));

let writer: TestUser;
let checker: TestUser;
let otherWriter: TestUser;
let teller: TestUser;
let admin: TestUser;

beforeAll(async () => {
  [writer, checker, otherWriter, teller, admin] = await Promise.all([makeUser('supervisor'), makeUser('qc'), makeUser('qc'), makeUser('teller'), makeUser('admin')]);
});

type Draft = { title: string; body?: string; kind?: KbKind; businessTypes?: Business[]; reviewBy?: string };

/** An article proposed by `by` through the service (as the seed does), optionally published by `publisher`. */
async function article(by: TestUser, d: Draft, publisher?: TestUser): Promise<string> {
  const { articleId } = await proposeVersion(by.id, { articleId: null, baseVersion: null, kind: d.kind ?? 'procedure', title: d.title, body: d.body ?? '正文', businessTypes: d.businessTypes ?? [], reviewBy: d.reviewBy ?? inDays(90) });
  if (publisher) await decideVersion(publisher.id, articleId, 1, true, '');
  return articleId;
}

const versionsOf = (articleId: string) =>
  sql<{ version: number; status: string; author_id: string; decided_by: string | null }[]>`SELECT version, status, author_id, decided_by FROM kb_versions WHERE article_id = ${articleId} ORDER BY version`;
const noticesOf = (staffId: string) => sql<{ kind: string; params: Record<string, unknown>; link: string }[]>`SELECT kind, params, link FROM staff_notifications WHERE staff_id = ${staffId} ORDER BY created_at`;
const text = (segments: Segment[]) => segments.map((s) => s.text).join('');
const hits = (segments: Segment[]) => segments.filter((s) => s.hit).map((s) => s.text);

describe('four-eyes publishing', () => {
  it('a writer proposes, cannot publish their own version, and another writer publishes it; the author is told', async () => {
    const title = uniqueName('开卡须知');
    const r = await run(writer, 'kb.propose', { kind: 'procedure', title, body: '# 开卡\n\n核对身份证。', reviewBy: inDays(30), bt_open_card: 'on', bt_card_activation: 'on' });
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, data: { version: 1 } });
    const { articleId } = (r as { data: { articleId: string } }).data;
    expect(await sql`SELECT kind, created_by, published_version FROM kb_articles WHERE id = ${articleId}`).toEqual([{ kind: 'procedure', created_by: writer.id, published_version: null }]);
    expect(await sql`SELECT business_types, status FROM kb_versions WHERE article_id = ${articleId}`).toEqual([{ business_types: ['open_card', 'card_activation'], status: 'pending' }]);
    // Not yet for readers: neither the article nor search shows it.
    expect(await getArticle(articleId, teller.id, false)).toBeNull();
    expect((await searchArticles({ q: title })).hits).toEqual([]);

    await expectRefused(writer, 'kb.decide', { articleId, version: '1', decision: 'approve' }, 'errors.kb.ownVersion', {}, 'denied');
    const decided = await run(checker, 'kb.decide', { articleId, version: '1', decision: 'approve' });
    expect(decided, JSON.stringify(decided)).toMatchObject({ ok: true, data: { status: 'published' } });
    expect(await versionsOf(articleId)).toEqual([{ version: 1, status: 'published', author_id: writer.id, decided_by: checker.id }]);
    expect(await sql`SELECT published_version FROM kb_articles WHERE id = ${articleId}`).toEqual([{ published_version: 1 }]);
    expect(await noticesOf(writer.id)).toContainEqual({ kind: 'kbPublished', params: expect.objectContaining({ title, version: 1, by: checker.displayName }), link: `/kb/articles/${articleId}` });
    expect((await getArticle(articleId, teller.id, false))?.published).toMatchObject({ version: 1, authorName: writer.displayName, deciderName: checker.displayName });
    // Decided once: a second decision is refused.
    await expectRefused(otherWriter, 'kb.decide', { articleId, version: '1', decision: 'reject', note: '再看看' }, 'errors.alreadyDecided');
  });

  it('publishing the next version supersedes the one before; a rejection needs its reason and tells the author', async () => {
    const articleId = await article(writer, { title: uniqueName('转账限额') }, checker);
    const v2 = await run(writer, 'kb.propose', { articleId, baseVersion: '1', title: '转账限额（2025 版）', body: '单笔 5 万元。', reviewBy: inDays(60) });
    expect(v2, JSON.stringify(v2)).toMatchObject({ ok: true, data: { articleId, version: 2 } });
    await expectRefused(checker, 'kb.decide', { articleId, version: '2', decision: 'reject', note: ' ' }, 'errors.checkFields', { note: ['errors.kb.rejectionNote'] });
    expect(await run(checker, 'kb.decide', { articleId, version: '2', decision: 'reject', note: '限额数字未核对' })).toMatchObject({ ok: true, data: { status: 'rejected' } });
    expect(await noticesOf(writer.id)).toContainEqual({ kind: 'kbRejected', params: expect.objectContaining({ version: 2, note: '限额数字未核对' }), link: `/kb/articles/${articleId}` });

    expect(await run(writer, 'kb.propose', { articleId, baseVersion: '1', title: '转账限额（2025 版）', body: '单笔 5 万元，单日 20 万元。', reviewBy: inDays(60) })).toMatchObject({ ok: true, data: { version: 3 } });
    expect(await run(otherWriter, 'kb.decide', { articleId, version: '3', decision: 'approve' })).toMatchObject({ ok: true });
    expect((await versionsOf(articleId)).map((v) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'rejected'],
      [3, 'published'],
    ]);
    expect((await getArticle(articleId, teller.id, false))?.versions.map((v) => v.version)).toEqual([3, 1]);
  });

  it('the database refuses a version approved by its author, and a second published version of an article', async () => {
    const articleId = await article(writer, { title: uniqueName('库内四眼') });
    expect(await pgFailure(() => sql`UPDATE kb_versions SET status = 'published', decided_by = author_id, decided_at = now() WHERE article_id = ${articleId}`)).toMatchObject({
      code: '23514',
      constraint: 'kb_versions_four_eyes',
    });
    await decideVersion(checker.id, articleId, 1, true, '');
    await proposeVersion(writer.id, { articleId, baseVersion: 1, kind: null, title: '第二版', body: '正文二', businessTypes: [], reviewBy: inDays(10) });
    // Publishing version 2 without superseding version 1.
    expect(await pgFailure(() => sql`UPDATE kb_versions SET status = 'published', decided_by = ${checker.id}, decided_at = now() WHERE article_id = ${articleId} AND version = 2`)).toMatchObject({
      code: '23505',
      constraint: 'kb_versions_one_published_idx',
    });
    // A published text stays as published.
    expect(await pgFailure(() => sql`UPDATE kb_versions SET body = '改过' WHERE article_id = ${articleId} AND version = 1`)).toMatchObject({ code: '23514' });
  });

  it('a version written on an older published version is refused as stale, and only one version awaits review at a time', async () => {
    const articleId = await article(writer, { title: uniqueName('挂失流程') }, checker);
    // Both open the editor on version 1; the other writer's version is published first.
    expect(await run(otherWriter, 'kb.propose', { articleId, baseVersion: '1', title: '挂失流程', body: '新流程。', reviewBy: inDays(30) })).toMatchObject({ ok: true, data: { version: 2 } });
    await expectRefused(writer, 'kb.propose', { articleId, baseVersion: '1', title: '挂失流程', body: '另一版。', reviewBy: inDays(30) }, 'errors.kb.pendingExists');
    await decideVersion(checker.id, articleId, 2, true, '');
    await expectRefused(writer, 'kb.propose', { articleId, baseVersion: '1', title: '挂失流程', body: '另一版。', reviewBy: inDays(30) }, 'errors.kb.stale');
    // Written on the current version, it goes through.
    expect(await run(writer, 'kb.propose', { articleId, baseVersion: '2', title: '挂失流程', body: '另一版。', reviewBy: inDays(30) })).toMatchObject({ ok: true, data: { version: 3 } });
  });
});

describe('search', () => {
  // A word no other article holds, so this file's articles are the only ones a query with it can find.
  let marker: string;
  let titled: string;
  let often: string;
  let once: string;

  beforeAll(async () => {
    marker = uniqueName('kbt');
    titled = await article(writer, { title: `如何办理开卡业务 ${marker}`, body: '准备身份证。', kind: 'procedure', businessTypes: ['open_card'] }, checker);
    often = await article(writer, { title: `卡片须知 ${marker}`, body: '开卡前核对。开卡时签字。开卡后激活。', kind: 'faq' }, checker);
    once = await article(writer, { title: `业务总览 ${marker}`, body: `各项业务……${'其他内容。'.repeat(40)}最后一项是开卡。`, kind: 'product' }, checker);
    // Pending: never found.
    await article(writer, { title: `开卡草稿 ${marker}` });
  });

  it('finds "开卡" inside "如何办理开卡业务" and ranks title hits, then frequent hits, first', async () => {
    const r = await searchArticles({ q: `开卡 ${marker}` });
    expect(r.hits.map((h) => h.articleId)).toEqual([titled, often, once]);
    expect(r.more).toBe(false);
    expect(text(r.hits[0]!.title)).toBe(`如何办理开卡业务 ${marker}`);
    expect(hits(r.hits[0]!.title)).toEqual(['开卡', marker]);
    // The snippet is cut around the first hit, which is marked.
    expect(hits(r.hits[2]!.snippet)).toContain('开卡');
    expect(text(r.hits[2]!.snippet).startsWith('…')).toBe(true);
  });

  it('does not find the characters in the other order, a single character finds them all, punctuation finds nothing', async () => {
    expect((await searchArticles({ q: `卡开 ${marker}` })).hits).toEqual([]);
    expect((await searchArticles({ q: `卡 ${marker}` })).hits.map((h) => h.articleId).sort()).toEqual([titled, often, once].sort());
    expect((await searchArticles({ q: '？！' })).hits).toEqual([]);
  });

  it('reads full-width and upper-case Latin as the same word, and filters by kind and business', async () => {
    const fullWidth = marker.replace(/[a-z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).toUpperCase();
    expect((await searchArticles({ q: `${fullWidth} 开卡` })).hits).toHaveLength(3);
    expect((await searchArticles({ q: marker, kind: 'faq' })).hits.map((h) => h.articleId)).toEqual([often]);
    expect((await searchArticles({ q: marker, businessType: 'open_card' })).hits.map((h) => h.articleId)).toEqual([titled]);
  });

  it('pages its results', async () => {
    const first = await searchArticles({ q: `开卡 ${marker}`, limit: 2 });
    expect(first.hits.map((h) => h.articleId)).toEqual([titled, often]);
    expect(first.more).toBe(true);
    const second = await searchArticles({ q: `开卡 ${marker}`, limit: 2, page: 1 });
    expect(second).toMatchObject({ more: false, hits: [{ articleId: once }] });
  });

  it('finds mixed Chinese and English text: "ATM 取款"', async () => {
    const id = await article(writer, { title: `取款限额 ${marker}`, body: '| 渠道 | 单日 |\n|---|---|\n| ATM 取款 | 2 万元 |' }, checker);
    expect((await searchArticles({ q: `atm取款 ${marker}` })).hits.map((h) => h.articleId)).toEqual([id]);
  });
});

describe('suggestions for the business handled', () => {
  it('lists published articles tagged with the session business, those meeting more of it first', async () => {
    const both = await article(writer, { title: uniqueName('激活与开卡'), businessTypes: ['open_card', 'card_activation'] }, checker);
    const one = await article(writer, { title: uniqueName('开卡'), businessTypes: ['open_card'] }, checker);
    const other = await article(writer, { title: uniqueName('销户'), businessTypes: ['account_closure'] }, checker);
    const pending = await article(writer, { title: uniqueName('未发布开卡'), businessTypes: ['open_card', 'card_activation'] });
    const ids = (await suggestArticles(['open_card', 'card_activation', 'open_card'], 500)).map((s) => s.articleId);
    expect(ids).toContain(both);
    expect(ids.indexOf(both)).toBeLessThan(ids.indexOf(one));
    expect(ids).not.toContain(other);
    expect(ids).not.toContain(pending);
    expect(await suggestArticles([])).toEqual([]);
  });
});

describe('feedback', () => {
  it('"outdated" needs what is wrong and notifies the author; each mark is given once, on the current version', async () => {
    const title = uniqueName('口令问答');
    const articleId = await article(writer, { title }, checker);
    await expectRefused(teller, 'kb.feedback', { articleId, version: '1', kind: 'outdated', note: '' }, 'errors.checkFields', { note: ['errors.kb.outdatedNote'] });
    expect(await run(teller, 'kb.feedback', { articleId, version: '1', kind: 'outdated', note: '口令有效期已改为 5 分钟' })).toMatchObject({ ok: true });
    expect(await noticesOf(writer.id)).toContainEqual({ kind: 'kbOutdated', params: expect.objectContaining({ title, version: 1, by: teller.displayName, note: '口令有效期已改为 5 分钟' }), link: `/kb/articles/${articleId}` });
    expect(await run(teller, 'kb.feedback', { articleId, version: '1', kind: 'helpful' })).toMatchObject({ ok: true });
    await expectRefused(teller, 'kb.feedback', { articleId, version: '1', kind: 'helpful' }, 'errors.kb.feedbackGiven');
    expect((await getArticle(articleId, teller.id, false))?.feedback).toEqual({ helpful: 1, outdated: 1, mine: expect.arrayContaining(['helpful', 'outdated']) });
    // A version that is not the published one takes no feedback.
    await proposeVersion(writer.id, { articleId, baseVersion: 1, kind: null, title, body: '新版', businessTypes: [], reviewBy: inDays(9) });
    await decideVersion(checker.id, articleId, 2, true, '');
    await expectRefused(checker, 'kb.feedback', { articleId, version: '1', kind: 'helpful' }, 'errors.kb.notCurrent');
  });
});

describe('wrong roles and bad input', () => {
  it('refuses a teller writing or deciding, an admin reading, and changes nothing', async () => {
    const articleId = await article(writer, { title: uniqueName('角色') });
    await expectRefused(teller, 'kb.propose', { kind: 'faq', title: '柜员写的', body: '正文', reviewBy: inDays(30) }, 'errors.forbidden', {}, 'denied');
    await expectRefused(teller, 'kb.decide', { articleId, version: '1', decision: 'approve' }, 'errors.forbidden', {}, 'denied');
    await expectRefused(admin, 'kb.decide', { articleId, version: '1', decision: 'approve' }, 'errors.forbidden', {}, 'denied');
    await expectRefused(admin, 'kb.feedback', { articleId, version: '1', kind: 'helpful' }, 'errors.forbidden', {}, 'denied');
    expect(await versionsOf(articleId)).toEqual([{ version: 1, status: 'pending', author_id: writer.id, decided_by: null }]);
  });

  it('refuses a review date of today or before, an impossible one, one too far ahead, and a new article without its kind', async () => {
    const draft = { kind: 'faq', title: '复核日期', body: '正文' };
    await expectRefused(writer, 'kb.propose', { ...draft, reviewBy: inDays(-1) }, 'errors.checkFields', { reviewBy: ['errors.kb.reviewPast'] });
    await expectRefused(writer, 'kb.propose', { ...draft, reviewBy: inDays(0) }, 'errors.checkFields', { reviewBy: ['errors.kb.reviewPast'] });
    await expectRefused(writer, 'kb.propose', { ...draft, reviewBy: '2031-02-30' }, 'errors.checkFields', { reviewBy: ['errors.date'] });
    await expectRefused(writer, 'kb.propose', { ...draft, reviewBy: inDays(800) }, 'errors.checkFields', { reviewBy: ['errors.kb.reviewTooFar'] });
    await expectRefused(writer, 'kb.propose', { ...draft, kind: '', reviewBy: inDays(5) }, 'errors.checkFields', { kind: ['errors.kb.kindRequired'] });
    await expectRefused(writer, 'kb.propose', { ...draft, kind: 'memo', title: '长'.repeat(121), reviewBy: inDays(5), bt_open_card: 'yes' }, 'errors.checkFields', {
      kind: ['errors.invalid'], title: ['errors.tooLong'], bt_open_card: ['errors.invalid'],
    });
  });

  it('stores Markdown with a script or an iframe as written, and renders it sanitized', async () => {
    const body = '说明\n\n<script>alert(1)</script>\n\n<iframe src="https://evil.example"></iframe>\n\n[点我](javascript:alert(1))';
    const articleId = await article(writer, { title: uniqueName('消毒'), body }, checker);
    const shown = await getArticle(articleId, teller.id, false);
    expect(shown?.published?.body).toBe(body);
    const html = renderMarkdown(shown!.published!.body);
    expect(html).not.toMatch(/<script|<iframe|href="javascript/i);
  });
});

describe('overdue reviews', () => {
  it('surface to the author, and a job tells them once per version', async () => {
    const author = await makeUser('qc');
    const title = uniqueName('到期');
    const articleId = await article(author, { title, reviewBy: inDays(-3) }, writer);
    await article(author, { title: uniqueName('未到期'), reviewBy: inDays(3) }, writer);
    expect((await listOverdueReviews(author.id)).map((v) => v.articleId)).toEqual([articleId]);

    expect(await noticeOverdueReviews()).toBeGreaterThanOrEqual(1);
    const overdue = (await noticesOf(author.id)).filter((n) => n.kind === 'kbReviewOverdue');
    expect(overdue).toEqual([{ kind: 'kbReviewOverdue', params: { title, version: 1, reviewBy: inDays(-3) }, link: `/kb/articles/${articleId}` }]);
    const before = await businessChecksums();
    expect(await noticeOverdueReviews()).toBe(0);
    expect(await businessChecksums()).toEqual(before);
  });
});

describe('notices', () => {
  it('a reader marks only their own notices read', async () => {
    const [a, b] = [await makeUser('teller'), await makeUser('supervisor')];
    await sql`INSERT INTO staff_notifications (staff_id, kind, params) VALUES (${a.id}, 'kbOutdated', '{}'), (${a.id}, 'kbOutdated', '{}'), (${b.id}, 'kbOutdated', '{}')`;
    const [bNotice] = await sql<{ id: string }[]>`SELECT id FROM staff_notifications WHERE staff_id = ${b.id}`;
    await expectRefused(a, 'notice.markRead', { scope: 'one', noticeId: bNotice!.id }, 'errors.notFound');
    expect(await run(a, 'notice.markRead', { scope: 'all' })).toMatchObject({ ok: true, data: { marked: 2 } });
    expect(await sql`SELECT staff_id, read_at IS NOT NULL AS read FROM staff_notifications WHERE staff_id IN (${a.id}, ${b.id}) ORDER BY read`).toEqual([
      { staff_id: b.id, read: false },
      { staff_id: a.id, read: true },
      { staff_id: a.id, read: true },
    ]);
    expect(await run(b, 'notice.markRead', { scope: 'one', noticeId: bNotice!.id })).toMatchObject({ ok: true, data: { marked: 1 } });
  });
});
