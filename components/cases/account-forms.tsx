'use client';

import { useTranslations } from 'next-intl';
import { useSubmissionKey } from '@/components/ui/submission-key';
import { accountClosureAction, limitChangeAction, openAccountAction, passwordResetAction, payoutAction } from '@/app/(teller)/teller/case-actions';
import { ActionForm, Field, SelectField, SubmitButton } from '@/components/ui/action-form';
import { BRANCHES } from '@/lib/cards/branches';

type Option = { id: string; label: string };


function AccountSelect({ name, label, accounts }: { name: string; label: string; accounts: Option[] }) {
  const t = useTranslations('cases');
  return <SelectField name={name} label={label} defaultValue="" options={[{ value: '', label: t('chooseAccount') }, ...accounts.map((a) => ({ value: a.id, label: a.label }))]} />;
}

/** A business in a disclosure: the console stays short, each form one click away, its heading its name. */
function Business({ title, help, children }: { title: string; help?: string; children: React.ReactNode }) {
  return (
    <details className="rounded-md border border-slate-200 p-3">
      <summary className="cursor-pointer font-medium">{title}</summary>
      {help && <p className="mt-2 text-sm text-slate-600">{help}</p>}
      <div className="mt-3">{children}</div>
    </details>
  );
}

/** The account business of the session: opening, payout booking, limit change, closure. */
export function AccountForms({ sessionId, accounts, fundsReady }: { sessionId: string; accounts: Option[]; fundsReady: boolean }) {
  const t = useTranslations('cases');
  const tc = useTranslations('cards');
  const [key, renew] = useSubmissionKey();
  const common = (
    <>
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="idempotencyKey" value={key} />
    </>
  );
  return (
    <div className="space-y-3">
      <Business title={t('passwordReset')} help={t('passwordResetHelp')}>
        <ActionForm action={passwordResetAction} label={t('passwordReset')} onSuccess={renew}>
          {common}
          <SubmitButton>{t('submitPasswordReset')}</SubmitButton>
        </ActionForm>
      </Business>
      <Business title={t('openAccount')}>
        <ActionForm action={openAccountAction} label={t('openAccount')} onSuccess={renew} className="flex flex-wrap items-end gap-3">
          {common}
          <SelectField
            name="accountKind"
            label={t('accountKind')}
            defaultValue=""
            options={[{ value: '', label: t('chooseAccountKind') }, { value: 'current', label: t('accountKinds.current') }, { value: 'savings', label: t('accountKinds.savings') }]}
          />
          <SubmitButton>{t('submitOpenAccount')}</SubmitButton>
        </ActionForm>
      </Business>
      {fundsReady && (
        <>
          <Business title={t('payout')} help={t('payoutHelp')}>
            <ActionForm action={payoutAction} label={t('payout')} resetOnSuccess onSuccess={renew} className="grid gap-3 sm:grid-cols-2">
              {common}
              <AccountSelect name="fromAccountId" label={t('fromAccount')} accounts={accounts} />
              <Field name="amount" label={t('amount')} hint={t('amountHint')} inputMode="decimal" autoComplete="off" maxLength={20} />
              <SelectField name="branch" label={t('payoutBranch')} defaultValue="" options={[{ value: '', label: tc('chooseBranch') }, ...BRANCHES.map((b) => ({ value: b, label: tc(`branches.${b}`) }))]} />
              <Field name="memo" label={t('memo')} autoComplete="off" maxLength={100} />
              <div className="sm:col-span-2">
                <SubmitButton>{t('submitPayout')}</SubmitButton>
              </div>
            </ActionForm>
          </Business>
          <Business title={t('limitChange')}>
            <ActionForm action={limitChangeAction} label={t('limitChange')} resetOnSuccess onSuccess={renew} className="grid gap-3 sm:grid-cols-2">
              {common}
              <AccountSelect name="accountId" label={tc('account')} accounts={accounts} />
              <Field name="limit" label={t('newLimit')} hint={t('limitHint')} inputMode="decimal" autoComplete="off" maxLength={20} />
              <div className="sm:col-span-2">
                <SubmitButton>{t('submitLimitChange')}</SubmitButton>
              </div>
            </ActionForm>
          </Business>
          <Business title={t('closure')} help={t('closureHelp')}>
            <ActionForm action={accountClosureAction} label={t('closure')} onSuccess={renew} className="flex flex-wrap items-end gap-3">
              {common}
              <AccountSelect name="accountId" label={tc('account')} accounts={accounts} />
              <SubmitButton variant="danger">{t('submitClosure')}</SubmitButton>
            </ActionForm>
          </Business>
        </>
      )}
    </div>
  );
}
