import { getFormatter, getTranslations } from 'next-intl/server';
import { currentLadderPolicy, listLadderPolicies } from '@/db/queries/ladder-policy';
import { LadderPolicyForm } from '@/components/admin/ladder-policy-form';
import { Card } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';

export default async function LadderPolicyPage() {
  await requireScreen('/admin/ladder');
  const [t, format, policy, history] = await Promise.all([getTranslations('ladder'), getFormatter(), currentLadderPolicy(), listLadderPolicies()]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="text-sm text-slate-600">{t('help')}</p>
      <Card title={t('current', { version: policy.version })}>
        <LadderPolicyForm key={policy.version} version={policy.version} rules={policy.rules} />
      </Card>
      <Card title={t('history')}>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t('history')}</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-2">{t('version')}</th>
              <th scope="col">{t('publishedAt')}</th>
              <th scope="col">{t('publishedBy')}</th>
              <th scope="col">{t('note')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((p) => (
              <tr key={p.version} className="border-t border-slate-100">
                <td className="py-2">{p.version}</td>
                <td>{format.dateTime(p.publishedAt, { dateStyle: 'short', timeStyle: 'short' })}</td>
                <td>{p.publishedBy ?? t('system')}</td>
                <td>{p.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
