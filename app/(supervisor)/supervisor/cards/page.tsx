import { getFormatter, getTranslations } from 'next-intl/server';
import { FulfilmentForm } from '@/components/cards/card-forms';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { maskCardNumber } from '@/lib/cards/lifecycle';
import { listCardsInFulfilment } from '@/lib/cards/service';

/** Card operations (制卡与发放): cards on their way to customers, each with its next step. */
export default async function CardFulfilment() {
  await requireScreen('/supervisor');
  const [t, format, list] = await Promise.all([getTranslations('cards'), getFormatter(), listCardsInFulfilment()]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('fulfilmentTitle')}</h1>
      <p className="text-sm text-slate-600">{t('fulfilmentHelp')}</p>
      <Card title={t('fulfilmentList')}>
        {list.length === 0 ? (
          <EmptyState>{t('fulfilmentEmpty')}</EmptyState>
        ) : (
          <ul aria-label={t('fulfilmentList')} className="space-y-4">
            {list.map((c) => (
              <li key={c.id} className="rounded-lg border border-slate-200 p-3 text-sm">
                <p className="mb-2 flex flex-wrap items-center gap-2">
                  <span className="font-medium">{c.customerName}</span>
                  <Badge tone="slate">{t(`states.${c.status as 'requested'}`)}</Badge>
                  <span className="text-slate-600">{t('onAccount', { last4: c.accountLast4 })}</span>
                  <span className="text-slate-600">{t('deliveryValue', { method: c.deliveryMethod, branch: c.branch ? t(`branches.${c.branch as 'sh_pudong'}`) : '' })}</span>
                  {c.last4 && <span className="font-mono">{maskCardNumber(c.last4)}</span>}
                  <span className="text-slate-600">
                    {t('appliedAt')} {format.dateTime(c.createdAt, { dateStyle: 'short', timeStyle: 'short' })}
                  </span>
                </p>
                <FulfilmentForm cardId={c.id} status={c.status} deliveryMethod={c.deliveryMethod} name={c.customerName} />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
