import { getFormatter, getTranslations } from 'next-intl/server';
import { DecidePolicyForm, ProposePolicyForm } from '@/components/cases/policy-forms';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { approvalPolicySchema, formatFen, ruleWording, type ApprovalRule } from '@/lib/cases/approval-policy';
import { listPolicyProposals, listPolicyVersions } from '@/lib/cases/policy-change';
import { currentApprovalPolicy } from '@/lib/cases/case-core';

/** The approval policy (授权策略): what applies, a change proposed under four-eyes, and the versions so far. */
export default async function PolicyScreen() {
  const user = await requireScreen('/supervisor/policy');
  const [t, format, { version, policy }, proposals, versions] = await Promise.all([getTranslations('policy'), getFormatter(), currentApprovalPolicy(), listPolicyProposals(), listPolicyVersions()]);
  const large = policy.rules.find((r) => r.when.minAmountFen !== undefined)?.when.minAmountFen ?? 0;
  const pending = proposals.find((p) => p.status === 'pending');
  const dt = (d: Date) => format.dateTime(d, { dateStyle: 'short', timeStyle: 'short' });
  const describe = (r: ApprovalRule) => {
    const w = ruleWording(r);
    return 'text' in w ? w.text : t(`rules.${w.key}`, w.values);
  };
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="text-sm text-slate-600">{t('help')}</p>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('current', { version })}>
          <ul className="list-inside list-disc space-y-1 text-sm">
            {policy.rules.map((r) => (
              <li key={r.id}>
                {describe(r)} — <Badge tone={r.level === 2 ? 'red' : r.level === 1 ? 'amber' : 'green'}>{t('levelValue', { level: r.level })}</Badge>
              </li>
            ))}
          </ul>
          <p className="mt-3 text-sm">{t('knobs', { large: formatFen(large), sla1: policy.slaMinutes[1], sla2: policy.slaMinutes[2], expire: policy.expireAfterMinutes })}</p>
        </Card>
        <Card title={pending ? t('pendingTitle') : t('propose')}>
          {pending ? (
            (() => {
              const proposed = approvalPolicySchema.parse(pending.policy);
              const band = proposed.rules.find((r) => r.when.minAmountFen !== undefined)?.when.minAmountFen ?? 0;
              return (
                <div className="space-y-3 text-sm">
                  <p>{t('proposedBy', { name: pending.proposerName, time: dt(pending.proposedAt), note: pending.note })}</p>
                  <p>{t('knobs', { large: formatFen(band), sla1: proposed.slaMinutes[1], sla2: proposed.slaMinutes[2], expire: proposed.expireAfterMinutes })}</p>
                  {pending.proposedBy === user.id ? <p className="text-amber-800">{t('ownPending')}</p> : <DecidePolicyForm proposalId={pending.id} />}
                </div>
              );
            })()
          ) : (
            <ProposePolicyForm current={{ largeAmount: formatFen(large), slaLevel1: policy.slaMinutes[1], slaLevel2: policy.slaMinutes[2], expireAfterMinutes: policy.expireAfterMinutes }} />
          )}
        </Card>
      </div>
      <Card title={t('history')}>
        {versions.length === 0 ? (
          <EmptyState>{t('none')}</EmptyState>
        ) : (
          <ul className="space-y-1 text-sm">
            {versions.map((v) => (
              <li key={v.version}>
                {t('versionLine', { version: v.version, time: dt(v.createdAt), note: v.note })}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
