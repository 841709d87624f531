'use client';

import Link from 'next/link';
import { useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import { closeCalibrationAction, createCalibrationAction } from '@/app/(qc)/qc/actions';
import { ActionForm, CheckboxField, Field, SelectField, SubmitButton, translate, useFieldErrors } from '@/components/ui/action-form';
import { EmptyState } from '@/components/ui/card';

export type CalibrationChoice = { id: string; label: string };

/** A fieldset that takes the server's errors for its path: being named, the form counts it as where those errors show. */
function Group({ name, legend, children }: { name: string; legend: string; children: React.ReactNode }) {
  const t = useTranslations();
  const errors = useFieldErrors(name);
  const errorId = `${useId()}-error`;
  return (
    <fieldset name={name} aria-invalid={errors.length > 0} aria-describedby={errors.length ? errorId : undefined} className="rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-sm font-semibold text-slate-800">{legend}</legend>
      {errors.length > 0 && (
        <p id={errorId} className="mb-2 text-sm text-red-700">
          {errors.map((e) => translate(t, e)).join(' ')}
        </p>
      )}
      {children}
    </fieldset>
  );
}

/**
 * Opens a calibration round: its name, the scorecard version it is scored on, the ended sessions and the inspectors
 * (the one creating it checked by default). The server checks that no member took part in a chosen session.
 */
export function CalibrationForm({
  scorecards,
  defaultTemplateId,
  sessions,
  inspectors,
  viewerId,
}: {
  scorecards: CalibrationChoice[];
  defaultTemplateId?: string;
  sessions: CalibrationChoice[];
  inspectors: CalibrationChoice[];
  viewerId: string;
}) {
  const t = useTranslations('calibration');
  const [created, setCreated] = useState<string | null>(null);
  if (scorecards.length === 0) return <EmptyState>{t('noScorecard')}</EmptyState>;
  return (
    <ActionForm action={createCalibrationAction} label={t('newRound')} resetOnSuccess onSuccess={(data) => setCreated(data.id)} className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="name" label={t('nameLabel')} autoComplete="off" maxLength={80} required />
        <SelectField name="templateId" label={t('scorecardLabel')} options={scorecards.map((s) => ({ value: s.id, label: s.label }))} defaultValue={defaultTemplateId} />
      </div>
      <Group name="sessionIds" legend={t('sessionsLegend')}>
        {sessions.length === 0 ? (
          <EmptyState>{t('sessionsEmpty')}</EmptyState>
        ) : (
          // Scrolls on its own; every checkbox in it takes the keyboard focus, so the region is reachable.
          <div className="max-h-72 space-y-1 overflow-y-auto pr-2">
            {sessions.map((s) => (
              <CheckboxField key={s.id} name={`s_${s.id}`} label={s.label} />
            ))}
          </div>
        )}
      </Group>
      <Group name="memberIds" legend={t('membersLegend')}>
        <div className="flex flex-wrap gap-x-6 gap-y-1">
          {inspectors.map((m) => (
            <CheckboxField key={m.id} name={`m_${m.id}`} label={m.label} defaultChecked={m.id === viewerId} />
          ))}
        </div>
      </Group>
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton>{t('create')}</SubmitButton>
        {created && (
          <Link href={`/qc/calibration/${created}`} className="text-sm text-brand-700 underline">
            {t('openCreated')}
          </Link>
        )}
      </div>
    </ActionForm>
  );
}

/** The round's creator closes it: no more scores, and the report opens to every inspector. */
export function CloseRoundButton({ roundId, name }: { roundId: string; name: string }) {
  const t = useTranslations('calibration');
  return (
    <ActionForm action={closeCalibrationAction} label={t('closeForm', { name })}>
      <p className="mb-2 text-sm text-slate-600">{t('closeHelp')}</p>
      <input type="hidden" name="roundId" value={roundId} />
      <SubmitButton variant="secondary">{t('close')}</SubmitButton>
    </ActionForm>
  );
}
