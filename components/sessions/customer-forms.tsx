'use client';

import { useTranslations } from 'next-intl';
import { DOCUMENT_TYPES } from '@/lib/customers/documents/types';
import { OCCUPATIONS } from '@/lib/customers/profile';
import { attachCustomerAction, createCustomerAction, endSessionAction, verifyBasicAction } from '@/app/(teller)/teller/actions';
import { requestMobileChangeAction } from '@/app/(teller)/teller/case-actions';
import { useSubmissionKey } from '@/components/ui/submission-key';
import { ActionForm, CheckboxField, Field, RadioGroup, SelectField, SubmitButton } from '@/components/ui/action-form';
import { GUARDIAN_RELATIONSHIPS, SATISFACTION_CHOICES, SESSION_OUTCOMES } from '@/lib/sessions/constants';
import type { CustomerDto } from '@/db/queries/customers';

export function AttachCustomerButton({ sessionId, customer }: { sessionId: string; customer: CustomerDto }) {
  const t = useTranslations('teller');
  return (
    <ActionForm action={attachCustomerAction} label={t('selectCustomerNamed', { name: customer.name })}>
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="customerId" value={customer.id} />
      <SubmitButton variant="secondary">{t('selectCustomerNamed', { name: customer.name })}</SubmitButton>
    </ActionForm>
  );
}

/** A titled group of intake fields (shared by the individual and enterprise forms). */
export function Section({ legend, children }: { legend: string; children: React.ReactNode }) {
  return (
    <fieldset className="grid gap-3 rounded-md border border-slate-200 p-3 sm:col-span-3 sm:grid-cols-3">
      <legend className="px-1 text-sm font-medium text-slate-700">{legend}</legend>
      {children}
    </fieldset>
  );
}

/** `nationalities`: the options with names in the screen's language, made on the server (one ICU, no hydration drift). */
export function CreateCustomerForm({ sessionId, nationalities }: { sessionId: string; nationalities: { value: string; label: string }[] }) {
  const t = useTranslations('teller');
  return (
    <ActionForm action={createCustomerAction} label={t('createCustomer')} className="grid gap-3 sm:grid-cols-3">
      <input type="hidden" name="sessionId" value={sessionId} />
      <Section legend={t('intake.document')}>
        <SelectField name="documentType" label={t('fields.documentType')} defaultValue="resident_id" options={DOCUMENT_TYPES.map((d) => ({ value: d, label: t(`documentTypes.${d}`) }))} />
        <Field name="idNumber" label={t('fields.idNumber')} hint={t('fields.idNumberHint')} autoComplete="off" maxLength={40} />
        <Field name="idNumberConfirm" label={t('fields.idNumberConfirm')} autoComplete="off" maxLength={40} />
        <Field name="documentExpiry" label={t('fields.documentExpiry')} type="date" />
        <CheckboxField name="longTerm" label={t('fields.longTerm')} />
      </Section>
      <Section legend={t('intake.person')}>
        <Field name="name" label={t('fields.name')} autoComplete="off" />
        <Field name="nameConfirm" label={t('fields.nameConfirm')} autoComplete="off" />
        <SelectField name="nationality" label={t('fields.nationality')} defaultValue="CHN" options={nationalities} />
        <Field name="birthDate" label={t('fields.birthDate')} hint={t('fields.fromDocumentHint')} type="date" />
        <SelectField
          name="gender"
          label={t('fields.gender')}
          defaultValue=""
          options={[{ value: '', label: t('fields.fromDocument') }, { value: 'male', label: t('genders.male') }, { value: 'female', label: t('genders.female') }]}
        />
        <SelectField name="occupation" label={t('fields.occupation')} defaultValue="" options={[{ value: '', label: t('fields.choose') }, ...OCCUPATIONS.map((o) => ({ value: o, label: t(`occupations.${o}`) }))]} />
      </Section>
      <Section legend={t('intake.contact')}>
        <Field name="mobile" label={t('fields.mobile')} inputMode="numeric" autoComplete="off" maxLength={11} />
        <Field name="mobileConfirm" label={t('fields.mobileConfirm')} inputMode="numeric" autoComplete="off" maxLength={11} />
        <Field name="email" label={t('fields.email')} hint={t('fields.emailHint')} type="email" autoComplete="off" maxLength={254} />
        <div className="sm:col-span-2">
          <Field name="address" label={t('fields.address')} autoComplete="off" maxLength={200} />
        </div>
        <SelectField
          name="language"
          label={t('fields.language')}
          defaultValue="zh-CN"
          options={[
            { value: 'zh-CN', label: t('languages.zh-CN') },
            { value: 'en', label: t('languages.en') },
          ]}
        />
      </Section>
      <Section legend={t('guardian.legend')}>
        <p className="text-xs text-slate-600 sm:col-span-3">{t('guardian.help')}</p>
        <Field name="guardianName" label={t('guardian.name')} autoComplete="off" />
        <SelectField
          name="guardianRelationship"
          label={t('guardian.relationship')}
          defaultValue=""
          options={[{ value: '', label: t('guardian.choose') }, ...GUARDIAN_RELATIONSHIPS.map((r) => ({ value: r, label: t(`guardian.relationships.${r}`) }))]}
        />
        <Field name="guardianIdNumber" label={t('guardian.idNumber')} autoComplete="off" maxLength={18} />
      </Section>
      <div className="sm:col-span-3">
        <SubmitButton>{t('createCustomer')}</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function VerifyBasicForm({ sessionId }: { sessionId: string }) {
  const t = useTranslations('teller');
  return (
    <ActionForm action={verifyBasicAction} label={t('verifyBasic')} resetOnSuccess className="grid gap-3 sm:grid-cols-3">
      <input type="hidden" name="sessionId" value={sessionId} />
      <Field name="name" label={t('fields.statedName')} autoComplete="off" />
      <Field name="idNumber" label={t('fields.statedIdNumber')} autoComplete="off" maxLength={18} />
      <Field name="mobile" label={t('fields.statedMobile')} inputMode="numeric" autoComplete="off" maxLength={11} />
      <div className="sm:col-span-3">
        <SubmitButton>{t('verifyBasic')}</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function ChangeMobileForm({ sessionId }: { sessionId: string }) {
  const t = useTranslations('teller');
  const [key, renew] = useSubmissionKey();
  return (
    <ActionForm action={requestMobileChangeAction} label={t('changeMobile')} resetOnSuccess onSuccess={renew} className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="sessionId" value={sessionId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <Field name="newMobile" label={t('fields.newMobile')} inputMode="numeric" autoComplete="off" maxLength={11} />
      <SubmitButton>{t('submitForApproval')}</SubmitButton>
    </ActionForm>
  );
}

export function EndSessionForm({ sessionId }: { sessionId: string }) {
  const t = useTranslations('teller');
  return (
    <ActionForm action={endSessionAction} label={t('endSession')} className="space-y-3">
      <input type="hidden" name="sessionId" value={sessionId} />
      <SelectField
        name="outcome"
        label={t('outcome')}
        defaultValue=""
        options={[{ value: '', label: t('chooseOutcome') }, ...SESSION_OUTCOMES.map((o) => ({ value: o, label: t(`outcomes.${o}`) }))]}
      />
      <RadioGroup
        name="satisfaction"
        legend={t('satisfaction')}
        options={SATISFACTION_CHOICES.map((s) => ({ value: s, label: s === 'declined' ? t('declinedToRate') : t('stars', { n: Number(s) }) }))}
      />
      <SubmitButton variant="danger">{t('endSession')}</SubmitButton>
    </ActionForm>
  );
}
