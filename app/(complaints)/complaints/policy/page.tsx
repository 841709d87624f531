import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { PolicyForm } from '@/components/complaints/policy-form';
import { PendingChanges } from '@/components/config/pending-changes';
import { Card } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { deadlinePolicySchema } from '@/lib/complaints/deadlines';
import { MAX_RULE_ROWS } from '@/lib/complaints/policy';
import { listPolicies } from '@/lib/complaints/deadline-policy';

/**
 * The complaint deadline policy (投诉处理时限): the version in force, the form proposing the next one, the proposal
 * awaiting another supervisor's review, and the history.
 */
export default async function PolicyScreen() {
  await requireScreen('/complaints/policy');
  const [t, tc, format, versions] = await Promise.all([getTranslations('complaints'), getTranslations('config'), getFormatter(), listPolicies()]);
  const current = versions[0]!;
  const policy = deadlinePolicySchema.parse(current.policy);
  return (
    <div className="space-y-6">
      <Link href="/complaints" className="text-sm text-brand-700 underline">
        {t('back')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('policyTitle')}</h1>
      <p className="text-sm text-slate-600">
        {t('policyHelp')} {tc('reviewHelp.complaint_policy')}
      </p>
      <PendingChanges kind="complaint_policy" />
      <Card title={t('policyInForce', { version: current.version })}>
        <PolicyForm policy={policy} rows={Math.min(MAX_RULE_ROWS, policy.rules.length + 3)} />
      </Card>
      <Card title={t('policyHistory')}>
        <ul className="space-y-2 text-sm">
          {versions.map((v) => (
            <li key={v.version}>
              <span className="font-medium">{t('policyVersion', { version: v.version })}</span>
              <span className="text-slate-600"> · {format.dateTime(v.createdAt, { dateStyle: 'medium', timeStyle: 'short' })} · {v.by ?? t('system')}</span>
              <p className="text-slate-700">{v.note}</p>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
