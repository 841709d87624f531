'use client';

import { Badge } from '@/components/ui/card';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { searchCustomersAction } from '@/app/(teller)/teller/actions';
import { ActionForm, Field, SubmitButton } from '@/components/ui/action-form';
import type { CustomerDto } from '@/db/queries/customers';
import { AttachCustomerButton } from './customer-forms';

export function CustomerSearch({ sessionId }: { sessionId: string }) {
  const t = useTranslations('teller');
  const [results, setResults] = useState<CustomerDto[]>([]);
  return (
    <div>
      <ActionForm action={searchCustomersAction} label={t('searchCustomers')} onSuccess={setResults} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="sessionId" value={sessionId} />
        <Field name="query" label={t('searchLabel')} autoComplete="off" maxLength={50} />
        <SubmitButton variant="secondary">{t('search')}</SubmitButton>
      </ActionForm>
      {results.length > 0 && (
        <ul aria-label={t('searchResults')} className="mt-3 space-y-2">
          {results.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 rounded border border-slate-200 p-2 text-sm">
              <span>
                {c.name} · <span className="font-mono">{c.idNumberMasked}</span> · <span className="font-mono">{c.mobileMasked}</span>{' '}
                <Badge tone={c.riskLevel === 'high' ? 'red' : c.riskLevel === 'medium' ? 'amber' : 'green'}>{t(`risk.${c.riskLevel}`)}</Badge>
              </span>
              <AttachCustomerButton sessionId={sessionId} customer={c} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
