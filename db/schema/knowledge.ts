import 'server-only';
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { staff } from './staff';

/** A knowledge-base article (知识库): products, procedures, FAQ, required-document lists. Its text lives in versions. */
export const kbArticles = pgTable(
  'kb_articles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    // The published version readers see (null until the first is published).
    publishedVersion: integer('published_version'),
  },
  (t) => [check('kb_articles_kind', sql`${t.kind} IN ('product', 'procedure', 'faq', 'documents')`)],
);

/**
 * A version of an article: written by its author in Markdown, tagged by business type, with a review date; published
 * only when a second person approves it (four-eyes). The search tokens (n-grams of its title and text, computed by the
 * app) are what search matches. Append-only but for its decision.
 */
export const kbVersions = pgTable(
  'kb_versions',
  {
    articleId: uuid('article_id').notNull().references(() => kbArticles.id),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    businessTypes: text('business_types').array().notNull().default(sql`'{}'::text[]`),
    reviewBy: text('review_by').notNull(),
    searchTokens: text('search_tokens').array().notNull(),
    status: text('status').notNull().default('pending'),
    authorId: uuid('author_id').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => staff.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.version] }),
    uniqueIndex('kb_versions_one_pending_idx').on(t.articleId).where(sql`${t.status} = 'pending'`),
    index('kb_versions_search_idx').using('gin', t.searchTokens).where(sql`${t.status} = 'published'`),
    index('kb_versions_business_idx').using('gin', t.businessTypes).where(sql`${t.status} = 'published'`),
    index('kb_versions_review_idx').on(t.authorId, t.reviewBy).where(sql`${t.status} = 'published'`),
    check('kb_versions_status', sql`${t.status} IN ('pending', 'published', 'rejected', 'superseded')`),
    check('kb_versions_title', sql`length(btrim(${t.title})) BETWEEN 1 AND 120`),
    check('kb_versions_body', sql`length(btrim(${t.body})) BETWEEN 1 AND 50000`),
    check('kb_versions_review_by', sql`${t.reviewBy} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`),
    check('kb_versions_four_eyes', sql`${t.decidedBy} IS NULL OR ${t.authorId} IS NULL OR ${t.decidedBy} <> ${t.authorId}`),
    check('kb_versions_decision_shape', sql`(${t.status} = 'pending') = (${t.decidedAt} IS NULL) AND (${t.status} IN ('pending', 'superseded') OR ${t.decidedBy} IS NOT NULL OR ${t.authorId} IS NULL)`),
  ],
);

/** A reader's mark on a published version: helpful, or outdated (with what is wrong; the author is told). */
export const kbFeedback = pgTable(
  'kb_feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    articleId: uuid('article_id').notNull().references(() => kbArticles.id),
    version: integer('version').notNull(),
    staffId: uuid('staff_id').notNull().references(() => staff.id),
    kind: text('kind').notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('kb_feedback_once_idx').on(t.articleId, t.version, t.staffId, t.kind),
    check('kb_feedback_kind', sql`${t.kind} IN ('helpful', 'outdated')`),
    check('kb_feedback_note', sql`${t.kind} <> 'outdated' OR length(btrim(coalesce(${t.note}, ''))) BETWEEN 2 AND 1000`),
  ],
);
