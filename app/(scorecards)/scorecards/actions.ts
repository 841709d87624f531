'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/role-action';
import { scorecardDecisionSchema, scorecardProposalSchema } from '@/lib/qc/scorecard-schemas';
import { decideScorecardProposal, proposeScorecard } from '@/lib/qc/scorecards';

/** A QC member proposes a scorecard version; it applies only once a second person publishes it. */
export const proposeScorecardAction = roleAction('scorecard.propose', scorecardProposalSchema, async ({ templateId, ...v }, user) => {
  const r = await proposeScorecard(user.id, { templateId: templateId || null, ...v });
  revalidatePath('/scorecards');
  return { data: r, entityType: 'scorecard_proposal', entityId: r.id, details: { template: r.templateId, sections: v.definition.sections.length }, message: 'scorecards.proposed' };
});

/** A second QC member or a supervisor publishes a proposed version, or rejects it with a note. */
export const decideScorecardAction = roleAction('scorecard.decide', scorecardDecisionSchema, async ({ scorecardProposalId, decision, note }, user) => {
  const r = await decideScorecardProposal(scorecardProposalId, user.id, decision === 'approve', note);
  revalidatePath('/scorecards');
  return {
    data: r,
    entityType: 'scorecard_proposal',
    entityId: scorecardProposalId,
    details: { decision, template: r.templateId, version: r.version ?? null },
    message: decision === 'approve' ? 'scorecards.published' : 'scorecards.rejected',
    messageValues: { version: r.version ?? 0 },
  };
});
