'use client';

import { useTranslations } from 'next-intl';
import { drawPlanAction } from '@/app/(qc)/qc/actions';
import { ActionForm, SelectField, SubmitButton } from '@/components/ui/action-form';

/**
 * Draws a plan's period now — the current one so far, or what is left of a recent one — instead of waiting for the
 * job after the period ends. Each option says how far its period has been drawn.
 */
export function DrawButton({ planId, planName, periods }: { planId: string; planName: string; periods: { value: string; label: string }[] }) {
  const t = useTranslations('qcPlans');
  return (
    <ActionForm action={drawPlanAction} label={t('drawForm', { name: planName })}>
      <input type="hidden" name="planId" value={planId} />
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-72">
          <SelectField name="period" label={t('drawPeriod')} options={periods} />
        </div>
        <SubmitButton variant="secondary">{t('drawNow')}</SubmitButton>
      </div>
    </ActionForm>
  );
}
