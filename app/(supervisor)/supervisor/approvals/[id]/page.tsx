import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { getRequestForReview } from '@/db/queries/change-requests';
import { DecisionForm } from '@/components/approvals/decision-form';
import { RequestRevealField, RevealField } from '@/components/approvals/reveal-field';
import { ChangeValue } from '@/components/approvals/change-value';
import { RiskBadge } from '@/components/customers/badges';
import { Badge, Card } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';

export default async function ApprovalDecision({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireScreen('/supervisor');
  const { id } = await params;
  if (!z.string().uuid().safeParse(id).success) notFound();
  const request = await getRequestForReview(id);
  if (!request) notFound();
  const [t, format] = await Promise.all([getTranslations('approvals'), getFormatter()]);
  const own = request.makerId === user.id;
  // The checker may see a masked personal value in full (with a reason) before deciding; names and levels are shown as they are.
  const revealable = request.status === 'pending' && !own && ['change_mobile', 'change_document', 'change_birth_date'].includes(request.type);
  return (
    <div className="space-y-6">
      <Link href="/supervisor" className="text-sm text-brand-700 underline">
        {t('backToQueue')}
      </Link>
      <h1 className="text-2xl font-semibold">{t('reviewTitle', { type: t(`types.${request.type}`) })}</h1>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('details')}>
          <dl className="grid grid-cols-3 gap-2 text-sm">
            <dt className="text-slate-600">{t('maker')}</dt>
            <dd className="col-span-2">{request.makerName}</dd>
            <dt className="text-slate-600">{t('submittedAt')}</dt>
            <dd className="col-span-2">{format.dateTime(request.createdAt, { dateStyle: 'short', timeStyle: 'medium' })}</dd>
            <dt className="text-slate-600">{t('channel')}</dt>
            <dd className="col-span-2">{request.channel ? t(`channels.${request.channel}`) : t('noChannel')}</dd>
            <dt className="text-slate-600">{t('customer')}</dt>
            <dd className="col-span-2">
              <Link href={`/customers/${request.customerId}`} className="text-brand-700 underline">
                {request.customerName}
              </Link>{' '}
              <RiskBadge level={request.customerRisk} /> <RevealField customerId={request.customerId} field="idNumber" masked={request.customerIdMasked} label={t('idNumberField')} />
            </dd>
            <dt className="text-slate-600">{t('verification')}</dt>
            <dd className="col-span-2">
              {request.verificationResult ? (
                <Badge tone={request.verificationResult === 'pass' ? 'green' : 'red'}>{t(`verificationResult.${request.verificationResult}`)}</Badge>
              ) : (
                '—'
              )}
            </dd>
          </dl>
          <table className="mt-4 w-full text-left text-sm">
            <caption className="mb-1 text-left font-medium">{t('change')}</caption>
            <thead className="text-slate-600">
              <tr>
                <th scope="col">{t('field')}</th>
                <th scope="col">{t('oldValue')}</th>
                <th scope="col">{t('newValue')}</th>
              </tr>
            </thead>
            <tbody>
              <tr className="border-t border-slate-100">
                <th scope="row" className="py-2 font-normal">{t(`fields.${request.type}`)}</th>
                <td className="font-mono">
                  <ChangeValue value={request.oldValue} />
                  {revealable && <RequestRevealField requestId={request.id} side="old" masked="" label={t('oldValueOf', { field: t(`fields.${request.type}`) })} />}
                </td>
                <td className="font-mono font-semibold">
                  <ChangeValue value={request.newValue} />
                  {revealable && <RequestRevealField requestId={request.id} side="new" masked="" label={t('newValueOf', { field: t(`fields.${request.type}`) })} />}
                </td>
              </tr>
            </tbody>
          </table>
          {request.reason && <p className="mt-3 text-sm">{t('requestReason', { reason: request.reason })}</p>}
        </Card>
        <Card title={t('decision')}>
          {request.status !== 'pending' ? (
            <div className="space-y-2 text-sm">
              <Badge tone={request.status === 'approved' ? 'green' : 'red'}>{t(`status.${request.status}`)}</Badge>
              <p>{t('decidedBy', { name: request.checkerName ?? '', time: request.decidedAt ? format.dateTime(request.decidedAt, { dateStyle: 'short', timeStyle: 'medium' }) : '' })}</p>
              {request.decisionReason && <p>{t('opinionValue', { opinion: request.decisionReason })}</p>}
            </div>
          ) : own ? (
            <p className="text-sm text-red-800">{t('ownRequest')}</p>
          ) : (
            <DecisionForm requestId={request.id} />
          )}
        </Card>
      </div>
    </div>
  );
}
