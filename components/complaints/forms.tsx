'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import {
  assignComplaintAction,
  closeComplaintAction,
  feedbackComplaintAction,
  investigateComplaintAction,
  progressComplaintAction,
  recordComplaintAction,
  reopenComplaintAction,
  resolveComplaintAction,
} from '@/app/(complaints)/complaints/actions';
import { useAnnouncedAction } from '@/components/ui/announcer';
import { ActionForm, CheckboxField, Field, RadioGroup, SelectField, SubmitButton, TextArea } from '@/components/ui/action-form';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_SEVERITIES } from '@/lib/complaints/lifecycle';

type Option = { value: string; label: string };

/**
 * Records a complaint: from a session (the customer and the teller complained about come from it) or on its own (the
 * customer named by document number). A supervisor may assign the handler at once. Opens the complaint once recorded.
 */
export function RecordComplaintForm({ session, staffOptions, caseOptions, canAssign, now }: { session?: { id: string; label: string }; staffOptions: Option[]; caseOptions: Option[]; canAssign: boolean; now: string }) {
  const t = useTranslations('complaints');
  const router = useRouter();
  const none = { value: '', label: t('none') };
  return (
    <ActionForm action={recordComplaintAction} label={t('recordForm')} className="space-y-4" onSuccess={(r) => router.push(`/complaints/${r.id}`)}>
      {session ? (
        <>
          <input type="hidden" name="sessionId" value={session.id} />
          <p className="text-sm text-slate-700">{t('fromSession', { session: session.label })}</p>
        </>
      ) : (
        <Field name="idNumber" label={t('idNumber')} hint={t('idNumberHint')} autoComplete="off" />
      )}
      <div className="grid gap-4 md:grid-cols-3">
        <SelectField name="channel" label={t('channel')} options={COMPLAINT_CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }))} />
        <SelectField name="category" label={t('category')} options={COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))} />
        <Field name="receivedAt" label={t('receivedAt')} type="datetime-local" defaultValue={now} hint={t('receivedAtHint')} />
      </div>
      <RadioGroup name="severity" legend={t('severity')} defaultValue="medium" options={COMPLAINT_SEVERITIES.map((s) => ({ value: s, label: t(`severities.${s}`) }))} />
      <TextArea name="content" label={t('content')} rows={5} maxLength={4000} required />
      <div className="grid gap-4 md:grid-cols-3">
        <SelectField name="subjectStaffId" label={t('subject')} options={[none, ...staffOptions]} defaultValue="" />
        {caseOptions.length > 0 && <SelectField name="caseId" label={t('case')} options={[none, ...caseOptions]} defaultValue="" />}
        <Field name="resolveBy" label={t('resolveByOptional')} type="date" hint={t('resolveByHint')} />
      </div>
      {canAssign && <SelectField name="handlerId" label={t('handlerOptional')} options={[none, ...staffOptions]} defaultValue="" />}
      <SubmitButton>{t('record')}</SubmitButton>
    </ActionForm>
  );
}

const Hidden = ({ id }: { id: string }) => <input type="hidden" name="complaintId" value={id} />;

/** A supervisor assigns (or reassigns) the handler: never the staff member complained about. */
export function AssignForm({ complaintId, refLabel, staffOptions, current }: { complaintId: string; refLabel: string; staffOptions: Option[]; current: string | null }) {
  const t = useTranslations('complaints');
  return (
    <ActionForm action={useAnnouncedAction(assignComplaintAction)} label={t(current ? 'reassignForm' : 'assignForm', { ref: refLabel })} className="flex flex-wrap items-end gap-3">
      <Hidden id={complaintId} />
      <div className="min-w-64">
        <SelectField name="handlerId" label={t('handler')} options={[{ value: '', label: t('choose') }, ...staffOptions]} defaultValue={current ?? ''} />
      </div>
      <SubmitButton>{t(current ? 'reassign' : 'assign')}</SubmitButton>
    </ActionForm>
  );
}

export function InvestigateForm({ complaintId, refLabel }: { complaintId: string; refLabel: string }) {
  const t = useTranslations('complaints');
  return (
    <ActionForm action={useAnnouncedAction(investigateComplaintAction)} label={t('investigateForm', { ref: refLabel })} className="space-y-2">
      <Hidden id={complaintId} />
      <TextArea name="note" label={t('investigateNote')} rows={2} maxLength={1000} />
      <SubmitButton>{t('investigate')}</SubmitButton>
    </ActionForm>
  );
}

export function ProgressForm({ complaintId, refLabel }: { complaintId: string; refLabel: string }) {
  const t = useTranslations('complaints');
  return (
    <ActionForm action={progressComplaintAction} label={t('progressForm', { ref: refLabel })} className="space-y-2" resetOnSuccess>
      <Hidden id={complaintId} />
      <TextArea name="note" label={t('progressNote')} rows={2} maxLength={1000} required />
      <CheckboxField name="tellCustomer" label={t('tellCustomer')} />
      <SubmitButton variant="secondary">{t('addProgress')}</SubmitButton>
    </ActionForm>
  );
}

/** The resolution (处理): root cause and action required, upheld or not, compensation if any. */
export function ResolveForm({ complaintId, refLabel, accountOptions }: { complaintId: string; refLabel: string; accountOptions: Option[] }) {
  const t = useTranslations('complaints');
  return (
    <ActionForm action={useAnnouncedAction(resolveComplaintAction)} label={t('resolveForm', { ref: refLabel })} className="space-y-3">
      <Hidden id={complaintId} />
      <TextArea name="rootCause" label={t('rootCause')} rows={2} maxLength={2000} required />
      <TextArea name="actionTaken" label={t('actionTaken')} rows={2} maxLength={2000} required />
      <RadioGroup name="upheld" legend={t('upheld')} options={[{ value: 'yes', label: t('upheldYes') }, { value: 'no', label: t('upheldNo') }]} />
      {accountOptions.length > 0 ? (
        <div className="grid gap-3 md:grid-cols-2">
          <Field name="compensationYuan" label={t('compensation')} inputMode="decimal" hint={t('compensationHint')} />
          <SelectField name="compensationAccountId" label={t('compensationAccount')} options={[{ value: '', label: t('none') }, ...accountOptions]} defaultValue="" />
        </div>
      ) : (
        <p className="text-sm text-slate-600">{t('noAccounts')}</p>
      )}
      <SubmitButton>{t('resolve')}</SubmitButton>
    </ActionForm>
  );
}

/** The customer's feedback on the handling (反馈), from the follow-up call. */
export function FeedbackForm({ complaintId, refLabel }: { complaintId: string; refLabel: string }) {
  const t = useTranslations('complaints');
  return (
    <ActionForm action={useAnnouncedAction(feedbackComplaintAction)} label={t('feedbackForm', { ref: refLabel })} className="space-y-3">
      <Hidden id={complaintId} />
      <RadioGroup name="satisfaction" legend={t('satisfaction')} options={[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: t(`satisfactionValues.${n}`) }))} />
      <TextArea name="note" label={t('feedbackNote')} rows={2} maxLength={1000} />
      <SubmitButton>{t('recordFeedback')}</SubmitButton>
    </ActionForm>
  );
}

export function CloseForm({ complaintId, refLabel }: { complaintId: string; refLabel: string }) {
  const t = useTranslations('complaints');
  return (
    <ActionForm action={useAnnouncedAction(closeComplaintAction)} label={t('closeForm', { ref: refLabel })}>
      <Hidden id={complaintId} />
      <SubmitButton>{t('close')}</SubmitButton>
    </ActionForm>
  );
}

/** A supervisor reopens: the reason, and a new resolve-by date (today or later). */
export function ReopenForm({ complaintId, refLabel }: { complaintId: string; refLabel: string }) {
  const t = useTranslations('complaints');
  return (
    <ActionForm action={useAnnouncedAction(reopenComplaintAction)} label={t('reopenForm', { ref: refLabel })} className="space-y-2">
      <Hidden id={complaintId} />
      <TextArea name="reason" label={t('reopenReason')} rows={2} maxLength={1000} required />
      <Field name="resolveBy" label={t('newResolveBy')} type="date" />
      <SubmitButton variant="secondary">{t('reopen')}</SubmitButton>
    </ActionForm>
  );
}
