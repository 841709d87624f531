'use client';

import { useTranslations } from 'next-intl';
import { updateContactAction } from '@/app/(teller)/teller/actions';
import { requestBirthDateChangeAction, requestDocumentChangeAction, requestNameChangeAction } from '@/app/(teller)/teller/case-actions';
import { useSubmissionKey } from '@/components/ui/submission-key';
import { ActionForm, CheckboxField, Field, SelectField, SubmitButton } from '@/components/ui/action-form';
import { DOCUMENT_TYPES } from '@/lib/customers/documents/types';
import { OCCUPATIONS } from '@/lib/customers/profile';

/** One change, folded away until the teller opens it: the console stays short while every change is one click away. */
function Fold({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <details className="rounded-md border border-slate-200 p-3">
      <summary className="cursor-pointer text-sm font-medium text-slate-800">{title}</summary>
      <div className="mt-3">{children}</div>
    </details>
  );
}

/** The session and the form's idempotency key: each identity change is a case, submitted once however often it is sent. */
function CaseHidden({ sessionId, submissionKey }: { sessionId: string; submissionKey: string }) {
  return (
    <>
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="idempotencyKey" value={submissionKey} />
    </>
  );
}

function Reason() {
  const t = useTranslations('teller');
  return <Field name="reason" label={t('fields.changeReason')} autoComplete="off" maxLength={200} />;
}

export function NameChangeForm({ sessionId }: { sessionId: string }) {
  const t = useTranslations('teller');
  const [key, renew] = useSubmissionKey();
  return (
    <Fold title={t('changeName')}>
      <ActionForm action={requestNameChangeAction} onSuccess={renew} label={t('changeName')} resetOnSuccess className="grid gap-3 sm:grid-cols-3">
        <CaseHidden sessionId={sessionId} submissionKey={key} />
        <Field name="newName" label={t('fields.newName')} autoComplete="off" />
        <Field name="newNameConfirm" label={t('fields.newNameConfirm')} autoComplete="off" />
        <Reason />
        <div className="sm:col-span-3">
          <SubmitButton>{t('submitForApproval')}</SubmitButton>
        </div>
      </ActionForm>
    </Fold>
  );
}

export function DocumentChangeForm({ sessionId, enterprise = false }: { sessionId: string; enterprise?: boolean }) {
  const t = useTranslations('teller');
  const [key, renew] = useSubmissionKey();
  // An enterprise renews its licence under the same credit code; an individual may move to any personal document.
  const types = enterprise ? (['credit_code'] as const) : DOCUMENT_TYPES;
  return (
    <Fold title={t('changeDocument')}>
      <ActionForm action={requestDocumentChangeAction} onSuccess={renew} label={t('changeDocument')} resetOnSuccess className="grid gap-3 sm:grid-cols-3">
        <CaseHidden sessionId={sessionId} submissionKey={key} />
        <SelectField name="documentType" label={t('fields.documentType')} defaultValue={types[0]} options={types.map((d) => ({ value: d, label: t(`documentTypes.${d}`) }))} />
        <Field name="newIdNumber" label={t('fields.newIdNumber')} autoComplete="off" maxLength={40} />
        <Field name="newIdNumberConfirm" label={t('fields.newIdNumberConfirm')} autoComplete="off" maxLength={40} />
        <Field name="documentExpiry" label={t('fields.documentExpiry')} type="date" />
        <CheckboxField name="longTerm" label={t('fields.longTerm')} />
        <Reason />
        <div className="sm:col-span-3">
          <SubmitButton>{t('submitForApproval')}</SubmitButton>
        </div>
      </ActionForm>
    </Fold>
  );
}

export function BirthDateChangeForm({ sessionId }: { sessionId: string }) {
  const t = useTranslations('teller');
  const [key, renew] = useSubmissionKey();
  return (
    <Fold title={t('changeBirthDate')}>
      <ActionForm action={requestBirthDateChangeAction} onSuccess={renew} label={t('changeBirthDate')} resetOnSuccess className="grid gap-3 sm:grid-cols-3">
        <CaseHidden sessionId={sessionId} submissionKey={key} />
        <Field name="newBirthDate" label={t('fields.newBirthDate')} type="date" />
        <Reason />
        <div className="sm:col-span-3">
          <SubmitButton>{t('submitForApproval')}</SubmitButton>
        </div>
      </ActionForm>
    </Fold>
  );
}

/** Contact details with the review step: the teller reads the new values back and ticks that the customer confirmed. */
export function ContactUpdateForm({
  sessionId,
  current,
  enterprise = false,
}: {
  sessionId: string;
  current: { addressMasked: string | null; emailMasked: string | null; occupation: string | null };
  enterprise?: boolean;
}) {
  const t = useTranslations('teller');
  return (
    <Fold title={t('changeContact')}>
      <ActionForm action={updateContactAction} label={t('changeContact')} resetOnSuccess className="grid gap-3 sm:grid-cols-3">
        <input type="hidden" name="sessionId" value={sessionId} />
        <p className="text-xs text-slate-600 sm:col-span-3">{t('contactHelp')}</p>
        <div className="sm:col-span-2">
          <Field name="address" label={t('fields.newAddress')} hint={t('currentValue', { value: current.addressMasked ?? t('none') })} autoComplete="off" maxLength={200} />
        </div>
        <Field name="email" label={t('fields.newEmail')} hint={t('currentValue', { value: current.emailMasked ?? t('none') })} type="email" autoComplete="off" maxLength={254} />
        {!enterprise && (
          <SelectField
            name="occupation"
            label={t('fields.occupation')}
            defaultValue=""
            options={[{ value: '', label: current.occupation ? t('keepOccupation', { occupation: t(`occupations.${current.occupation as 'other'}`) }) : t('fields.choose') }, ...OCCUPATIONS.map((o) => ({ value: o, label: t(`occupations.${o}`) }))]}
          />
        )}
        <div className="sm:col-span-3">
          <CheckboxField name="reviewed" label={t('fields.reviewed')} />
        </div>
        <div className="sm:col-span-3">
          <SubmitButton>{t('applyContact')}</SubmitButton>
        </div>
      </ActionForm>
    </Fold>
  );
}
