import { getFormatter, getTranslations } from 'next-intl/server';
import { ScorecardBuilder } from '@/components/qc/scorecard-builder';
import { ScorecardDecision } from '@/components/qc/scorecard-decision';
import { ScorecardView } from '@/components/qc/scorecard-view';
import { itemsOf, type TemplateDefinition } from '@/lib/qc/template';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { BUSINESS_TYPES, CHANNELS } from '@/lib/cases/approval-policy';
import { currentScorecards, listScorecardProposals, listScorecardVersions } from '@/lib/qc/scorecards';

/**
 * The scorecards (评分表) inspectors rate sessions by: the versions in force with their history, the proposed versions
 * (four-eyes: a second QC member or a supervisor publishes them), and for QC members the builder to propose one.
 */
export default async function ScorecardsScreen() {
  const user = await requireScreen('/scorecards');
  const [t, tAll, format, current, proposals] = await Promise.all([getTranslations('scorecards'), getTranslations(), getFormatter(), currentScorecards(), listScorecardProposals()]);
  const histories = await Promise.all(current.map((s) => listScorecardVersions(s.templateId)));
  const dt = (d: Date) => format.dateTime(d, { dateStyle: 'short', timeStyle: 'short' });
  const channelLabel = (c: string) => tAll(`approvals.channels.${c}`);
  // Case types the cases catalogue does not name (yet) are named in this screen's own.
  const businessLabel = (b: string) => (tAll.has(`cases.types.${b}`) ? tAll(`cases.types.${b}`) : t(`businessTypes.${b}`));
  const listed = (values: string[], label: (v: string) => string) => (values.length ? format.list(values.map(label)) : t('all'));

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="text-sm text-slate-600">{t('help')}</p>

      {current.length === 0 && <EmptyState>{t(user.role === 'qc' ? 'emptyQc' : 'empty')}</EmptyState>}
      {current.map((s, k) => (
        <Card key={s.templateId} title={s.name}>
          <p className="mb-3 flex flex-wrap items-center gap-2 text-sm">
            <Badge tone="green">{t('versionValue', { version: s.version })}</Badge>
            <span>{t('appliesTo', { channels: listed(s.channels, channelLabel), businesses: listed(s.businesses, businessLabel) })}</span>
          </p>
          <DefinitionDetails definition={s.definition} summary={(counts) => t('showCurrent', counts)} />
          <h3 className="mt-5 font-semibold text-slate-800">{t('history')}</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {(histories[k] ?? []).map((v) => (
              <li key={v.version}>
                {v.proposerName
                  ? t('versionLine', { version: v.version, time: dt(v.createdAt), proposer: v.proposerName, approver: v.approverName ?? '', note: v.note })
                  : t('versionLineSystem', { version: v.version, time: dt(v.createdAt), note: v.note })}
              </li>
            ))}
          </ul>
        </Card>
      ))}

      <Card title={t('proposals')}>
        {proposals.length === 0 ? (
          <EmptyState>{t(user.role === 'qc' ? 'noProposalsQc' : 'noProposals')}</EmptyState>
        ) : (
          <ul className="space-y-5">
            {proposals.map((p) => (
              <li key={p.id} className="space-y-2 border-t border-slate-100 pt-4 text-sm first:border-t-0 first:pt-0">
                <h3 className="flex flex-wrap items-center gap-2 font-semibold text-slate-800">
                  {p.baseVersion === null ? t('proposalNew', { name: p.templateName }) : t('proposalOnBase', { name: p.templateName, version: p.baseVersion })}
                  <Badge tone={p.status === 'pending' ? 'amber' : p.status === 'approved' ? 'green' : 'red'}>{t(`status.${p.status}`)}</Badge>
                </h3>
                <p>{t('proposedBy', { name: p.proposerName, time: dt(p.proposedAt), note: p.note })}</p>
                {p.status !== 'pending' && p.deciderName && (
                  <p>
                    {t(p.status === 'approved' ? 'approvedBy' : 'rejectedBy', { name: p.deciderName })} {p.decisionNote && t('decisionNoteValue', { note: p.decisionNote })}
                  </p>
                )}
                <DefinitionDetails definition={p.definition} summary={(counts) => t('showDefinition', counts)} />
                {p.proposedBy === user.id ? (
                  p.status === 'pending' && <p className="text-amber-800">{t('ownPending')}</p>
                ) : (
                  <ScorecardDecision proposalId={p.id} templateName={p.templateName} pending={p.status === 'pending'} />
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>

      {user.role === 'qc' && (
        <Card title={t('builder')}>
          <p className="mb-4 text-sm text-slate-600">{t('builderHelp')}</p>
          <ScorecardBuilder
            templates={current.map((s) => ({ templateId: s.templateId, name: s.name, version: s.version, definition: s.definition, pending: proposals.some((p) => p.status === 'pending' && p.templateId === s.templateId) }))}
            channelOptions={CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }))}
            businessOptions={BUSINESS_TYPES.map((b) => ({ value: b, label: businessLabel(b) }))}
          />
        </Card>
      )}
    </div>
  );
}

/** A definition folded away behind its size ("3 sections, 11 items"): the screen stays short. */
function DefinitionDetails({ definition, summary }: { definition: TemplateDefinition; summary: (counts: { sections: number; items: number }) => string }) {
  return (
    <details className="rounded-md border border-slate-200 p-3">
      <summary className="cursor-pointer font-medium">{summary({ sections: definition.sections.length, items: itemsOf(definition).length })}</summary>
      <div className="mt-3">
        <ScorecardView definition={definition} level={4} />
      </div>
    </details>
  );
}
