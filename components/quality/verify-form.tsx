'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { verifyRectificationAction } from '@/app/(quality)/quality/actions';
import { ActionForm, RadioGroup, SubmitButton, TextArea } from '@/components/ui/action-form';
import { useAnnouncedAction } from '@/components/ui/announcer';

/**
 * A QC member verifies the teller's answer to a rectification task, verifies it by re-inspecting the teller's next
 * session, or sends it back with a note (then required).
 */
export function VerifyForm({ rectificationId, subject }: { rectificationId: string; subject: string }) {
  const t = useTranslations('quality');
  const action = useAnnouncedAction(verifyRectificationAction);
  const [outcome, setOutcome] = useState('');
  return (
    <ActionForm action={action} label={t('verifyForm', { subject })} className="space-y-2">
      <input type="hidden" name="rectificationId" value={rectificationId} />
      <div onChange={(e) => (e.target as HTMLInputElement).name === 'outcome' && setOutcome((e.target as HTMLInputElement).value)}>
        <RadioGroup
          name="outcome"
          legend={t('outcomeLegend', { subject })}
          options={(['verified', 'reinspect', 'reopened'] as const).map((value) => ({ value, label: t(`outcomes.${value}`) }))}
        />
      </div>
      <TextArea name="note" label={t('verifyNoteLabel', { subject })} required={outcome === 'reopened'} maxLength={1000} />
      <SubmitButton>{t('verifySubmit')}</SubmitButton>
    </ActionForm>
  );
}
