import 'server-only';
import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db';
import { violatesUnique } from '@/db/errors';
import { kbArticles, kbFeedback, kbVersions, staff } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import { beijingDate } from '@/lib/calendar/working-days';
import { notifyStaff } from '@/lib/notifications/staff';
import { highlight, snippet, type Segment } from './highlight';
import { markdownText } from './markdown';
import type { KbKind, KbProposal } from './schemas';
import { searchTerms, searchTokens } from './tokens';
import { UUID } from '@/lib/ids';

/**
 * The knowledge base (知识库): articles of products, procedures, FAQ and required-document lists, in versions. A
 * supervisor or QC member writes a version; a second one of them publishes it (four-eyes, held by the database too);
 * publishing supersedes the version before. Readers (tellers, supervisors, QC) see published versions only, search
 * them by n-gram tokens (lib/kb/tokens.ts) and mark them helpful or outdated — "outdated" tells the author.
 */

const link = (articleId: string) => `/kb/articles/${articleId}`;
// An article's id as it comes from an address: anything else is simply not found.

/** The tokens an article version is found by: its title and the words of its text. */
function versionTokens(title: string, body: string): string[] {
  return searchTokens(`${title}\n${markdownText(body)}`);
}

/** Proposes a version: the first of a new article, or the next of an existing one on the version published now. */
export async function proposeVersion(authorId: string, p: KbProposal): Promise<{ articleId: string; version: number }> {
  const fields = { title: p.title, body: p.body, businessTypes: p.businessTypes, reviewBy: p.reviewBy, searchTokens: versionTokens(p.title, p.body), authorId };
  try {
    // The article, its lock and its version are one change: no article without its first version.
    return await db.transaction(async (tx) => {
      if (!p.articleId) {
        if (!p.kind) throw new DomainError('errors.checkFields', 'failed', { kind: ['errors.kb.kindRequired'] });
        const [a] = await tx.insert(kbArticles).values({ kind: p.kind, createdBy: authorId }).returning({ id: kbArticles.id });
        await tx.insert(kbVersions).values({ articleId: a!.id, version: 1, ...fields });
        return { articleId: a!.id, version: 1 };
      }
      const [a] = await tx.select({ publishedVersion: kbArticles.publishedVersion }).from(kbArticles).where(eq(kbArticles.id, p.articleId)).for('update');
      if (!a) throw new DomainError('errors.notFound', 'failed');
      if (a.publishedVersion !== p.baseVersion) throw new DomainError('errors.kb.stale', 'failed');
      const [last] = await tx.select({ version: kbVersions.version }).from(kbVersions).where(eq(kbVersions.articleId, p.articleId)).orderBy(desc(kbVersions.version)).limit(1);
      const version = (last?.version ?? 0) + 1;
      await tx.insert(kbVersions).values({ articleId: p.articleId, version, ...fields });
      return { articleId: p.articleId, version };
    });
  } catch (err) {
    if (violatesUnique(err, 'kb_versions_one_pending_idx')) throw new DomainError('errors.kb.pendingExists', 'failed');
    throw err;
  }
}

/**
 * A second writer decides a pending version. Publishing supersedes the version published before (one at a time) and
 * makes the article name the new one; the author hears the outcome. Never the author (the database holds it too).
 */
export async function decideVersion(deciderId: string, articleId: string, version: number, approve: boolean, note: string): Promise<{ status: 'published' | 'rejected' }> {
  return db.transaction(async (tx) => {
    const [a] = await tx.select({ publishedVersion: kbArticles.publishedVersion }).from(kbArticles).where(eq(kbArticles.id, articleId)).for('update');
    const [v] = a ? await tx.select().from(kbVersions).where(and(eq(kbVersions.articleId, articleId), eq(kbVersions.version, version))) : [];
    if (!a || !v) throw new DomainError('errors.notFound', 'failed');
    if (v.status !== 'pending') throw new DomainError('errors.alreadyDecided', 'failed');
    if (v.authorId === deciderId) throw new DomainError('errors.kb.ownVersion', 'denied');
    const status = approve ? 'published' : 'rejected';
    if (approve) {
      if (a.publishedVersion !== null && a.publishedVersion >= version) throw new DomainError('errors.kb.stale', 'failed');
      await tx.update(kbVersions).set({ status: 'superseded' }).where(and(eq(kbVersions.articleId, articleId), eq(kbVersions.status, 'published')));
    }
    await tx
      .update(kbVersions)
      .set({ status, decidedBy: deciderId, decidedAt: sql`now()`, decisionNote: note || null })
      .where(and(eq(kbVersions.articleId, articleId), eq(kbVersions.version, version)));
    if (approve) await tx.update(kbArticles).set({ publishedVersion: version }).where(eq(kbArticles.id, articleId));
    if (v.authorId) {
      const [decider] = await tx.select({ name: staff.displayName }).from(staff).where(eq(staff.id, deciderId));
      await notifyStaff(tx, [v.authorId], { kind: approve ? 'kbPublished' : 'kbRejected', params: { title: v.title, version, by: decider?.name ?? '', note }, link: link(articleId) });
    }
    return { status };
  });
}

/** A reader marks the published version they read; "outdated" (with what is wrong) notifies its author. */
export async function giveFeedback(staffId: string, articleId: string, version: number, kind: 'helpful' | 'outdated', note: string): Promise<{ id: string }> {
  try {
    // The mark and the author's notice are one change.
    return await db.transaction(async (tx) => {
      const [v] = await tx
        .select({ title: kbVersions.title, authorId: kbVersions.authorId })
        .from(kbVersions)
        .where(and(eq(kbVersions.articleId, articleId), eq(kbVersions.version, version), eq(kbVersions.status, 'published')));
      if (!v) throw new DomainError('errors.kb.notCurrent', 'failed');
      const [row] = await tx.insert(kbFeedback).values({ articleId, version, staffId, kind, note: note || null }).returning({ id: kbFeedback.id });
      if (kind === 'outdated' && v.authorId && v.authorId !== staffId) {
        const [reader] = await tx.select({ name: staff.displayName }).from(staff).where(eq(staff.id, staffId));
        await notifyStaff(tx, [v.authorId], { kind: 'kbOutdated', params: { title: v.title, version, by: reader?.name ?? '', note }, link: link(articleId) });
      }
      return { id: row!.id };
    });
  } catch (err) {
    if (violatesUnique(err, 'kb_feedback_once_idx')) throw new DomainError('errors.kb.feedbackGiven', 'failed');
    throw err;
  }
}

const textArray = (values: readonly string[]): SQL => (values.length ? sql`ARRAY[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]` : sql`'{}'::text[]`);

export type SearchHit = { articleId: string; version: number; kind: KbKind; title: Segment[]; snippet: Segment[]; businessTypes: string[]; reviewBy: string };
export type SearchQuery = { q: string; kind?: KbKind | null; businessType?: string | null; page?: number; limit?: number };

/**
 * Published articles holding every token of the query (the GIN index on `search_tokens` finds them), ranked by how
 * often the query's terms occur — a title hit counts five times, a text's hits count up to twenty — newest first
 * among equals; with highlighted title and snippet. No query lists everything (newest first). Results are paged by
 * offset: the rank is computed, and the set is already narrowed by the index.
 */
export async function searchArticles({ q, kind, businessType, page = 0, limit = 10 }: SearchQuery): Promise<{ hits: SearchHit[]; more: boolean }> {
  const tokens = searchTokens(q);
  const terms = searchTerms(q);
  if (q.trim() && tokens.length === 0) return { hits: [], more: false };
  const occurrences = (text: SQL) => sql`(length(${text}) - length(replace(${text}, t, ''))) / length(t)`;
  const rows = await db.execute<{ articleId: string; version: number; kind: KbKind; title: string; body: string; businessTypes: string[]; reviewBy: string }>(sql`
    SELECT v.article_id AS "articleId", v.version, a.kind, v.title, v.body, v.business_types AS "businessTypes", v.review_by AS "reviewBy"
    FROM kb_versions v
    JOIN kb_articles a ON a.id = v.article_id
    CROSS JOIN LATERAL (SELECT lower(normalize(v.title, NFKC)) AS title, lower(normalize(v.body, NFKC)) AS body) n
    WHERE v.status = 'published'
      ${tokens.length ? sql`AND v.search_tokens @> ${textArray(tokens)}` : sql``}
      ${kind ? sql`AND a.kind = ${kind}` : sql``}
      ${businessType ? sql`AND v.business_types @> ${textArray([businessType])}` : sql``}
    ORDER BY (SELECT coalesce(sum(5 * ${occurrences(sql`n.title`)} + least(${occurrences(sql`n.body`)}, 20)), 0) FROM unnest(${textArray(terms)}) AS t) DESC,
      v.decided_at DESC, v.article_id
    LIMIT ${limit + 1} OFFSET ${page * limit}`);
  const hits = rows.slice(0, limit).map(({ body, title, ...r }) => ({ ...r, title: highlight(title, terms), snippet: highlight(snippet(markdownText(body), terms), terms) }));
  return { hits, more: rows.length > limit };
}

export type Suggestion = { articleId: string; kind: KbKind; title: string; businessTypes: string[] };

/** Published articles tagged with the business being handled, those meeting more of it first (the console's aid). */
export async function suggestArticles(businessTypes: readonly string[], limit = 5): Promise<Suggestion[]> {
  if (businessTypes.length === 0) return [];
  const wanted = textArray([...new Set(businessTypes)]);
  const rows = await db.execute<Suggestion>(sql`
    SELECT v.article_id AS "articleId", a.kind, v.title, v.business_types AS "businessTypes"
    FROM kb_versions v JOIN kb_articles a ON a.id = v.article_id
    WHERE v.status = 'published' AND v.business_types && ${wanted}
    ORDER BY cardinality(ARRAY(SELECT unnest(v.business_types) INTERSECT SELECT unnest(${wanted}))) DESC, v.title
    LIMIT ${limit}`);
  return [...rows];
}

const author = alias(staff, 'author');
const decider = alias(staff, 'decider');
const versionColumns = {
  articleId: kbVersions.articleId,
  version: kbVersions.version,
  title: kbVersions.title,
  businessTypes: kbVersions.businessTypes,
  reviewBy: kbVersions.reviewBy,
  status: kbVersions.status,
  authorId: kbVersions.authorId,
  authorName: author.displayName,
  createdAt: kbVersions.createdAt,
  deciderName: decider.displayName,
  decidedAt: kbVersions.decidedAt,
  decisionNote: kbVersions.decisionNote,
};
export type VersionSummary = Awaited<ReturnType<typeof versionSummaries>>[number];
export type VersionText = VersionSummary & { body: string };

function versionSummaries(where: SQL | undefined) {
  return db.select(versionColumns).from(kbVersions).leftJoin(author, eq(author.id, kbVersions.authorId)).leftJoin(decider, eq(decider.id, kbVersions.decidedBy)).where(where);
}

/**
 * An article for a reader: its kind, every version's summary (newest first), the published version's text, and for
 * writers the pending and latest versions' (for the review and the editor). A reader who may not write sees only
 * published articles: anything else is not found for them.
 */
export async function getArticle(articleId: string, readerId: string, writer: boolean) {
  if (!UUID.test(articleId)) return null;
  const [a] = await db.select({ id: kbArticles.id, kind: kbArticles.kind, publishedVersion: kbArticles.publishedVersion }).from(kbArticles).where(eq(kbArticles.id, articleId));
  if (!a || (!writer && a.publishedVersion === null)) return null;
  const all = await versionSummaries(eq(kbVersions.articleId, articleId)).orderBy(desc(kbVersions.version));
  const versions = writer ? all : all.filter((v) => v.status === 'published' || v.status === 'superseded');
  const bodies = new Map(
    (await db.select({ version: kbVersions.version, body: kbVersions.body }).from(kbVersions).where(and(eq(kbVersions.articleId, articleId), writer ? undefined : eq(kbVersions.status, 'published')))).map((r) => [r.version, r.body]),
  );
  const full = (v: VersionSummary | undefined): VersionText | null => (v && bodies.has(v.version) ? { ...v, body: bodies.get(v.version)! } : null);
  const published = full(all.find((v) => v.status === 'published'));
  const feedback = published
    ? (
        await db.execute<{ helpful: number; outdated: number; mine: string[] }>(sql`
          SELECT count(*) FILTER (WHERE kind = 'helpful')::int AS helpful, count(*) FILTER (WHERE kind = 'outdated')::int AS outdated,
            coalesce(array_agg(kind) FILTER (WHERE staff_id = ${readerId}), '{}') AS mine
          FROM kb_feedback WHERE article_id = ${articleId} AND version = ${published.version}`)
      )[0]!
    : { helpful: 0, outdated: 0, mine: [] };
  return {
    id: a.id,
    kind: a.kind as KbKind,
    versions,
    published,
    pending: writer ? full(all.find((v) => v.status === 'pending')) : null,
    latest: writer ? full(all[0]) : published,
    feedback,
  };
}
export type ArticleView = NonNullable<Awaited<ReturnType<typeof getArticle>>>;

/** Every version awaiting its second person, oldest first (the writers' queue). */
export async function listPendingVersions(limit = 50) {
  return versionSummaries(eq(kbVersions.status, 'pending')).orderBy(kbVersions.createdAt).limit(limit);
}

/** A writer's articles: the newest version they wrote of each, newest first. */
export async function listMyArticles(authorId: string, limit = 50) {
  const rows = await db
    .selectDistinctOn([kbVersions.articleId], versionColumns)
    .from(kbVersions)
    .leftJoin(author, eq(author.id, kbVersions.authorId))
    .leftJoin(decider, eq(decider.id, kbVersions.decidedBy))
    .where(eq(kbVersions.authorId, authorId))
    .orderBy(kbVersions.articleId, desc(kbVersions.version));
  return rows.sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime()).slice(0, limit);
}

/** The author's published versions whose review date has passed (Beijing calendar): they are to look at them again. */
export async function listOverdueReviews(authorId: string, now = new Date()) {
  return versionSummaries(and(eq(kbVersions.authorId, authorId), eq(kbVersions.status, 'published'), lt(kbVersions.reviewBy, beijingDate(now)))).orderBy(kbVersions.reviewBy);
}

/**
 * For a scheduled job: tells each author of a published version whose review date has passed, once per version (a
 * notice already sent for that version is not repeated). Runs alone (an advisory lock), so two runs never both send.
 * Returns how many notices were written.
 */
export async function noticeOverdueReviews(now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('kb.noticeOverdueReviews'))`);
    const due = await tx.execute<{ articleId: string; version: number; title: string; reviewBy: string; authorId: string }>(sql`
      SELECT v.article_id AS "articleId", v.version, v.title, v.review_by AS "reviewBy", v.author_id AS "authorId"
      FROM kb_versions v
      WHERE v.status = 'published' AND v.author_id IS NOT NULL AND v.review_by < ${beijingDate(now)}
        AND NOT EXISTS (
          SELECT 1 FROM staff_notifications n
          WHERE n.staff_id = v.author_id AND n.kind = 'kbReviewOverdue' AND n.link = '/kb/articles/' || v.article_id::text AND n.params->>'version' = v.version::text)`);
    for (const d of due) await notifyStaff(tx, [d.authorId], { kind: 'kbReviewOverdue', params: { title: d.title, version: d.version, reviewBy: d.reviewBy }, link: link(d.articleId) });
    return due.length;
  });
}
