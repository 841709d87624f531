'use client';

import { useTranslations } from 'next-intl';
import { useSubmissionKey } from '@/components/ui/submission-key';
import { transferAction } from '@/app/(teller)/teller/case-actions';
import { ActionForm, Field, SelectField, SubmitButton } from '@/components/ui/action-form';

/**
 * A transfer from one of the customer's accounts. The form carries an idempotency key made when it opens (and renewed
 * after each success): a double click, a retry or a second tab submit the case once.
 */
export function TransferForm({ sessionId, accounts }: { sessionId: string; accounts: { id: string; label: string }[] }) {
  const t = useTranslations('cases');
  const [key, renew] = useSubmissionKey();
  return (
    <ActionForm action={transferAction} label={t('transfer')} resetOnSuccess onSuccess={renew} className="grid gap-3 sm:grid-cols-2">
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <SelectField name="fromAccountId" label={t('fromAccount')} defaultValue="" options={[{ value: '', label: t('chooseAccount') }, ...accounts.map((a) => ({ value: a.id, label: a.label }))]} />
      <Field name="amount" label={t('amount')} hint={t('amountHint')} inputMode="decimal" autoComplete="off" maxLength={20} />
      <Field name="toAccountNumber" label={t('toAccount')} hint={t('toAccountHint')} inputMode="numeric" autoComplete="off" maxLength={34} />
      <Field name="payeeName" label={t('payeeName')} hint={t('payeeNameHint')} autoComplete="off" maxLength={50} />
      <div className="sm:col-span-2">
        <Field name="memo" label={t('memo')} autoComplete="off" maxLength={100} />
      </div>
      <div className="sm:col-span-2">
        <SubmitButton>{t('submitTransfer')}</SubmitButton>
      </div>
    </ActionForm>
  );
}
