'use client';

import { useTranslations } from 'next-intl';
import { drawPlanAction } from '@/app/(qc)/qc/actions';
import { ActionForm, SubmitButton } from '@/components/ui/action-form';

/** Draws a plan's current period now, instead of waiting for the job after the period ends. */
export function DrawButton({ planId, planName }: { planId: string; planName: string }) {
  const t = useTranslations('qcPlans');
  return (
    <ActionForm action={drawPlanAction} label={t('drawForm', { name: planName })}>
      <input type="hidden" name="planId" value={planId} />
      <SubmitButton variant="secondary">{t('drawNow')}</SubmitButton>
    </ActionForm>
  );
}
