import 'server-only';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db';
import { violatesUnique } from '@/db/errors';
import { scorecardProposals, scorecardTemplates, scorecardVersions, staff } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import { templateDefinitionSchema, type TemplateDefinition } from './template';

/**
 * Scorecard templates and their versions (four-eyes on configuration): a QC member proposes a version (of a new
 * template or on top of the current one); a second QC member or a supervisor approves it, which publishes it as the
 * next version — refused if another version was published meanwhile.
 */

export type PublishedScorecard = { templateId: string; name: string; version: number; definition: TemplateDefinition; channels: string[]; businesses: string[] };

/** One published version, as it was published (an inspection keeps the version it was scored with). */
export async function scorecardVersion(templateId: string, version: number): Promise<PublishedScorecard | undefined> {
  const [row] = await db
    .select({ templateId: scorecardVersions.templateId, name: scorecardTemplates.name, version: scorecardVersions.version, definition: scorecardVersions.definition, channels: scorecardTemplates.channels, businesses: scorecardTemplates.businesses })
    .from(scorecardVersions)
    .innerJoin(scorecardTemplates, eq(scorecardTemplates.id, scorecardVersions.templateId))
    .where(and(eq(scorecardVersions.templateId, templateId), eq(scorecardVersions.version, version)));
  return row && { ...row, definition: templateDefinitionSchema.parse(row.definition) };
}

/** Every template with its newest published version (templates with none yet are left out). */
export async function currentScorecards(): Promise<PublishedScorecard[]> {
  const rows = await db
    .selectDistinctOn([scorecardVersions.templateId], {
      templateId: scorecardVersions.templateId,
      name: scorecardTemplates.name,
      version: scorecardVersions.version,
      definition: scorecardVersions.definition,
      channels: scorecardTemplates.channels,
      businesses: scorecardTemplates.businesses,
    })
    .from(scorecardVersions)
    .innerJoin(scorecardTemplates, eq(scorecardTemplates.id, scorecardVersions.templateId))
    .orderBy(scorecardVersions.templateId, desc(scorecardVersions.version));
  return rows.map((r) => ({ ...r, definition: templateDefinitionSchema.parse(r.definition) })).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The scorecard that applies to a session: among templates whose channels include the session's channel (or name
 * none) and whose case types meet the session's business (or name none), the most specific one — one that names
 * both before one that names either, before a general one; by name after that.
 */
export function pickScorecard(all: readonly PublishedScorecard[], channel: string, businesses: readonly string[]): PublishedScorecard | undefined {
  const fits = all.filter((s) => (s.channels.length === 0 || s.channels.includes(channel)) && (s.businesses.length === 0 || s.businesses.some((b) => businesses.includes(b))));
  const specificity = (s: PublishedScorecard) => (s.channels.length > 0 ? 1 : 0) + (s.businesses.length > 0 ? 1 : 0);
  return [...fits].sort((a, b) => specificity(b) - specificity(a) || a.name.localeCompare(b.name))[0];
}

export async function scorecardForSession(sessionId: string): Promise<PublishedScorecard | undefined> {
  const [s] = await db.execute<{ channel: string; businesses: string[] | null }>(sql`
    SELECT s.channel::text AS channel, (SELECT array_agg(DISTINCT c.type) FROM cases c WHERE c.session_id = s.id) AS businesses FROM service_sessions s WHERE s.id = ${sessionId}`);
  if (!s) return undefined;
  return pickScorecard(await currentScorecards(), s.channel, s.businesses ?? []);
}

export type ScorecardProposalInput = { templateId: string | null; name: string; channels: string[]; businesses: string[]; definition: TemplateDefinition; note: string };

/** Proposes a version: of a new template (named, with where it applies), or the next one of an existing template. */
export async function proposeScorecard(proposerId: string, v: ScorecardProposalInput): Promise<{ id: string; templateId: string }> {
  try {
    return await db.transaction(async (tx) => {
      let templateId = v.templateId;
      let baseVersion: number | null = null;
      if (templateId) {
        const [latest] = await tx.select({ version: scorecardVersions.version }).from(scorecardVersions).where(eq(scorecardVersions.templateId, templateId)).orderBy(desc(scorecardVersions.version)).limit(1);
        const [template] = await tx.select({ id: scorecardTemplates.id }).from(scorecardTemplates).where(eq(scorecardTemplates.id, templateId));
        if (!template) throw new DomainError('errors.notFound', 'failed');
        baseVersion = latest?.version ?? null;
      } else {
        const [created] = await tx.insert(scorecardTemplates).values({ name: v.name, channels: v.channels, businesses: v.businesses, createdBy: proposerId }).returning({ id: scorecardTemplates.id });
        templateId = created!.id;
      }
      const [row] = await tx.insert(scorecardProposals).values({ templateId, baseVersion, definition: v.definition, note: v.note, proposedBy: proposerId }).returning({ id: scorecardProposals.id });
      return { id: row!.id, templateId };
    });
  } catch (err) {
    if (violatesUnique(err, 'scorecard_templates_name_unique')) throw new DomainError('errors.qc.templateNameTaken', 'failed', { name: ['errors.qc.templateNameTaken'] });
    if (violatesUnique(err, 'scorecard_proposals_one_pending_idx')) throw new DomainError('errors.qc.proposalPending', 'failed');
    throw err;
  }
}

/** A second person decides: approval publishes the next version. Never the proposer (the database holds it too). */
export async function decideScorecardProposal(proposalId: string, deciderId: string, approve: boolean, note: string): Promise<{ templateId: string; version?: number }> {
  return db.transaction(async (tx) => {
    const [p] = await tx.select().from(scorecardProposals).where(eq(scorecardProposals.id, proposalId)).for('update');
    if (!p) throw new DomainError('errors.notFound', 'failed');
    if (p.status !== 'pending') throw new DomainError('errors.alreadyDecided', 'failed');
    if (p.proposedBy === deciderId) throw new DomainError('errors.qc.ownProposal', 'denied');
    await tx.update(scorecardProposals).set({ status: approve ? 'approved' : 'rejected', decidedBy: deciderId, decidedAt: sql`now()`, decisionNote: note || null }).where(eq(scorecardProposals.id, proposalId));
    if (!approve) return { templateId: p.templateId };
    const [latest] = await tx.select({ version: scorecardVersions.version }).from(scorecardVersions).where(eq(scorecardVersions.templateId, p.templateId)).orderBy(desc(scorecardVersions.version)).limit(1);
    if ((latest?.version ?? null) !== p.baseVersion) throw new DomainError('errors.qc.scorecardChanged', 'failed');
    const version = (latest?.version ?? 0) + 1;
    await tx.insert(scorecardVersions).values({ templateId: p.templateId, version, definition: p.definition, note: p.note, proposedBy: p.proposedBy, approvedBy: deciderId });
    return { templateId: p.templateId, version };
  });
}

const decider = alias(staff, 'decider');

export async function listScorecardProposals(limit = 30) {
  const rows = await db
    .select({
      id: scorecardProposals.id,
      templateId: scorecardProposals.templateId,
      templateName: scorecardTemplates.name,
      baseVersion: scorecardProposals.baseVersion,
      definition: scorecardProposals.definition,
      note: scorecardProposals.note,
      status: scorecardProposals.status,
      proposedBy: scorecardProposals.proposedBy,
      proposerName: staff.displayName,
      proposedAt: scorecardProposals.proposedAt,
      deciderName: decider.displayName,
      decisionNote: scorecardProposals.decisionNote,
    })
    .from(scorecardProposals)
    .innerJoin(scorecardTemplates, eq(scorecardTemplates.id, scorecardProposals.templateId))
    .innerJoin(staff, eq(staff.id, scorecardProposals.proposedBy))
    .leftJoin(decider, eq(decider.id, scorecardProposals.decidedBy))
    .orderBy(sql`${scorecardProposals.status} = 'pending' DESC`, desc(scorecardProposals.proposedAt))
    .limit(limit);
  return rows.map((r) => ({ ...r, definition: templateDefinitionSchema.parse(r.definition) }));
}

export async function listScorecardVersions(templateId: string) {
  const approver = alias(staff, 'approver');
  return db
    .select({ version: scorecardVersions.version, note: scorecardVersions.note, createdAt: scorecardVersions.createdAt, proposerName: staff.displayName, approverName: approver.displayName })
    .from(scorecardVersions)
    .leftJoin(staff, eq(staff.id, scorecardVersions.proposedBy))
    .leftJoin(approver, eq(approver.id, scorecardVersions.approvedBy))
    .where(eq(scorecardVersions.templateId, templateId))
    .orderBy(asc(scorecardVersions.version));
}
