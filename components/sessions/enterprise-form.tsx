'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { createEnterpriseAction } from '@/app/(teller)/teller/actions';
import { ActionForm, CheckboxField, Field, SelectField, SubmitButton, TextArea } from '@/components/ui/action-form';
import { DOCUMENT_TYPES } from '@/lib/customers/documents/types';
import { INDUSTRIES } from '@/lib/customers/profile';
import { CreateCustomerForm, Section } from './customer-forms';

export function CreateEnterpriseForm({ sessionId }: { sessionId: string }) {
  const t = useTranslations('teller');
  const documentOptions = DOCUMENT_TYPES.map((d) => ({ value: d, label: t(`documentTypes.${d}`) }));
  return (
    <ActionForm action={createEnterpriseAction} label={t('createEnterprise')} className="grid gap-3 sm:grid-cols-3">
      <input type="hidden" name="sessionId" value={sessionId} />
      <Section legend={t('enterprise.registration')}>
        <Field name="name" label={t('enterprise.name')} autoComplete="off" maxLength={100} />
        <Field name="nameConfirm" label={t('enterprise.nameConfirm')} autoComplete="off" maxLength={100} />
        <SelectField name="industry" label={t('enterprise.industry')} defaultValue="" options={[{ value: '', label: t('fields.choose') }, ...INDUSTRIES.map((i) => ({ value: i, label: t(`industries.${i}`) }))]} />
        <Field name="creditCode" label={t('enterprise.creditCode')} hint={t('enterprise.creditCodeHint')} autoComplete="off" maxLength={30} />
        <Field name="creditCodeConfirm" label={t('enterprise.creditCodeConfirm')} autoComplete="off" maxLength={30} />
        <div>
          <Field name="licenceExpiry" label={t('enterprise.licenceExpiry')} type="date" />
          <CheckboxField name="longTerm" label={t('enterprise.longTerm')} />
        </div>
        <div className="sm:col-span-3">
          <TextArea name="businessScope" label={t('enterprise.businessScope')} maxLength={500} />
        </div>
        <div className="sm:col-span-2">
          <Field name="registeredAddress" label={t('enterprise.registeredAddress')} autoComplete="off" maxLength={200} />
        </div>
      </Section>
      <Section legend={t('enterprise.legalRep')}>
        <Field name="legalRepName" label={t('enterprise.legalRepName')} autoComplete="off" />
        <SelectField name="legalRepDocumentType" label={t('enterprise.legalRepDocumentType')} defaultValue="resident_id" options={documentOptions} />
        <Field name="legalRepIdNumber" label={t('enterprise.legalRepIdNumber')} autoComplete="off" maxLength={40} />
      </Section>
      <Section legend={t('intake.contact')}>
        <Field name="mobile" label={t('fields.mobile')} inputMode="numeric" autoComplete="off" maxLength={11} />
        <Field name="mobileConfirm" label={t('fields.mobileConfirm')} inputMode="numeric" autoComplete="off" maxLength={11} />
        <Field name="email" label={t('fields.email')} hint={t('fields.emailHint')} type="email" autoComplete="off" maxLength={254} />
      </Section>
      <Section legend={t('enterprise.agent')}>
        <p className="text-xs text-slate-600 sm:col-span-3">{t('enterprise.agentHelp')}</p>
        <Field name="agentName" label={t('enterprise.agentName')} autoComplete="off" />
        <SelectField name="agentDocumentType" label={t('enterprise.agentDocumentType')} defaultValue="" options={[{ value: '', label: t('fields.choose') }, ...documentOptions]} />
        <Field name="agentIdNumber" label={t('enterprise.agentIdNumber')} autoComplete="off" maxLength={40} />
        <Field name="agentAuthorisedUntil" label={t('enterprise.agentAuthorisedUntil')} type="date" />
      </Section>
      <div className="sm:col-span-3">
        <SubmitButton>{t('createEnterprise')}</SubmitButton>
      </div>
    </ActionForm>
  );
}

/** Intake of an individual or an enterprise: one switch, one form at a time. */
export function IntakeForms({ sessionId, nationalities }: { sessionId: string; nationalities: { value: string; label: string }[] }) {
  const t = useTranslations('teller');
  const [kind, setKind] = useState<'individual' | 'enterprise'>('individual');
  return (
    <div className="space-y-3">
      <div role="group" aria-label={t('customerKind')} className="inline-flex rounded-md border border-slate-300">
        {(['individual', 'enterprise'] as const).map((k) => (
          <button
            key={k}
            type="button"
            aria-pressed={kind === k}
            onClick={() => setKind(k)}
            className={`px-3 py-1.5 text-sm ${kind === k ? 'bg-brand-700 text-white' : 'bg-white text-slate-800 hover:bg-slate-50'}`}
          >
            {t(`customerKinds.${k}`)}
          </button>
        ))}
      </div>
      {kind === 'individual' ? <CreateCustomerForm sessionId={sessionId} nationalities={nationalities} /> : <CreateEnterpriseForm sessionId={sessionId} />}
    </div>
  );
}
