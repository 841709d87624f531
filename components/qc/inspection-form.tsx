'use client';

import { useTranslations } from 'next-intl';
import { submitInspectionAction } from '@/app/(qc)/qc/actions';
import { ActionForm, RadioGroup, SubmitButton, TextArea } from '@/components/ui/action-form';
import { SCORECARD } from '@/lib/qc/scorecard';

export function InspectionForm({ sessionId }: { sessionId: string }) {
  const t = useTranslations('qc');
  return (
    <ActionForm action={submitInspectionAction} label={t('scorecard')} className="space-y-4">
      <input type="hidden" name="sessionId" value={sessionId} />
      {SCORECARD.items.map((item) => (
        <RadioGroup
          key={item.key}
          name={item.key}
          legend={t('itemWithWeight', { item: t(`items.${item.key}`), weight: item.weight })}
          options={[
            { value: 'yes', label: t('met') },
            { value: 'no', label: t('notMet') },
          ]}
        />
      ))}
      <TextArea name="comment" label={t('comment')} />
      <SubmitButton>{t('submit')}</SubmitButton>
    </ActionForm>
  );
}
