'use client';

import { useTranslations } from 'next-intl';
import { markNoticesReadAction } from '@/app/(notices)/notices/actions';
import { ActionForm, SubmitButton } from '@/components/ui/action-form';

/** Marks every notice of the reader read. */
export function MarkAllRead() {
  const t = useTranslations('staffNotices');
  return (
    <ActionForm action={markNoticesReadAction} label={t('markAllForm')}>
      <input type="hidden" name="scope" value="all" />
      <SubmitButton variant="secondary">{t('markAll')}</SubmitButton>
    </ActionForm>
  );
}
