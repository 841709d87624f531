'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/role-action';
import { kbDecisionSchema, kbFeedbackSchema, kbProposalSchema } from '@/lib/kb/schemas';
import { decideVersion, giveFeedback, proposeVersion } from '@/lib/kb/service';

/** A supervisor or QC member writes an article version (new, or the next of one); it is read only once a second one publishes it. */
export const proposeKbAction = roleAction('kb.propose', kbProposalSchema, async (v, user) => {
  const r = await proposeVersion(user.id, v);
  revalidatePath('/kb', 'layout');
  return {
    data: r,
    entityType: 'kb_article',
    entityId: r.articleId,
    details: { version: r.version, base: v.baseVersion, businessTypes: v.businessTypes, reviewBy: v.reviewBy },
    message: 'kb.proposed',
    messageValues: { version: r.version },
  };
});

/** A second writer (never the author) publishes a pending version or rejects it with a note. */
export const decideKbAction = roleAction('kb.decide', kbDecisionSchema, async ({ articleId, version, decision, note }, user) => {
  const r = await decideVersion(user.id, articleId, version, decision === 'approve', note);
  revalidatePath('/kb', 'layout');
  return { data: r, entityType: 'kb_article', entityId: articleId, details: { version, decision }, message: decision === 'approve' ? 'kb.published' : 'kb.rejected', messageValues: { version } };
});

/** A reader marks the version they read helpful, or outdated saying what is wrong (its author is notified). */
export const kbFeedbackAction = roleAction('kb.feedback', kbFeedbackSchema, async ({ articleId, version, kind, note }, user) => {
  const r = await giveFeedback(user.id, articleId, version, kind, note);
  revalidatePath('/kb', 'layout');
  return { data: r, entityType: 'kb_article', entityId: articleId, details: { version, kind }, message: kind === 'helpful' ? 'kb.thanksHelpful' : 'kb.thanksOutdated' };
});
