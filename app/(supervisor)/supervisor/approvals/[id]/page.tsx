import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { getRequestForReview } from '@/db/queries/change-requests';
import { DecisionForm } from '@/components/approvals/decision-form';
import { RevealField } from '@/components/approvals/reveal-field';
import { ChangeTable } from '@/components/approvals/change-value';
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
          <ChangeTable type={request.type} oldValue={request.oldValue} newValue={request.newValue} reason={request.reason} />
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
