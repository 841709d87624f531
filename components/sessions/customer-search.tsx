'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { searchCustomersAction } from '@/app/(teller)/teller/actions';
import { ActionForm, Field, SubmitButton } from '@/components/ui/action-form';
import { RiskBadge } from '@/components/customers/risk-badge';
import { buttonClass } from '@/components/ui/button-class';
import type { CustomerDto } from '@/db/queries/customers';
import { AttachCustomerButton } from './customer-forms';

type Page = { results: CustomerDto[]; more: boolean };

export function CustomerSearch({ sessionId }: { sessionId: string }) {
  const t = useTranslations('teller');
  const [query, setQuery] = useState('');
  const [shown, setShown] = useState<Page & { query: string }>({ results: [], more: false, query: '' });
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  // The next page continues after the last result shown (keyset), for the query those results came from.
  async function loadMore() {
    const last = shown.results.at(-1);
    if (!last) return;
    setLoading(true);
    const form = new FormData();
    form.set('sessionId', sessionId);
    form.set('query', shown.query);
    form.set('afterName', last.name);
    form.set('afterId', last.id);
    const r = await searchCustomersAction(null, form).catch(() => null);
    setLoading(false);
    setFailed(!r?.ok);
    if (r?.ok) setShown((s) => ({ ...s, results: [...s.results, ...r.data.results], more: r.data.more }));
  }
  return (
    <div>
      <ActionForm action={searchCustomersAction} label={t('searchCustomers')} onSuccess={(page: Page) => setShown({ ...page, query })} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="sessionId" value={sessionId} />
        <Field name="query" label={t('searchLabel')} autoComplete="off" maxLength={50} value={query} onChange={(e) => setQuery(e.target.value)} />
        <SubmitButton variant="secondary">{t('search')}</SubmitButton>
      </ActionForm>
      {shown.results.length > 0 && (
        <ul aria-label={t('searchResults')} className="mt-3 space-y-2">
          {shown.results.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 rounded border border-slate-200 p-2 text-sm">
              <span>
                {c.name} · <span className="font-mono">{c.idNumberMasked}</span> · <span className="font-mono">{c.mobileMasked}</span>{' '}
                <RiskBadge level={c.riskLevel} />
              </span>
              <AttachCustomerButton sessionId={sessionId} customer={c} />
            </li>
          ))}
        </ul>
      )}
      <p role="status" aria-live="polite" className="mt-2 text-sm text-red-700">
        {failed ? t('moreFailed') : ''}
      </p>
      {shown.more && (
        <button type="button" onClick={loadMore} disabled={loading} aria-disabled={loading} className={`mt-3 ${buttonClass('secondary')}`}>
          {t('moreResults')}
        </button>
      )}
    </div>
  );
}
